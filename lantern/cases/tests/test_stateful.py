"""Hypothesis drives random sequences of enforcement actions through the real services
(with time moving on between steps) and checks, after every step, that no state Lantern
reached breaks a rule: a notice always follows a served warning about the same kind of
conduct whose time has passed and which had not expired, no one under 16 is warned,
penalties stay under the cap and one per breach, no prosecution runs within 14 days of a
fixed penalty or after payment, appeals stay in their window, nothing but a "stop"
requirement is breached while an appeal is in progress, served documents match their
SHA-256."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from lantern.cases import rules as case_rules
from lantern.cases import services
from lantern.cases.models import Breach, Document, EnforcementAction
from lantern.cases.requirements import appeal_in_progress
from lantern.core import clock
from lantern.core.errors import PermissionDenied, RuleRefused, ValidationFailed

REFUSALS = (RuleRefused, ValidationFailed, PermissionDenied)
CONDUCT = st.sampled_from(["gathering", "litter"])
REQUIREMENTS = [
    {"kind": "stop", "text": "Stop gathering in the doorway of number 4", "period_days": None},
    {"kind": "do", "text": "Remove the litter from the front garden", "period_days": 7},
]


@pytest.mark.long
@pytest.mark.django_db
def test_random_enforcement_sequences_never_break_a_rule(officer, supervisor, make_report):
    reached: dict[str, int] = {}

    class Enforcement(RuleBasedStateMachine):
        actions = Bundle("actions")
        breaches = Bundle("breaches")

        @initialize()
        def start(self):
            self.traveller = time_machine.travel(clock.now(), tick=False)
            self.coordinates = self.traveller.start()
            self.case = services.case_open(
                actor=officer, data=services.CaseInput(kind="person", title="Random walk")
            )
            self.report = make_report()
            services.case_link_report(actor=officer, case_id=self.case.pk, report_id=self.report.pk)
            today = clock.now().date()
            self.people = [
                services.person_link(
                    actor=officer,
                    case_id=self.case.pk,
                    role="perpetrator",
                    data=services.PersonInput(family_name=name, date_of_birth=dob),
                ).person
                for name, dob in (
                    ("Adult", date(today.year - 30, 6, 1)),
                    ("Young", date(today.year - 15, 1, 1)),
                )
            ]

        def teardown(self):
            if hasattr(self, "traveller"):
                self.traveller.stop()

        def _try(self, call, **kwargs):
            try:
                result = call(**kwargs)
            except REFUSALS as exc:
                name = getattr(exc, "rule_id", type(exc).__name__)
                reached[name] = reached.get(name, 0) + 1
                return None
            state = getattr(result, "state", "breach")
            key = f"{getattr(result, 'kind', '')}:{state}"
            reached[key] = reached.get(key, 0) + 1
            return result

        def _draft(self, kind, person_index, conduct="gathering", **extra):
            person = self.people[person_index]
            evidence = [{"kind": "report", "id": str(self.report.pk)}]
            return self._try(
                services.action_draft,
                actor=officer,
                case_id=self.case.pk,
                data=services.ActionInput(
                    kind=kind,
                    person_id=person.pk,
                    conduct_category=conduct,
                    conduct="Gathering in a doorway and leaving litter",
                    detrimental_effect="Residents cannot use their front doors",
                    persistent_nature="Every evening for three weeks",
                    unreasonable_because="There is no need to use a private doorway",
                    evidence=evidence,
                    requirements=REQUIREMENTS,
                    **extra,
                ),
            )

        @rule(target=actions, person=st.integers(0, 1), days=st.integers(1, 30), conduct=CONDUCT)
        def draft_warning(self, person, days, conduct):
            return self._draft("cpw", person, conduct, compliance_days=days)

        @rule(target=actions, person=st.integers(0, 1), conduct=CONDUCT)
        def draft_notice(self, person, conduct):
            return self._draft("cpn", person, conduct)

        @rule(target=actions, breach=breaches, amount=st.integers(1, 60_000))
        def draft_penalty(self, breach, amount):
            if breach is None:
                return None
            return self._try(
                services.action_draft,
                actor=officer,
                case_id=self.case.pk,
                data=services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=amount),
            )

        @rule(target=actions, breach=breaches)
        def draft_prosecution(self, breach):
            if breach is None:
                return None
            return self._try(
                services.action_draft,
                actor=officer,
                case_id=self.case.pk,
                data=services.ActionInput(kind="prosecution", breach_id=breach.pk),
            )

        @rule(action=actions)
        def approve(self, action):
            if action is not None:
                self._try(services.action_approve, actor=supervisor, action_id=action.pk)

        @rule(action=actions)
        def serve(self, action):
            if action is not None:
                self._try(services.action_serve, actor=officer, action_id=action.pk, how="hand")

        @rule(target=actions, kind=st.sampled_from(["cpw", "cpn"]), days=st.integers(1, 30))
        def issue(self, kind, days):
            """Draft, approve and serve in one step, so long walks reach the later states."""
            extra = {"compliance_days": days} if kind == "cpw" else {}
            action = self._draft(kind, 0, **extra)
            if action is not None:
                self.approve_and_serve(action)
            return action

        @rule(target=actions, days=st.integers(1, 40))
        def wait_then_issue_notice(self, days):
            """Time passes, then a notice is tried: refused unless a warning's time is up."""
            self.coordinates.shift(timedelta(days=days))
            return self.issue(kind="cpn", days=days)

        @rule(target=actions, days=st.integers(1, 30))
        def warn_wait_then_notice(self, days):
            """A warning served, its time to comply passed, then a notice for the same
            conduct: the staged route, so every walk can reach a served notice."""
            if self.issue(kind="cpw", days=days) is None:
                return None
            self.coordinates.shift(timedelta(days=days + 1))
            return self.issue(kind="cpn", days=days)

        @rule(action=actions)
        def approve_and_serve(self, action):
            if action is not None:
                self._try(services.action_approve, actor=supervisor, action_id=action.pk)
                self._try(services.action_serve, actor=officer, action_id=action.pk, how="post")

        @rule(
            action=actions,
            name=st.sampled_from(["comply", "appeal", "appeal_dismissed", "expire", "withdraw"]),
            days_ago=st.integers(0, 3),
        )
        def transition(self, action, name, days_ago):
            if action is not None:
                actor = supervisor if name == "withdraw" else officer
                on = clock.now().date() - timedelta(days=days_ago)  # an appeal's lodged date
                self._try(
                    services.action_transition, actor=actor, action_id=action.pk, name=name, on=on
                )

        @rule(target=breaches, action=actions, index=st.integers(0, 1))
        def breach(self, action, index):
            if action is None:
                return None
            return self._try(
                services.breach_record,
                actor=officer,
                action_id=action.pk,
                occurred_on=clock.now().date(),
                requirement_index=index,
                details="Seen in the doorway again",
                evidence=[{"kind": "report", "id": str(self.report.pk)}],
            )

        @rule(days=st.integers(1, 20))
        def time_passes(self, days):
            self.coordinates.shift(timedelta(days=days))

        # --- invariants: what no reachable state may break ------------------------------

        def _issued(self, kind):
            return EnforcementAction.objects.filter(
                case=self.case, kind=kind, served_on__isnull=False
            )

        @invariant()
        def notices_follow_a_served_warning_whose_time_passed(self):
            if not hasattr(self, "case"):
                return
            for cpn in self._issued("cpn").select_related("prior_warning"):
                warning = cpn.prior_warning
                assert warning is not None and warning.kind == "cpw"
                assert warning.person_id == cpn.person_id
                assert warning.served_on is not None and warning.comply_by < cpn.served_on
                assert warning.conduct_category == cpn.conduct_category != ""
                assert warning.expires_on is None or cpn.served_on <= warning.expires_on

        @invariant()
        def nobody_under_16_is_warned(self):
            if not hasattr(self, "case"):
                return
            for action in EnforcementAction.objects.filter(
                case=self.case, kind__in=["cpw", "cpn"], approved_at__isnull=False
            ).select_related("person"):
                assert action.person.age_on(action.approved_at.date()) >= 16

        @invariant()
        def penalties_under_the_cap(self):
            if not hasattr(self, "case"):
                return
            for fpn in self._issued("fpn_cpn"):
                assert 0 < fpn.amount_pence <= case_rules.fpn_cap_pence(fpn.served_on)

        @invariant()
        def one_penalty_route_per_breach(self):
            if not hasattr(self, "case"):
                return
            for referral in EnforcementAction.objects.filter(
                case=self.case, kind="prosecution"
            ).select_related("breach"):
                drafted = referral.created_at.date()
                for fpn in EnforcementAction.objects.filter(
                    breach=referral.breach, kind="fpn_cpn", served_on__isnull=False
                ):
                    assert fpn.paid_on is None or fpn.paid_on > drafted
                    assert drafted > fpn.served_on + timedelta(days=14) or (
                        fpn.created_at > referral.created_at
                    )

        @invariant()
        def appeals_only_against_notices_in_time(self):
            if not hasattr(self, "case"):
                return
            for action in EnforcementAction.objects.filter(
                case=self.case, appeal_lodged_on__isnull=False
            ):
                assert action.kind == "cpn"
                assert (
                    action.served_on
                    <= action.appeal_lodged_on
                    <= action.served_on + timedelta(days=20)
                )

        @invariant()
        def one_fixed_penalty_per_breach(self):
            if not hasattr(self, "case"):
                return
            penalties = EnforcementAction.objects.filter(case=self.case, kind="fpn_cpn").exclude(
                state="withdrawn"
            )
            breaches = list(penalties.values_list("breach_id", flat=True))
            assert len(breaches) == len(set(breaches))

        @invariant()
        def only_stop_requirements_are_breached_during_an_appeal(self):
            if not hasattr(self, "case"):
                return
            for breach in Breach.objects.filter(action__case=self.case).select_related("action"):
                action = breach.action
                kind = action.requirements[breach.requirement_index]["kind"]
                if kind != "stop":
                    assert not appeal_in_progress(action, breach.occurred_on)

        @invariant()
        def served_documents_are_frozen(self):
            if not hasattr(self, "case"):
                return
            for action in self._issued("cpw") | self._issued("cpn"):
                documents = Document.objects.filter(action=action)
                assert documents.count() == 1
                document = documents.get()
                assert hashlib.sha256(bytes(document.content)).hexdigest() == document.sha256

    run_state_machine_as_test(
        Enforcement,
        settings=settings(
            max_examples=20,
            derandomize=True,  # the same walk on SQLite and PostgreSQL, never flaky
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
    # The walk reached the states that matter, and the rules refused along the way.
    print(reached)
    assert reached.get("cpn:served", 0) > 0
    assert reached.get("CPN_REQUIRES_PRIOR_WARNING", 0) > 0
