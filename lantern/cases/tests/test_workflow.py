"""The enforcement state machine: the staged route warning -> notice -> breach -> penalty,
refusals by named rules, frozen documents, and an audit event for every transition."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine

from lantern.audit.models import AuditEvent
from lantern.cases import selectors, services
from lantern.cases.models import ActionTransition, Document
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock, rules
from lantern.core.errors import RuleRefused, ValidationFailed

pytestmark = pytest.mark.django_db


def _cpn_input(person, report, **overrides):
    return cpw_input(person, report, kind="cpn", compliance_days=None, **overrides)


def test_staged_route_from_warning_to_fpn_and_prosecution_guard(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    cpw = served(cpw.pk, officer=officer, supervisor=supervisor)
    assert cpw.state == "served"
    assert cpw.comply_by == start.date() + timedelta(days=14)
    assert cpw.expires_on is not None and cpw.expires_on.month == (start.month + 5) % 12 + 1

    # A notice while the warning's time to comply runs is refused by the named rule.
    with pytest.raises(RuleRefused) as refused:
        services.action_draft(
            actor=officer, case_id=case.pk, data=_cpn_input(person, linked_report)
        )
    assert refused.value.rule_id == "CPN_REQUIRES_PRIOR_WARNING"

    with time_machine.travel(start + timedelta(days=15)):
        cpn = services.action_draft(
            actor=officer, case_id=case.pk, data=_cpn_input(person, linked_report)
        )
        assert cpn.prior_warning_id == cpw.pk
        cpn = served(cpn.pk, officer=officer, supervisor=supervisor)
        assert cpn.appeal_ends_on == clock.now().date() + timedelta(days=20)
        document = Document.objects.get(action=cpn)
        assert hashlib.sha256(bytes(document.content)).hexdigest() == document.sha256
        assert bytes(document.content).startswith(b"%PDF")

    with time_machine.travel(start + timedelta(days=20)):
        breach = services.breach_record(
            actor=officer,
            action_id=cpn.pk,
            occurred_on=clock.now().date(),
            requirement_index=0,
            details="Seen knocking on doors at 2am.",
            evidence=[{"kind": "report", "id": str(linked_report.pk)}],
        )
        fpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=10_000),
        )
        fpn = served(fpn.pk, officer=officer, supervisor=supervisor)
        with pytest.raises(RuleRefused) as refused:
            services.action_draft(
                actor=officer,
                case_id=case.pk,
                data=services.ActionInput(kind="prosecution", breach_id=breach.pk),
            )
        assert refused.value.rule_id == "FPN_BLOCKS_PROSECUTION"

    with time_machine.travel(start + timedelta(days=36)):
        referral = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="prosecution", breach_id=breach.pk),
        )
        assert referral.state == "draft"
    assert selectors.action_get(actor=officer, action_id=cpn.pk).state == "breached"


def test_every_transition_is_an_audit_event_and_recorded(
    officer, supervisor, case, person, linked_report
):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    services.action_transition(actor=officer, action_id=cpw.pk, name="comply")
    events = list(
        AuditEvent.objects.filter(object_id=str(cpw.pk), kind="change").values_list(
            "action", flat=True
        )
    )
    assert events == [
        "enforcement.drafted",
        "enforcement.approved",
        "enforcement.served",
        "enforcement.document_frozen",
        "enforcement.complied",
    ]
    assert [t.to_state for t in ActionTransition.objects.filter(action=cpw)] == [
        "approved",
        "served",
        "complied",
    ]


def test_approved_by_another_supervisor_not_the_drafter_nor_an_officer(
    officer, supervisor, case, person, linked_report
):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    with pytest.raises(RuleRefused) as refused:
        services.action_approve(actor=officer, action_id=cpw.pk)
    assert refused.value.rule_id == "APPROVED_BY_ANOTHER_SUPERVISOR"
    own = services.action_draft(
        actor=supervisor, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    with pytest.raises(RuleRefused) as refused:
        services.action_approve(actor=supervisor, action_id=own.pk)
    assert refused.value.rule_id == "APPROVED_BY_ANOTHER_SUPERVISOR"
    assert services.action_approve(actor=supervisor, action_id=cpw.pk).state == "approved"


def test_a_served_action_cannot_be_served_again_and_is_superseded_not_edited(
    officer, supervisor, case, person, linked_report
):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    with pytest.raises(ValidationFailed):
        services.action_serve(actor=officer, action_id=cpw.pk, how="post")
    digest = Document.objects.get(action=cpw).sha256
    new = services.action_supersede(actor=supervisor, action_id=cpw.pk, reason="Wrong street name")
    assert new.state == "draft" and new.supersedes_id == cpw.pk
    old = selectors.action_get(actor=officer, action_id=cpw.pk)
    assert old.state == "withdrawn"
    assert Document.objects.get(action=cpw).sha256 == digest  # the served document is untouched


def test_safeguarding_hooks_run_on_approval_and_service(
    officer, supervisor, case, person, linked_report
):
    seen: list[str] = []

    class _Recorder(rules.Rule):
        """Recording for a test."""

        id = "TEST_CASES_HOOK_RECORDER"
        source = "Test suite"

        def check(self, context) -> bool:
            seen.append(f"{context.step}:{context.action_kind}:{context.person_age}")
            return True

    rules.guards(rules.ENFORCEMENT_APPROVE, rules.ENFORCEMENT_SERVE)(_Recorder)
    try:
        cpw = services.action_draft(
            actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
        )
        served(cpw.pk, officer=officer, supervisor=supervisor)
    finally:
        for hook in (rules.ENFORCEMENT_APPROVE, rules.ENFORCEMENT_SERVE):
            rules._GUARDS[hook].remove(_Recorder)
    # Drafting runs the approval hook too, so the officer learns of a hold at once.
    assert [s.split(":")[0] for s in seen] == ["draft", "approve", "serve"]
    assert all(s.split(":")[1] == "cpw" for s in seen)


def test_a_refusing_hook_stops_drafting_and_approval(
    officer, supervisor, case, person, linked_report
):
    closed = {"draft": False, "approve": True}

    class _No(rules.Rule):
        """A safeguarding lead must review this first."""

        id = "TEST_CASES_HOOK_NO"
        source = "Test suite"

        def check(self, context) -> bool:
            return not closed[context.step]

    rules.guards(rules.ENFORCEMENT_APPROVE)(_No)
    try:
        cpw = services.action_draft(
            actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
        )
        with pytest.raises(RuleRefused) as refused:
            services.action_approve(actor=supervisor, action_id=cpw.pk)
        closed["draft"] = True
        with pytest.raises(RuleRefused) as at_drafting:
            services.action_draft(
                actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
            )
    finally:
        rules._GUARDS[rules.ENFORCEMENT_APPROVE].remove(_No)
    assert refused.value.rule_id == "TEST_CASES_HOOK_NO"
    assert selectors.action_get(actor=officer, action_id=cpw.pk).state == "draft"
    assert at_drafting.value.rule_id == "TEST_CASES_HOOK_NO"
    assert at_drafting.value.fields == {"person": ["A safeguarding lead must review this first."]}


def test_a_breach_needs_evidence(officer, supervisor, case, person, linked_report):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    with pytest.raises(ValidationFailed) as failed:
        services.breach_record(
            actor=officer,
            action_id=cpw.pk,
            occurred_on=clock.now().date(),
            requirement_index=0,
            details="Knocking again",
            evidence=[],
        )
    assert "evidence" in failed.value.errors


def test_due_dates_feed_the_officer_panel(officer, supervisor, case, person, linked_report):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    due = selectors.due_for_officer(actor=officer)
    assert [(d.action.pk, d.what) for d in due] == [(cpw.pk, "Time to comply ends")]


def test_the_due_list_with_a_limit_is_the_soonest_of_the_whole(
    officer, supervisor, case, person, linked_report
):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    for _ in range(3):
        services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, linked_report))
    for actor in (officer, supervisor):
        whole = selectors.due_for_officer(actor=actor)
        assert len(whole) >= 3
        for limit in (1, 2, 3, len(whole) + 1):
            some = selectors.due_for_officer(actor=actor, limit=limit)
            assert [d.on for d in some] == [d.on for d in whole[:limit]]
            assert len(some) == min(limit, len(whole))
