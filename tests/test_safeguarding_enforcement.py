"""Safeguarding and the cases app's enforcement workflow together, through their own
services: a CPW drafted for a woman recorded with indicators of control cannot be approved
or served until a safeguarding lead records a review saying it may proceed. Neither app
imports the other; the gate reaches the workflow through the shared hooks, and safeguarding
learns who leads her case through the shared person directory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import actor_of
from lantern.cases import services as cases
from lantern.cases.tests.conftest import cpw_input
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused
from lantern.reports import services as reports
from lantern.safeguarding import selectors
from lantern.safeguarding import services as safeguarding
from lantern.safeguarding.models import AgeBand, Indicator, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    resident = actor_of(make_user(Role.RESIDENT))
    case = cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Larkspur Row nuisance")
    )
    woman = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(
            given_name="Maren", family_name="Testhollis", date_of_birth=date(1994, 5, 6)
        ),
    ).person
    report = reports.report_create(
        actor=resident,
        data=reports.ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=1),
            description="Shouting on Larkspur Row late at night.",
        ),
    ).report
    cases.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    return officer, supervisor, lead, case, woman, report


def _refused(call, **kwargs) -> RuleRefused:
    with pytest.raises(RuleRefused) as refused:
        call(**kwargs)
    return refused.value


def test_SAFEGUARDING_BEFORE_ENFORCEMENT_stops_a_cpw_until_a_review_lets_it_proceed(world):
    officer, supervisor, lead, case, woman, report = world
    safeguarding.screening_record(
        actor=officer,
        person_id=woman.pk,
        case_id=case.pk,
        observed_at=clock.now() - timedelta(hours=3),
        context="Larkspur Row; a man in a car answered her phone for her",
        indicators=[Indicator.CONTROLLED, Indicator.PHONE_CONTROL],
        age_band=AgeBand.ADULT,
        outcome=Outcome.CONCERN,
    )
    cpw = cases.action_draft(actor=officer, case_id=case.pk, data=cpw_input(woman, report))
    refusal = _refused(cases.action_approve, actor=supervisor, action_id=cpw.pk)
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"
    assert "until a safeguarding lead has recorded a review" in refusal.message

    safeguarding.review_record(
        actor=lead,
        person_id=woman.pk,
        decision="do_not_proceed",
        rationale="A victim of control; a warning would push her away from support.",
        decided_on=clock.now().date(),
    )
    refusal = _refused(cases.action_approve, actor=supervisor, action_id=cpw.pk)
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"

    safeguarding.review_record(
        actor=lead,
        person_id=woman.pk,
        decision="proceed_with_support",
        rationale="Support in place; the warning may go with an outreach appointment.",
        decided_on=clock.now().date(),
    )
    cases.action_approve(actor=supervisor, action_id=cpw.pk)


def test_the_case_lead_sees_her_safeguarding_record_and_other_officers_do_not(world, make_user):
    officer, _supervisor, lead, _case, woman, _report = world
    safeguarding.screening_record(
        actor=lead,
        person_id=woman.pk,
        observed_at=clock.now() - timedelta(hours=3),
        context="Outreach contact",
        indicators=[Indicator.CONTROLLED],
        age_band=AgeBand.ADULT,
        outcome=Outcome.CONCERN,
    )
    other = actor_of(make_user(Role.POLICE_OFFICER))
    assert selectors.may_see_person(lead, woman.pk)
    assert officer.user_id in _leads(officer, woman.pk)  # she opened the case: its lead
    assert selectors.may_see_person(officer, woman.pk)
    assert not selectors.may_see_person(other, woman.pk)


def _leads(actor, person_id):
    from lantern.core import directory

    summary = directory.person(actor, person_id)
    return summary.lead_officer_ids if summary else ()


def test_a_screening_made_on_the_page_is_linked_to_her_case_whose_page_then_says_so(signed_in):
    import re

    from django.urls import reverse
    from django.utils.timezone import localtime

    from lantern.core.errors import ValidationFailed
    from lantern.safeguarding.models import Screening

    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    case = cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Larkspur Row nuisance")
    )
    elsewhere = cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Station car park")
    )
    woman = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(given_name="Maren", family_name="Testhollis"),
    ).person
    url = reverse("safeguarding:screening-new", args=[woman.pk])
    body = client.get(url).content.decode()
    assert "Larkspur Row nuisance" in body and "Station car park" not in body
    assert re.search(rf'value="{case.pk}"[^>]*selected', body), "her one case is chosen"

    form = {
        "observed_on": localtime(clock.now()).date().isoformat(),
        "context": "A man in a car answered her phone for her",
        "indicators": ["controlled", "phone_control"],
        "age_band": "adult",
        "outcome": "concern",
        "case": str(elsewhere.pk),
    }
    response = client.post(url, form)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationFailed) as refused:  # nor through the service (the API)
        safeguarding.screening_record(
            actor=officer,
            person_id=woman.pk,
            observed_at=clock.now(),
            context="x",
            indicators=[],
            age_band="adult",
            outcome="concern",
            case_id=elsewhere.pk,
        )
    assert "case" in refused.value.errors

    form["case"] = str(case.pk)
    assert client.post(url, form).status_code == 302
    assert Screening.objects.get(person_id=woman.pk).case_id == case.pk
    page = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "A safeguarding lead must record a review" in page
