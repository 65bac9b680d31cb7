"""Hypothesis stateful tests of SAFEGUARDING_BEFORE_ENFORCEMENT: any sequence of screenings,
reviews and enforcement attempts (every kind, approve and serve), driven through the shared
enforcement hooks exactly as the cases workflow runs them. Enforcement is never allowed for a
person with an open concern and no review, nor for a child without a review, nor against a
review that says it should not proceed."""

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
from lantern.core import clock, rules
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import RuleRefused
from lantern.safeguarding.models import AgeBand, Outcome, Review
from lantern.safeguarding.tests.factories import review, screen

KINDS = ["cpw", "cpn", "fpn_cpn", "pspo_fpn", "abc", "dispersal", "keeper_letter"]
HOOKS = [rules.ENFORCEMENT_APPROVE, rules.ENFORCEMENT_SERVE]


@dataclass
class Known:
    concern: bool = False  # a concerning screening is on record
    covered: str | None = None  # the decision of the review covering the latest concern
    band: str | None = None  # the latest screening's age band


class GateMachine(RuleBasedStateMachine):
    people = Bundle("people")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[uuid.UUID, Known] = {}
        self.served: list[tuple[uuid.UUID, bool, str | None]] = []

    @initialize()
    def users(self) -> None:
        org = accounts.organisation_create(
            actor=SYSTEM, name=f"Council {uuid.uuid4()}", kind="council"
        )
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
        person = uuid.uuid4()
        self.model[person] = Known()
        return person

    @rule(
        person=people,
        outcome=st.sampled_from(Outcome.values),
        band=st.sampled_from(AgeBand.values),
        by=st.sampled_from([Role.SAFEGUARDING_LEAD, Role.POLICE_OFFICER]),
    )
    def screening(self, person, outcome, band, by) -> None:
        screen(self.actors[by], person, outcome=outcome, age_band=band)
        known = self.model[person]
        known.band = band
        if outcome != Outcome.NO_CONCERN or band == AgeBand.CHILD:
            known.concern = True
            known.covered = None

    @rule(person=people, decision=st.sampled_from(Review.Decision.values))
    def a_review(self, person, decision) -> None:
        review(self.actors[Role.SAFEGUARDING_LEAD], person, decision)
        self.model[person].covered = decision

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
        assert refused_by in (None, "SAFEGUARDING_BEFORE_ENFORCEMENT")
        allowed = refused_by is None
        known = self.model[person]
        child = age < 18 if age is not None else known.band == AgeBand.CHILD
        expected = not (
            (known.concern and known.covered is None)
            or (child and known.covered is None)
            or known.covered == Review.Decision.DO_NOT_PROCEED
        )
        assert allowed is expected, (known, age)
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
