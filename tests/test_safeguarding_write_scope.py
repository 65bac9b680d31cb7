"""Safeguarding writes check what the writer can see (issue 18 item 3). A screening, review,
consent or referral names a person by id; the person is resolved through the cases app's
permission layer (the person directory), so an officer cannot record a concern about
another force's person, and no one can record one about an id that names nobody. Either is a
404 that writes nothing, and above all it does not reopen the other force's safeguarding
gate (SAFEGUARDING_BEFORE_ENFORCEMENT) for that person."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.cases import services as cases
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import NotFound
from lantern.safeguarding import selectors
from lantern.safeguarding import services as safeguarding
from lantern.safeguarding.models import (
    AgeBand,
    Consent,
    Indicator,
    Outcome,
    Referral,
    Review,
    Screening,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    """A person on a case of the police force, reviewed by the safeguarding lead: the gate
    lets enforcement go ahead. An officer of another force, who may not see the case."""
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    stranger = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    case = cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Larkspur Row nuisance")
    )
    person = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(
            given_name="Maren", family_name="Testhollis", date_of_birth=date(1994, 5, 6)
        ),
    ).person
    _screen(officer, person.pk, case_id=case.pk)
    safeguarding.review_record(
        actor=lead,
        person_id=person.pk,
        decision="proceed",
        rationale="Spoken to with the outreach worker; she is safe to be warned.",
        decided_on=clock.now().date(),
    )
    return officer, lead, stranger, case, person


def _screen(actor, person_id, **extra):
    return safeguarding.screening_record(
        actor=actor,
        person_id=person_id,
        observed_at=clock.now() - timedelta(hours=1),
        context="Spoken to on Larkspur Row during a patrol",
        indicators=[Indicator.CONTROLLED, Indicator.PHONE_CONTROL],
        age_band=AgeBand.ADULT,
        outcome=Outcome.POTENTIAL_VICTIM,
        **extra,
    )


def _changes() -> tuple[int, ...]:
    writes = AuditEvent.objects.exclude(kind=AuditEvent.Kind.ACCESS).count()
    rows = (m.objects.count() for m in (Screening, Review, Consent, Referral))
    return (writes, *rows)


def _gate(person_id):
    return selectors.gate_status(person_id=person_id, person_age=None)


def test_an_officer_cannot_screen_another_forces_person_and_reopen_its_gate(world):
    _officer, _lead, stranger, _case, person = world
    assert _gate(person.pk).allows_enforcement
    before = _changes()
    with pytest.raises(NotFound):
        _screen(stranger, person.pk)
    assert _changes() == before
    assert _gate(person.pk).allows_enforcement  # the gate stays as the review left it


@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.SAFEGUARDING_LEAD])
def test_no_one_can_screen_a_person_who_does_not_exist(world, make_user, role):
    actor = actor_of(make_user(role))
    nobody = uuid.uuid4()
    before = _changes()
    with pytest.raises(NotFound):
        _screen(actor, nobody)
    assert _changes() == before
    assert not Screening.objects.filter(person_id=nobody).exists()


def test_a_screening_names_only_a_case_the_screener_may_see(world, make_user):
    officer, _lead, _stranger, _case, person = world
    theirs = cases.case_open(
        actor=actor_of(make_user(Role.POLICE_OFFICER, "other_police")),
        data=cases.CaseInput(kind="person", title="Elsewhere"),
    )
    before = _changes()
    for case_id in (theirs.pk, uuid.uuid4()):
        with pytest.raises(NotFound):
            _screen(officer, person.pk, case_id=case_id)
    assert _changes() == before


def test_the_lead_reviews_consents_and_refers_only_people_who_exist(world):
    _officer, lead, _stranger, _case, _person = world
    nobody = uuid.uuid4()
    before = _changes()
    with pytest.raises(NotFound):
        safeguarding.review_record(
            actor=lead,
            person_id=nobody,
            decision="proceed",
            rationale="Nothing to review",
            decided_on=clock.now().date(),
        )
    with pytest.raises(NotFound):
        safeguarding.consent_record(
            actor=lead,
            person_id=nobody,
            purpose="support_referral",
            given=True,
            explanation="Explained who Lamplight are.",
            explained_at=clock.now() - timedelta(minutes=5),
        )
    with pytest.raises(NotFound):
        safeguarding.referral_send(
            actor=lead,
            data=safeguarding.ReferralInput(
                person_id=nobody,
                kind="adult_social_care",
                reason="At risk",
                override="serious_harm",
                override_rationale="In danger tonight.",
                s42_care_needs=True,
                s42_abuse_or_risk=True,
                s42_unable_to_protect=True,
            ),
        )
    assert _changes() == before


def test_the_lead_still_screens_a_person_on_record_whose_case_she_cannot_see(world):
    """The safeguarding team screens and reviews people whoever's case they are on."""
    _officer, lead, _stranger, _case, person = world
    _screen(lead, person.pk)
    assert not _gate(person.pk).allows_enforcement
