"""Hypothesis stateful tests of SAFEGUARDING_BEFORE_ENFORCEMENT: any sequence of screenings,
reviews, referrals to children's services and enforcement attempts (every kind, approve and
serve), driven through the shared enforcement hooks exactly as the cases workflow runs them.
Enforcement is never allowed for a person with an open concern and no review, nor for a child
without a review, nor against a review that says it should not proceed
(SAFEGUARDING_BEFORE_ENFORCEMENT), nor for a child not referred to children's social care
(CHILDRENS_SERVICES_REFERRAL); a review of a child cannot let enforcement proceed before that
referral either. A child is under 18 by age, or (age not known) seen as under 18 or judged
possibly under 18 at the latest screening: an age "not known" alone is not a child's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.core import clock, directory, rules
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import RuleRefused
from lantern.safeguarding.models import AgeBand, Outcome, Review
from lantern.safeguarding.tests.conftest import People
from lantern.safeguarding.tests.factories import refer_to_childrens_services, review, screen

KINDS = ["cpw", "cpn", "fpn_cpn", "pspo_fpn", "abc", "dispersal", "keeper_letter"]
HOOKS = [rules.ENFORCEMENT_APPROVE, rules.ENFORCEMENT_SERVE]


@dataclass
class Known:
    concern: bool = False  # a concerning screening is on record
    covered: str | None = None  # the decision of the review covering the latest concern
    band: str | None = None  # the latest screening's age band
    may_be_under_18: bool = False  # its s.51 judgement, when the band is "not known"
    referred: bool = False  # a referral to children's social care is on record

    @property
    def screened_child(self) -> bool:
        if self.band == AgeBand.CHILD:
            return True
        return self.band == AgeBand.UNKNOWN and self.may_be_under_18


class GateMachine(RuleBasedStateMachine):
    people = Bundle("people")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[uuid.UUID, Known] = {}
        self.served: list[tuple[uuid.UUID, bool, str | None]] = []
        # People the cases app knows (a fake of its person directory), with no age recorded.
        self.directory, self.lookup_before = People(), directory._person_lookup
        directory.register_person_lookup(self.directory.lookup)

    def teardown(self) -> None:
        directory._person_lookup = self.lookup_before

    @initialize()
    def users(self) -> None:
        org = accounts.organisation_create(
            actor=SYSTEM, name=f"Council {uuid.uuid4()}", kind="council"
        )
        accounts.partnership_create(actor=SYSTEM, name=f"Partnership {uuid.uuid4()}", members=[org])
        self.actors = {}
        for role in (Role.SAFEGUARDING_LEAD, Role.POLICE_OFFICER):
            user = accounts.user_create(
                actor=SYSTEM,
                email=f"{uuid.uuid4()}@example.test",
                display_name="T",
                password=None,
                validate=False,
            )
            accounts.membership_grant(actor=SYSTEM, user=user, organisation=org, role=role)
            self.actors[role] = actor_of(user)

    @rule(target=people)
    def new_person(self) -> uuid.UUID:
        person = self.directory.add(age=None)
        self.model[person] = Known()
        return person

    @rule(
        person=people,
        outcome=st.sampled_from(Outcome.values),
        band=st.sampled_from(AgeBand.values),
        may=st.booleans(),
        by=st.sampled_from([Role.SAFEGUARDING_LEAD, Role.POLICE_OFFICER]),
    )
    def screening(self, person, outcome, band, may, by) -> None:
        screen(self.actors[by], person, outcome=outcome, age_band=band, may_be_under_18=may)
        known = self.model[person]
        known.band, known.may_be_under_18 = band, may and band == AgeBand.UNKNOWN
        if outcome != Outcome.NO_CONCERN or known.screened_child:
            known.concern = True
            known.covered = None

    @rule(person=people, decision=st.sampled_from(Review.Decision.values))
    def a_review(self, person, decision) -> None:
        known = self.model[person]
        proceeds = decision != Review.Decision.DO_NOT_PROCEED
        refused_by = None
        try:
            review(self.actors[Role.SAFEGUARDING_LEAD], person, decision)
        except RuleRefused as refusal:
            refused_by = refusal.rule_id
        needs_referral = known.screened_child and proceeds and not known.referred
        assert refused_by == ("CHILDRENS_SERVICES_REFERRAL" if needs_referral else None), known
        if refused_by is None:
            known.covered = decision

    @rule(person=people)
    def referral(self, person) -> None:
        refer_to_childrens_services(self.actors[Role.SAFEGUARDING_LEAD], person)
        self.model[person].referred = True

    @rule(
        person=people,
        kind=st.sampled_from(KINDS),
        hook=st.sampled_from(HOOKS),
        age=st.one_of(st.none(), st.integers(min_value=10, max_value=80)),
    )
    def enforcement(self, person, kind, hook, age) -> None:
        context = rules.EnforcementStep(
            action_id=uuid.uuid4(),
            action_kind=kind,
            step=hook.split(".")[1],
            person_id=person,
            person_age=age,
            on=clock.now().date(),
        )
        try:
            for guard in rules.guards_for(hook):
                guard().enforce(context)
            refused_by = None
        except RuleRefused as refusal:
            refused_by = refusal.rule_id
        known = self.model[person]
        child = age < 18 if age is not None else known.screened_child
        review_allows = not (
            (known.concern and known.covered is None)
            or (child and known.covered is None)
            or known.covered == Review.Decision.DO_NOT_PROCEED
        )
        if not review_allows:
            expected = "SAFEGUARDING_BEFORE_ENFORCEMENT"
        elif child and not known.referred:
            expected = "CHILDRENS_SERVICES_REFERRAL"
        else:
            expected = None
        assert refused_by == expected, (known, age)
        allowed = refused_by is None
        if allowed:
            self.served.append((person, known.concern, known.covered))

    @invariant()
    def never_served_to_an_open_concern_without_a_review(self) -> None:
        for _person, concern, covered in self.served:
            assert covered is not None or not concern
            assert covered != Review.Decision.DO_NOT_PROCEED


class TestSafeguardingBeforeEnforcementStateful(TestCase):
    def test_SAFEGUARDING_BEFORE_ENFORCEMENT_never_serves_an_open_concern(self) -> None:
        run_state_machine_as_test(
            GateMachine,
            settings=settings(max_examples=40, stateful_step_count=25, deadline=None),
        )
