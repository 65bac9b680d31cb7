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
    assert (
        response.status_code == 200 and "Select one of the options for" in response.content.decode()
    )
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


def test_safeguarding_before_enforcement_gates_a_keeper_letter_to_a_screened_keeper(
    world, make_user
):
    """A keeper letter is addressed to a vehicle's registered keeper. When the keeper is a
    person on the case (recorded with the keeper), the gate applies as to any warning to
    her; when the keeper is a firm or someone not on Lantern's records, no one is screened
    and nothing waits."""
    officer, supervisor, lead, case, woman, _report = world
    sighting = reports.report_create(
        actor=actor_of(make_user(Role.RESIDENT)),
        data=reports.ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=2),
            description="A grey hatchback circled the street three times.",
            address="Larkspur Row, Eastmere",
            vehicles=["AB12 CDE"],
        ),
    ).report
    cases.case_link_report(actor=officer, case_id=case.pk, report_id=sighting.pk)
    vehicle = case.subjects.get(vehicle__registration="AB12CDE").vehicle
    safeguarding.screening_record(
        actor=officer,
        person_id=woman.pk,
        case_id=case.pk,
        observed_at=clock.now() - timedelta(hours=3),
        context="Larkspur Row; a man in a car answered her phone for her",
        indicators=[Indicator.CONTROLLED],
        age_band=AgeBand.ADULT,
        outcome=Outcome.CONCERN,
    )

    def letter():
        return cases.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cases.ActionInput(kind="keeper_letter", vehicle_registration="AB12CDE"),
        )

    # The keeper is a firm: no person, no gate.
    cases.vehicle_set_keeper(
        actor=officer,
        case_id=case.pk,
        vehicle_id=vehicle.pk,
        name="Testfleet Hire Ltd",
        address="Unit 4, Quillon Park, Eastmere EM4 2ZZ",
    )
    to_firm = letter()
    cases.action_approve(actor=supervisor, action_id=to_firm.pk)

    # The keeper is the woman screened on this case: the letter waits for a review.
    cases.vehicle_set_keeper(
        actor=officer,
        case_id=case.pk,
        vehicle_id=vehicle.pk,
        name="Maren Testhollis",
        address="9 Quillon Close, Eastmere EM4 2ZZ",
        person_id=woman.pk,
    )
    to_her = letter()
    refusal = _refused(cases.action_approve, actor=supervisor, action_id=to_her.pk)
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"
    refusal = _refused(cases.action_serve, actor=officer, action_id=to_firm.pk, how="post")
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"  # the keeper now is her
    safeguarding.review_record(
        actor=lead,
        person_id=woman.pk,
        decision="proceed_with_support",
        rationale="The letter goes with an outreach appointment.",
        decided_on=clock.now().date(),
    )
    cases.action_approve(actor=supervisor, action_id=to_her.pk)
    cases.action_serve(actor=officer, action_id=to_her.pk, how="post")


def test_the_age_band_from_the_police_record_is_shown_without_the_case(signed_in, make_user):
    """The lead does not see the person's case, yet sees the band its date of birth implies
    (the cases app's narrow read, logged); never the date of birth itself."""
    from html import unescape

    from django.urls import reverse

    from lantern.audit.models import AuditEvent

    officer = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    case = cases.case_open(actor=officer, data=cases.CaseInput(kind="person", title="Elsewhere"))
    year = clock.now().year
    child = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="victim",
        data=cases.PersonInput(family_name="Testyoung", date_of_birth=date(year - 15, 1, 1)),
    ).person
    client = signed_in(Role.SAFEGUARDING_LEAD)
    page = unescape(client.get(reverse("safeguarding:person", args=[child.pk])).content.decode())
    assert "Testyoung" not in page and f"{year - 15}" not in page
    assert "Age by the police record's date of birth" in page
    assert "Under 18" in page and "The date of birth on the police record" in page
    assert AuditEvent.objects.filter(
        object_type="person", object_id=str(child.pk), details__contains="age_band"
    ).exists()
