"""The rules, one test (per enforcement kind and step) named after each rule."""

from __future__ import annotations

import uuid

import pytest

from lantern.core import clock, rules
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused
from lantern.safeguarding.models import AgeBand, DutyRecord, Outcome, Purpose, Referral
from lantern.safeguarding.rules import SafeguardingBeforeEnforcement
from lantern.safeguarding.tests.factories import (
    consent,
    refer_to_childrens_services,
    review,
    screen,
)

pytestmark = pytest.mark.django_db

# Every kind of enforcement action addressed to a person; a kerb-crawler letter is gated
# when its registered keeper is a person (docs/safeguarding.md).
KINDS = ["cpw", "cpn", "fpn_cpn", "pspo_fpn", "abc", "dispersal", "keeper_letter"]
STEPS = [(rules.ENFORCEMENT_APPROVE, "approve"), (rules.ENFORCEMENT_SERVE, "serve")]
CASES = [(kind, hook, step) for kind in KINDS for hook, step in STEPS]


def _run(hook: str, step: str, kind: str, person_id, age) -> None:
    context = rules.EnforcementStep(
        action_id=uuid.uuid4(),
        action_kind=kind,
        step=step,
        person_id=person_id,
        person_age=age,
        on=clock.now().date(),
    )
    for rule in rules.guards_for(hook):
        rule().enforce(context)


def test_the_gate_guards_both_enforcement_hooks():
    for hook, _ in STEPS:
        assert SafeguardingBeforeEnforcement in rules.guards_for(hook)


@pytest.mark.parametrize(("kind", "hook", "step"), CASES)
def test_SAFEGUARDING_BEFORE_ENFORCEMENT_refuses_an_open_concern(actor, kind, hook, step, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=None)
    _run(hook, step, kind, person, 30)  # nothing recorded: enforcement may go on
    screen(actor(Role.POLICE_OFFICER), person, outcome=Outcome.CONCERN)
    with pytest.raises(RuleRefused) as refused:
        _run(hook, step, kind, person, 30)
    assert refused.value.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"
    assert "safeguarding lead has recorded a review" in refused.value.message
    review(lead, person, "proceed")
    _run(hook, step, kind, person, 30)


@pytest.mark.parametrize(("kind", "hook", "step"), CASES)
def test_SAFEGUARDING_BEFORE_ENFORCEMENT_refuses_under_18_without_review(
    actor, kind, hook, step, people
):
    lead, person = actor(Role.SAFEGUARDING_LEAD), people.add(age=None)
    with pytest.raises(RuleRefused) as refused:
        _run(hook, step, kind, person, 17)
    assert refused.value.rule_id == "SAFEGUARDING_BEFORE_ENFORCEMENT"
    _run(hook, step, kind, person, 18)
    review(lead, person, "proceed_with_support")
    with pytest.raises(RuleRefused) as refused:  # reviewed, but not yet referred
        _run(hook, step, kind, person, 17)
    assert refused.value.rule_id == "CHILDRENS_SERVICES_REFERRAL"
    refer_to_childrens_services(lead, person)
    _run(hook, step, kind, person, 17)


# --- CHILDRENS_SERVICES_REFERRAL ----------------------------------------------------------------


@pytest.mark.parametrize(("kind", "hook", "step"), CASES)
def test_childrens_services_referral_before_enforcement_against_a_child(
    actor, kind, hook, step, people
):
    lead, person = actor(Role.SAFEGUARDING_LEAD), people.add(age=None)
    screen(lead, person, age_band=AgeBand.CHILD)
    with pytest.raises(RuleRefused) as refused:  # the lead is told why, in the refusal
        review(lead, person, "proceed")
    assert refused.value.rule_id == "CHILDRENS_SERVICES_REFERRAL"
    assert "referred to children's social care" in refused.value.message
    review(lead, person, "do_not_proceed")  # deciding not to proceed needs no referral
    refer_to_childrens_services(lead, person)
    review(lead, person, "proceed_with_support")
    _run(hook, step, kind, person, None)
    _run(hook, step, kind, person, 16)


def test_childrens_services_referral_a_child_by_age_alone(actor, people):
    lead, person = actor(Role.SAFEGUARDING_LEAD), people.add(age=None)
    review(lead, person, "proceed")  # no screening and no age known to safeguarding: an adult
    _run(rules.ENFORCEMENT_SERVE, "serve", "cpw", person, 30)
    with pytest.raises(RuleRefused) as refused:  # the cases app knows she is 16
        _run(rules.ENFORCEMENT_SERVE, "serve", "cpw", person, 16)
    assert refused.value.rule_id == "CHILDRENS_SERVICES_REFERRAL"


def test_childrens_services_referral_age_not_known_is_not_a_child_without_grounds(actor, people):
    lead, person, other = actor(Role.SAFEGUARDING_LEAD), people.add(age=None), people.add(age=None)
    screen(lead, person, age_band=AgeBand.UNKNOWN, may_be_under_18=False)
    review(lead, person, "proceed")
    _run(rules.ENFORCEMENT_APPROVE, "approve", "cpw", person, None)
    # With reasonable grounds to believe she may be under 18 (s.51): treated as a child.
    screen(lead, other, age_band=AgeBand.UNKNOWN, may_be_under_18=True)
    with pytest.raises(RuleRefused):
        review(lead, other, "proceed")
    refer_to_childrens_services(lead, other)
    review(lead, other, "proceed")
    _run(rules.ENFORCEMENT_APPROVE, "approve", "cpw", other, None)


def test_childrens_services_referral_rule_refuses_a_review_that_would_let_it_through():
    from lantern.safeguarding.rules import ChildrensServicesReferral, ReviewStep

    rule = ChildrensServicesReferral()
    assert not rule.check(ReviewStep(proceeds=True, child=True, childrens_referral=False))
    assert rule.check(ReviewStep(proceeds=False, child=True, childrens_referral=False))
    assert rule.check(ReviewStep(proceeds=True, child=True, childrens_referral=True))
    assert rule.check(ReviewStep(proceeds=True, child=False, childrens_referral=False))


@pytest.mark.parametrize("kind", KINDS)
def test_SAFEGUARDING_BEFORE_ENFORCEMENT_holds_when_the_review_says_do_not_proceed(
    actor, kind, people
):
    person = people.add(age=None)
    screen(actor(Role.SAFEGUARDING_LEAD), person, outcome=Outcome.POTENTIAL_VICTIM)
    review(actor(Role.SAFEGUARDING_LEAD), person, "do_not_proceed")
    with pytest.raises(RuleRefused):
        _run(rules.ENFORCEMENT_APPROVE, "approve", kind, person, 30)


def test_SAFEGUARDING_BEFORE_ENFORCEMENT_a_new_concern_needs_a_new_review(actor, people):
    lead, person = actor(Role.SAFEGUARDING_LEAD), people.add(age=None)
    screen(lead, person)
    review(lead, person)
    _run(rules.ENFORCEMENT_SERVE, "serve", "cpn", person, 30)
    screen(lead, person, outcome=Outcome.POTENTIAL_VICTIM)
    with pytest.raises(RuleRefused):
        _run(rules.ENFORCEMENT_SERVE, "serve", "cpn", person, 30)


def test_SAFEGUARDING_BEFORE_ENFORCEMENT_no_concern_does_not_block(actor, people):
    person = people.add(age=None)
    screen(actor(Role.PCSO), person, outcome=Outcome.NO_CONCERN)
    _run(rules.ENFORCEMENT_APPROVE, "approve", "cpw", person, 30)


def test_SAFEGUARDING_BEFORE_ENFORCEMENT_uses_the_screened_age_when_age_is_unknown(actor, people):
    person = people.add(age=None)
    screening = screen(actor(Role.PCSO), person, outcome=Outcome.NO_CONCERN, age_band=AgeBand.CHILD)
    assert screening.outcome == Outcome.CONCERN and screening.child_sexual_exploitation
    with pytest.raises(RuleRefused):
        _run(rules.ENFORCEMENT_APPROVE, "approve", "cpw", person, None)


def test_SAFEGUARDING_BEFORE_ENFORCEMENT_keeper_letter_to_a_firm_names_no_person():
    _run(rules.ENFORCEMENT_SERVE, "serve", "keeper_letter", None, None)


# --- NRM_CONSENT ---------------------------------------------------------------------------


def _duty(lead, person, **kwargs):
    from lantern.safeguarding import services

    screening = screen(lead, person, outcome=Outcome.POTENTIAL_VICTIM, **kwargs)
    return services.duty_to_notify(
        actor=lead, screening_id=screening.pk, exploitation_type="sexual"
    )


def test_NRM_CONSENT_adult_who_consents_gets_an_nrm_referral(actor, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=25)
    consent(lead, person, Purpose.NRM)
    outcome = _duty(lead, person)
    assert outcome.route == "nrm" and outcome.record is not None
    assert outcome.record.kind == DutyRecord.Kind.NRM and outcome.record.person_id == person
    assert outcome.record.consent is not None and outcome.childrens_referral is None


def test_NRM_CONSENT_adult_who_declines_gets_an_anonymous_ms1(actor, people):
    from lantern.audit.models import AuditEvent
    from lantern.safeguarding import services
    from lantern.safeguarding.models import Screening

    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=25)
    consent(lead, person, Purpose.NRM, given=False)
    outcome = _duty(lead, person)
    assert outcome.route == "ms1" and outcome.record is None  # queued for the daily batch
    screening = Screening.objects.get(person_id=person)
    assert screening.duty_met_by == "ms1" and screening.duty_met_on == outcome.met_on
    assert services.ms1_batch_write(actor=lead, through=outcome.met_on) == 1
    record = DutyRecord.objects.get()
    assert record.kind == DutyRecord.Kind.MS1
    assert record.person_id is None and record.consent_id is None
    assert record.childrens_referral_id is None and record.recorded_by_id is None
    # Nothing in the row names or points at the person (test_ms1_unlinkable.py: nor any join).
    from django.forms.models import model_to_dict

    assert str(person) not in str(model_to_dict(record))
    event = AuditEvent.objects.get(object_id=str(record.pk), kind="change")
    assert str(person) not in event.details and str(screening.pk) not in event.details


def test_NRM_CONSENT_withdrawn_consent_means_ms1(actor, people):
    from lantern.safeguarding import services

    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=40)
    given = consent(lead, person, Purpose.NRM)
    services.consent_withdraw(actor=lead, consent_id=given.pk)
    assert _duty(lead, person).route == "ms1"


def test_NRM_CONSENT_child_gets_nrm_and_childrens_services_without_consent(actor, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=16)
    outcome = _duty(lead, person, age_band=AgeBand.CHILD)
    assert outcome.record is not None
    assert outcome.record.kind == DutyRecord.Kind.NRM and outcome.record.is_child
    assert outcome.childrens_referral is not None
    assert outcome.childrens_referral.kind == Referral.Kind.CHILDRENS_SOCIAL_CARE
    assert outcome.childrens_referral.override == Referral.Override.CHILD


def test_nrm_consent_age_not_known_is_a_child_only_with_grounds_to_believe_so(actor, people):
    """Modern Slavery Act 2015 s.51: the presumption needs reasonable grounds to believe the
    person may be under 18; an age not known is not, alone, such a ground."""
    lead = actor(Role.SAFEGUARDING_LEAD)
    grounds = _duty(lead, people.add(age=None), age_band=AgeBand.UNKNOWN, may_be_under_18=True)
    assert grounds.route == "nrm" and grounds.childrens_referral is not None
    no_grounds = _duty(lead, people.add(age=None), age_band=AgeBand.UNKNOWN, may_be_under_18=False)
    assert no_grounds.route == "ms1" and no_grounds.childrens_referral is None


def test_NRM_CONSENT_rule_refuses_the_wrong_routes():
    from lantern.safeguarding.rules import DutyStep, NrmConsent

    rule = NrmConsent()
    assert not rule.check(DutyStep("nrm", child=False, nrm_consent=False, identifies_person=True))
    assert not rule.check(DutyStep("ms1", child=True, nrm_consent=False, identifies_person=False))
    assert not rule.check(DutyStep("ms1", child=False, nrm_consent=False, identifies_person=True))
    assert not rule.check(DutyStep("ms1", child=False, nrm_consent=True, identifies_person=False))
    assert rule.check(DutyStep("ms1", child=False, nrm_consent=False, identifies_person=False))
    assert rule.check(DutyStep("nrm", child=True, nrm_consent=False, identifies_person=True))


def test_NRM_CONSENT_the_database_refuses_an_ms1_with_a_person(actor):
    from django.db import IntegrityError, transaction

    lead = actor(Role.SAFEGUARDING_LEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyRecord.objects.create(
            kind="ms1", person_id=uuid.uuid4(), month=clock.now().date().replace(day=1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # nor with who recorded it
        DutyRecord.objects.create(
            kind="ms1", recorded_by_id=lead.user_id, month=clock.now().date().replace(day=1)
        )


# --- REFERRAL_NEEDS_CONSENT -------------------------------------------------------------------


def _refer(lead, person, agency, **kwargs):
    from lantern.safeguarding import services

    return services.referral_send(
        actor=lead,
        data=services.ReferralInput(
            person_id=person,
            kind=Referral.Kind.SUPPORT_AGENCY,
            service=Referral.Service.OUTREACH,
            agency_id=agency.pk,
            reason="Wants help to exit",
            **kwargs,
        ),
    )


def test_REFERRAL_NEEDS_CONSENT_refuses_without_consent_or_override(actor, orgs, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=30)
    with pytest.raises(RuleRefused) as refused:
        _refer(lead, person, orgs["charity"])
    assert refused.value.rule_id == "REFERRAL_NEEDS_CONSENT"
    with pytest.raises(RuleRefused):  # "child" is no override for an adult
        _refer(lead, person, orgs["charity"], override="child")
    with pytest.raises(RuleRefused):  # serious harm needs its reasons recorded
        _refer(lead, person, orgs["charity"], override="serious_harm")
    referral = _refer(
        lead, person, orgs["charity"], override="serious_harm", override_rationale="Threats seen"
    )
    assert referral.override == "serious_harm"


def test_REFERRAL_NEEDS_CONSENT_passes_with_consent_then_refuses_after_withdrawal(
    actor, orgs, people
):
    from lantern.safeguarding import services

    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=30)
    given = consent(lead, person)
    referral = _refer(lead, person, orgs["charity"])
    assert referral.consent == given and referral.override == ""
    services.consent_withdraw(actor=lead, consent_id=given.pk)
    with pytest.raises(RuleRefused):
        _refer(lead, person, orgs["charity"])


def test_REFERRAL_NEEDS_CONSENT_child_override(actor, orgs, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=15)
    assert _refer(lead, person, orgs["charity"], override="child").override == "child"
