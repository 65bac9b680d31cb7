"""Drafting an action tells the officer what is wrong where it is wrong (issue 20): a
refusal is put on the field it concerns, with a message saying what is missing, and the
error summary links to that field. (A person waiting for a safeguarding review, named on the
drafting page: tests/test_safeguarding_enforcement.py, which may use both apps.)"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.cases import services
from lantern.cases.models import EnforcementAction
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting(signed_in, make_report):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    case = services.case_open(actor=officer, data=services.CaseInput(kind="person", title="Doors"))
    report = make_report()
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(family_name="Testperson", estimated_age=30),
    ).person
    return client, officer, case, report, person


def _cpw(who, report, **changes):
    data = {
        "person": str(who.pk),
        "conduct_category": "doorstep",
        "conduct": "Knocking on doors on Larkspur Row after midnight",
        "detrimental_effect": "Residents cannot sleep",
        "persistent_nature": "Three nights in two weeks",
        "unreasonable_because": "No reason to knock at 2am",
        "evidence": [f"report:{report.pk}"],
        "compliance_days": "14",
        "req_0_kind": "stop",
        "req_0_text": "Stop knocking on doors on Larkspur Row",
        "req_1_kind": "none",
        "req_2_kind": "none",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _summary_links(page: str) -> dict[str, str]:
    """The error summary's entries: the field each links to, and its text."""
    summary = page.split('class="govuk-error-summary', 1)[1].split("</ul>", 1)[0]
    return {
        href: unescape(re.sub(r"\s+", " ", text)).strip()
        for href, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary, re.S)
    }


def _post(client, case, kind, data):
    return client.post(f"{reverse('cases:action-new', args=[case.pk])}?kind={kind}", data)


def test_a_warning_without_evidence_points_at_the_evidence_not_at_addressed_to(drafting):
    client, _officer, case, report, person = drafting
    response = _post(client, case, "cpw", _cpw(person, report, evidence=None))
    assert response.status_code == 422
    page = response.content.decode()
    links = _summary_links(page)
    assert list(links) == ["id_evidence"], links
    assert "Choose the evidence for the conduct" in links["id_evidence"]
    assert "CPN_CONDUCT_TEST" in page  # the rule and its source, beside the form
    assert "This field is required" not in page
    assert not EnforcementAction.objects.filter(case=case).exists()


def test_each_missing_part_of_the_conduct_test_is_named_on_its_field(drafting):
    client, _officer, case, report, person = drafting
    response = _post(
        client,
        case,
        "cpw",
        _cpw(person, report, detrimental_effect="", unreasonable_because=""),
    )
    links = _summary_links(response.content.decode())
    assert set(links) == {"id_detrimental_effect", "id_unreasonable_because"}
    assert "detrimental effect" in links["id_detrimental_effect"]
    assert "unreasonable" in links["id_unreasonable_because"]


def test_a_warning_without_a_time_to_comply_or_requirements_points_at_them(drafting):
    client, _officer, case, report, person = drafting
    response = _post(
        client,
        case,
        "cpw",
        _cpw(person, report, compliance_days="", req_0_kind="none", req_0_text=""),
    )
    links = _summary_links(response.content.decode())
    assert set(links) == {"id_compliance_days", "id_req_0_kind"}
    assert "days the warning allows to comply" in links["id_compliance_days"]
    assert "at least one requirement" in links["id_req_0_kind"]


def test_a_requirement_to_do_something_without_a_period_points_at_its_own_row(drafting):
    client, _officer, case, report, person = drafting
    response = _post(
        client,
        case,
        "cpw",
        _cpw(person, report, req_1_kind="none", req_2_kind="do", req_2_text="Attend outreach"),
    )
    links = _summary_links(response.content.decode())
    assert list(links) == ["id_req_2_days"]
    assert "Give the days allowed" in links["id_req_2_days"]


def test_a_half_filled_requirement_row_is_named_not_dropped(drafting):
    client, _officer, case, report, person = drafting
    response = _post(client, case, "cpw", _cpw(person, report, req_1_kind="do", req_1_text=""))
    links = _summary_links(response.content.decode())
    assert links == {"id_req_1_text": "Say what requirement 2 asks"}


def test_input_the_form_cannot_read_gets_a_message_naming_the_field(drafting):
    client, _officer, case, report, person = drafting
    response = _post(
        client,
        case,
        "cpw",
        _cpw(person, report, person="not-a-person", compliance_days="two weeks"),
    )
    page = response.content.decode()
    links = _summary_links(page)
    assert links["id_person"] == "Choose who it is addressed to from the list"
    assert links["id_compliance_days"].startswith("Enter the days given to comply")
    assert "This field is required" not in page and "Select a valid choice" not in page


def test_a_notice_without_a_served_warning_points_at_the_warning(drafting):
    client, _officer, case, report, person = drafting
    data = _cpw(person, report, compliance_days=None)
    response = _post(client, case, "cpn", data)
    links = _summary_links(response.content.decode())
    assert list(links) == ["id_prior_warning"]
    assert "There is no served warning to them" in links["id_prior_warning"]
