"""The cases pages answer, refuse with the rule's message, and keep strangers out."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.cases import services
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db


def test_officer_pages_and_a_refusal_shown_as_the_rules_message(signed_in, make_report):
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
    for url in ("/cases/", f"/cases/{case.pk}/", f"/cases/people/{person.pk}/", "/dashboard/"):
        assert client.get(url).status_code == 200, url
    response = client.post(
        f"/cases/{case.pk}/actions/new/?kind=cpn",
        {
            "person": str(person.pk),
            "conduct_category": "doorstep",
            "conduct": "Knocking on doors",
            "detrimental_effect": "Residents cannot sleep",
            "persistent_nature": "Three nights",
            "unreasonable_because": "No reason to knock at 2am",
            "evidence": [f"report:{report.pk}"],
            "req_0_kind": "stop",
            "req_0_text": "Stop knocking",
            "req_1_kind": "none",
            "req_2_kind": "none",
        },
    )
    assert response.status_code == 422
    assert b"needs an earlier written warning" in response.content
    assert b"CPN_REQUIRES_PRIOR_WARNING" in response.content


def test_another_force_gets_404(signed_in, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    case = services.case_open(actor=officer, data=services.CaseInput(kind="place", title="Row"))
    client = signed_in(Role.POLICE_OFFICER, "other_police")
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_residents_see_the_review_page_not_cases(signed_in):
    client = signed_in(Role.RESIDENT)
    assert client.get("/cases/review/").status_code == 200
    assert client.get("/cases/").status_code == 403


def test_a_new_persons_role_is_chosen_not_assumed(signed_in):
    from lantern.cases.models import CaseSubject

    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    case = services.case_open(actor=officer, data=services.CaseInput(kind="person", title="Doors"))
    url = f"/cases/{case.pk}/people/new/"
    page = client.get(url).content.decode()
    select = page[page.index('<select class="govuk-select" id="id_role"') :]
    select = select[: select.index("</select>")]
    assert '<option value="">Choose their role</option>' in select
    assert "selected" not in select  # the browser shows the first: no role is assumed
    response = client.post(url, {"family_name": "Testperson"})
    assert response.status_code == 422
    assert "Choose their role in the case" in response.content.decode()
    assert not CaseSubject.objects.filter(case=case).exists()
    response = client.post(url, {"role": "witness", "family_name": "Testperson"})
    assert response.status_code == 302
    assert CaseSubject.objects.get(case=case).role == "witness"
