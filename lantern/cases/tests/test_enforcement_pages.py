"""The enforcement pages against the law and GOV.UK patterns (issue 20): only a notice offers
an appeal (ASBCPA 2014 s.46), the supervisor sees what they approve, and serving has a
check-answers page whose button is the only write."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.cases import services
from lantern.cases.models import Document, EnforcementAction
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(signed_in, make_user, make_report):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    case = services.case_open(actor=officer, data=services.CaseInput(kind="person", title="Doors"))
    report = make_report()
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(given_name="Corin", family_name="Testwright", estimated_age=30),
    ).person
    return client, officer, supervisor, case, report, person


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def test_appeal_only_against_a_notice_a_warning_offers_none_and_refuses_one(office):
    client, officer, supervisor, case, report, person = office
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(cpw.pk, officer=officer, supervisor=supervisor)
    url = reverse("cases:action", args=[cpw.pk])
    page = _page(client, url)
    assert "Record an appeal" not in page and 'value="appeal"' not in page
    assert "Appeal window ends" not in page
    assert "section 46 gives an appeal against a notice, not a warning" in page

    response = client.post(
        reverse("cases:action-step", args=[cpw.pk]),
        {"name": "appeal", "lodged_on": clock.now().date().isoformat()},
    )
    assert response.status_code == 422
    page = unescape(response.content.decode())
    assert "APPEAL_ONLY_AGAINST_A_NOTICE" in page and "ASBCPA 2014 s.46(1)-(2)" in page
    assert "Section 46 gives no appeal against a Community Protection Warning" in page
    # Whatever the date (none, here), the answer is the rule's.
    response = client.post(reverse("cases:action-step", args=[cpw.pk]), {"name": "appeal"})
    assert b"APPEAL_ONLY_AGAINST_A_NOTICE" in response.content
    assert EnforcementAction.objects.get(pk=cpw.pk).state == "served"
    with pytest.raises(RuleRefused) as refused:
        services.action_transition(
            actor=officer, action_id=cpw.pk, name="appeal", on=clock.now().date()
        )
    assert refused.value.rule_id == "APPEAL_ONLY_AGAINST_A_NOTICE"


def test_a_served_notice_offers_record_an_appeal(office):
    client, officer, supervisor, case, report, person = office
    start = clock.now()
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(cpw.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=15)):
        cpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, report, kind="cpn", compliance_days=None),
        )
        served(cpn.pk, officer=officer, supervisor=supervisor)
    page = _page(client, reverse("cases:action", args=[cpn.pk]))  # back in the session's day
    assert "Record an appeal" in page and "Date the appeal was lodged" in page
    assert "Appeal window ends" in page


def test_the_supervisor_sees_the_conduct_and_evidence_being_approved(office, signed_in):
    _client, officer, _supervisor, case, report, person = office
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    boss = signed_in(Role.SUPERVISOR)
    for url in (
        reverse("cases:action", args=[cpw.pk]),
        reverse("cases:action-preview", args=[cpw.pk]),
    ):
        page = _page(boss, url)
        assert "What is being approved" in page
        assert "Corin Testwright" in page
        assert "Shouting and banging on doors on Larkspur Row late at night." in page
        assert "Residents cannot sleep and feel unsafe in their homes." in page
        assert "Reported on three nights in the last month." in page
        assert "There is no reason to bang on strangers' doors at night." in page
        assert report.reference in page  # the evidence, by its reference
        assert "Stop knocking on doors on Larkspur Row" in page  # the requirements
        assert 'value="approve"' in page


def test_serving_has_a_check_answers_page_and_only_its_button_writes(office):
    client, officer, supervisor, case, report, person = office
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    services.action_approve(actor=supervisor, action_id=cpw.pk)
    page = _page(client, reverse("cases:action", args=[cpw.pk]))
    check_url = reverse("cases:action-serve", args=[cpw.pk])
    assert f'action="{check_url}"' in page and 'method="get"' in page
    before = AuditEvent.objects.count()

    today = clock.now().date()
    page = _page(client, f"{check_url}?how=hand&served_on={today.isoformat()}")
    assert "Check before you issue the warning" in page
    assert "Handed to the person" in page and f"{today:%-d %B %Y}" in page
    assert "Corin Testwright" in page and "Shouting and banging on doors" in page
    change = f"{check_url}?how=hand&amp;served_on={today.isoformat()}&amp;change=1"
    assert page.count("Change") >= 2 and change.replace("&amp;", "&") in page
    assert 'name="name" value="serve"' in page and "Issue the warning" in page
    # Looking at the answers writes nothing (access events aside, none is an enforcement one).
    assert EnforcementAction.objects.get(pk=cpw.pk).state == "approved"
    assert not AuditEvent.objects.filter(action="enforcement.served").exists()
    assert not Document.objects.filter(action=cpw).exists()
    assert AuditEvent.objects.count() >= before

    # "Change" brings back the question with the answers given.
    page = _page(client, f"{check_url}?how=post&served_on={today.isoformat()}&change=1")
    assert "How and when it was served" in page
    assert 'value="post" selected' in page

    # An answer the page cannot read is named on its field, and nothing is written.
    response = client.get(f"{check_url}?how=hand&served_on=yesterday-ish")
    assert response.status_code == 422
    assert b'href="#id_served_on"' in response.content

    response = client.post(
        reverse("cases:action-step", args=[cpw.pk]),
        {"name": "serve", "how": "hand", "served_on": today.isoformat()},
    )
    assert response.status_code == 302
    assert EnforcementAction.objects.get(pk=cpw.pk).state == "served"
    assert Document.objects.filter(action=cpw).count() == 1


def test_the_check_page_names_the_step_for_a_notice_and_a_keeper_letter():
    from lantern.cases.models import ActionKind
    from lantern.cases.views.serve import serve_words

    assert serve_words(EnforcementAction(kind=ActionKind.CPN))[1] == "Serve the notice"
    assert serve_words(EnforcementAction(kind=ActionKind.KEEPER_LETTER))[1] == (
        "Send the keeper letter"
    )


def test_the_check_page_is_not_offered_before_approval(office):
    client, officer, _supervisor, case, report, person = office
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    response = client.get(f"{reverse('cases:action-serve', args=[cpw.pk])}?how=hand")
    assert response.status_code == 302
    assert EnforcementAction.objects.get(pk=cpw.pk).state == "draft"


def tasks_of(page: str) -> dict[str, str]:
    """The task list's tasks: title and status, as text."""
    import re

    listing = page.split('class="govuk-task-list"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li.*?</li>", listing, re.S)
    found = {}
    for item in items:
        text = [t.strip() for t in re.sub(r"<[^>]+>", "\n", item).split("\n") if t.strip()]
        found[text[0]] = text[-1]
    return found


def test_the_case_page_has_a_task_list_with_each_steps_status(office):
    client, officer, supervisor, case, report, person = office
    url = reverse("cases:case", args=[case.pk])
    page = _page(client, url)
    tasks = tasks_of(page)
    assert tasks == {
        "People, vehicles and organisations": "Completed",
        "Reports and evidence": "Completed",
        "Safeguarding check": "Completed",
        "Community Protection Warning": "Not yet started",
        "Community Protection Notice": "Cannot start yet",
    }, tasks
    assert f"{reverse('cases:action-new', args=[case.pk])}?kind=cpw" in page

    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    tasks = tasks_of(_page(client, url))
    assert tasks["Community Protection Warning"] == "Waiting for approval"
    served(cpw.pk, officer=officer, supervisor=supervisor)
    page = _page(client, url)
    tasks = tasks_of(page)
    assert tasks["Community Protection Warning"].startswith("Served (served ")
    assert tasks["Community Protection Notice"] == "Not yet started"
    assert reverse("cases:action", args=[cpw.pk]) in page


def test_a_case_with_no_one_linked_cannot_start_enforcement(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    case = services.case_open(
        actor=actor_of(client.user), data=services.CaseInput(kind="person", title="New")
    )
    tasks = tasks_of(_page(client, reverse("cases:case", args=[case.pk])))
    assert tasks["People, vehicles and organisations"] == "Not yet started"
    assert tasks["Safeguarding check"] == "Cannot start yet"
    assert tasks["Community Protection Warning"] == "Cannot start yet"
