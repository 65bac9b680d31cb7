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
    """The gate refuses the draft itself (issue 20: the officer learns it when drafting, not
    when the supervisor's approval fails), on the field that chose her; approval checks it
    again, so a concern recorded after drafting stops the approval."""
    officer, supervisor, lead, case, woman, report = world

    def concern() -> None:
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

    concern()
    refusal = _refused(
        cases.action_draft, actor=officer, case_id=case.pk, data=cpw_input(woman, report)
    )
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"
    assert "until a safeguarding lead has recorded a review" in refusal.message
    assert list(refusal.fields) == ["person"]

    safeguarding.review_record(
        actor=lead,
        person_id=woman.pk,
        decision="do_not_proceed",
        rationale="A victim of control; a warning would push her away from support.",
        decided_on=clock.now().date(),
    )
    refusal = _refused(
        cases.action_draft, actor=officer, case_id=case.pk, data=cpw_input(woman, report)
    )
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"

    safeguarding.review_record(
        actor=lead,
        person_id=woman.pk,
        decision="proceed_with_support",
        rationale="Support in place; the warning may go with an outreach appointment.",
        decided_on=clock.now().date(),
    )
    cpw = cases.action_draft(actor=officer, case_id=case.pk, data=cpw_input(woman, report))
    concern()  # a new concern after drafting, with no review since
    refusal = _refused(cases.action_approve, actor=supervisor, action_id=cpw.pk)
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"


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
    refusal = _refused(letter)
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"
    assert list(refusal.fields) == ["vehicle_registration"]  # the field that chose her
    refusal = _refused(cases.action_serve, actor=officer, action_id=to_firm.pk, how="post")
    assert refusal.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"  # the keeper now is her
    safeguarding.review_record(
        actor=lead,
        person_id=woman.pk,
        decision="proceed_with_support",
        rationale="The letter goes with an outreach appointment.",
        decided_on=clock.now().date(),
    )
    to_her = letter()
    cases.action_approve(actor=supervisor, action_id=to_her.pk)
    cases.action_serve(actor=officer, action_id=to_her.pk, how="post")


def test_the_age_band_from_the_police_record_is_shown_without_the_case(signed_in, make_user):
    """The lead does not see the person's case, yet sees the band its date of birth implies
    (the cases app's narrow read, logged); never the date of birth itself. She sees the
    person's name, as she does for every person of her partnership (issue 20; the name read
    logged too: tests/test_safeguarding_identity.py)."""
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
    assert "Testyoung" in page and f"{year - 15}" not in page
    assert "Age by the police record's date of birth" in page
    assert "Under 18" in page and "The date of birth on the police record" in page
    assert AuditEvent.objects.filter(
        object_type="person", object_id=str(child.pk), details__contains="age_band"
    ).exists()


def _drafting_page_world(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    case = cases.case_open(actor=officer, data=cases.CaseInput(kind="person", title="Doors"))
    person = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(given_name="Corin", family_name="Testwright", estimated_age=30),
    ).person
    return client, officer, case, person


def _concern(officer, case, person) -> None:
    safeguarding.screening_record(
        actor=officer,
        person_id=person.pk,
        case_id=case.pk,
        observed_at=clock.now() - timedelta(hours=2),
        context="Larkspur Row",
        indicators=[Indicator.CONTROLLED],
        age_band=AgeBand.ADULT,
        outcome=Outcome.CONCERN,
    )


def test_safeguarding_before_enforcement_is_named_on_the_drafting_page_before_anything_is_typed(
    signed_in, world, make_user
):
    """Issue 20: the officer learns of the hold when drafting, up front, and saving is
    refused on "Addressed to"; once a review lets it proceed, the draft goes for approval."""
    from html import unescape

    from django.urls import reverse

    from lantern.cases.models import EnforcementAction

    client, officer, case, person = _drafting_page_world(signed_in)
    _officer, _supervisor, lead, _case, _woman, _report = world
    report = reports.report_create(
        actor=actor_of(make_user(Role.RESIDENT)),
        data=reports.ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=1),
            description="Knocking on doors at night.",
        ),
    ).report
    cases.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    url = f"{reverse('cases:action-new', args=[case.pk])}?kind=cpw"
    assert "Waiting for a safeguarding review" not in client.get(url).content.decode()
    _concern(officer, case, person)
    page = unescape(client.get(url).content.decode())
    assert "Waiting for a safeguarding review" in page
    assert reverse("cases:person", args=[person.pk]) in page
    assert "SAFEGUARDING_BEFORE_ENFORCEMENT" in page

    data = {
        "person": str(person.pk),
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
    response = client.post(url, data)
    assert response.status_code == 422
    body = unescape(response.content.decode())
    summary = body.split('class="govuk-error-summary', 1)[1].split("</ul>", 1)[0]
    assert 'href="#id_person"' in summary
    assert "until a safeguarding lead has recorded a review" in summary
    assert not EnforcementAction.objects.filter(case=case).exists()

    safeguarding.review_record(
        actor=lead,
        person_id=person.pk,
        decision="proceed_with_support",
        rationale="Support in place.",
        decided_on=clock.now().date(),
    )
    assert "Waiting for a safeguarding review" not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302


def test_the_case_task_list_shows_who_waits_for_a_safeguarding_review(signed_in):
    from html import unescape

    from django.urls import reverse

    from lantern.cases.tests.test_enforcement_pages import tasks_of

    client, officer, case, person = _drafting_page_world(signed_in)
    url = reverse("cases:case", args=[case.pk])
    assert tasks_of(unescape(client.get(url).content.decode()))["Safeguarding check"] == (
        "Completed"
    )
    _concern(officer, case, person)
    page = unescape(client.get(url).content.decode())
    assert tasks_of(page)["Safeguarding check"] == "Waiting for a review"
    assert "A safeguarding lead must review: Corin Testwright" in page
