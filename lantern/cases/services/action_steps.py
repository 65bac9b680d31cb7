"""An enforcement action's steps after drafting, each a transition of the table in
lantern/cases/workflow.py: approval, service (which freezes the document), compliance,
breach, appeal, expiry, withdrawal, and superseding a served action by a corrected draft."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.cases import rules as r
from lantern.cases import workflow
from lantern.cases.models import (
    ActionKind,
    ActionState,
    ActionTransition,
    Breach,
    Document,
    EnforcementAction,
    ServedHow,
)
from lantern.cases.month_counts import action_counted
from lantern.cases.selectors.actions import action_list
from lantern.cases.services.action_drafts import clean_evidence
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

K = ActionKind
S = ActionState


def _action_for_update(actor: Actor, action_id: uuid.UUID) -> EnforcementAction:
    action = action_list(actor=actor).select_for_update(of=("self",)).filter(pk=action_id).first()
    if action is None:
        raise NotFound("action")
    return action


def _open_transition(
    actor: Actor, action: EnforcementAction, name: str, on: date | None = None
) -> workflow.Transition:
    """The transition ``name`` if it is open to the action and the actor may take it. Where
    a rule says who may (the transition's ``authorised_by``), someone the permission stops is
    refused by that rule, by name."""
    transition = workflow.find(action, name)
    if not can(actor, transition.permission, action):
        if transition.authorised_by is not None:
            day = on or clock.now().date()
            workflow.guard(action, actor, name, day, (transition.authorised_by,))
        raise PermissionDenied(str(transition.permission))
    return transition


def _record(
    actor: Actor,
    action: EnforcementAction,
    transition: workflow.Transition,
    on: date,
    note: str = "",
) -> None:
    """Move the action to the transition's target: save it, keep the step and record the
    transition's audit event."""
    previous = action.state
    action.state = transition.target
    action.save()
    ActionTransition.objects.create(
        action=action,
        name=transition.name,
        from_state=previous,
        to_state=transition.target,
        by_id=actor.user_id,
        on=on,
        note=note,
    )
    audit_record(
        actor=actor,
        action=transition.event,
        object_type="enforcement_action",
        object_id=action.pk,
        details={
            "kind": action.kind,
            "from": previous,
            "to": transition.target,
            "case": str(action.case_id),
            "on": on.isoformat(),
        },
    )


def action_approve(*, actor: Actor, action_id: uuid.UUID) -> EnforcementAction:
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        transition = _open_transition(actor, action, "approve")
        today = clock.now().date()
        workflow.guard(action, actor, "approve", today, transition.guards, transition.hook)
        action.approved_by_id, action.approved_at = actor.user_id, clock.now()
        _record(actor, action, transition, today)
    return action


def action_serve(
    *, actor: Actor, action_id: uuid.UUID, how: str, served_on: date | None = None
) -> EnforcementAction:
    """Record that the action was served (how, when, by the actor), fix its dates, and
    freeze its document."""
    if how not in ServedHow.values:
        raise ValidationFailed({"how": ["Choose how it was served"]})
    today = clock.now().date()
    on = served_on or today
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        transition = _open_transition(actor, action, "serve", on)
        approved_on = action.approved_at.date() if action.approved_at else today
        if not approved_on <= on <= today:
            raise ValidationFailed(
                {"served_on": ["The date served must be between approval and today"]}
            )
        # The officer serving it is its issuer from now: the guards check the document as
        # it will be printed, from their organisation (a keeper letter: with its keeper).
        action.served_by_id = actor.user_id
        workflow.guard(action, actor, "serve", on, transition.guards, transition.hook)
        action.served_at = clock.now()
        action.served_on, action.served_how = on, how
        _set_service_dates(action, on)
        _record(actor, action, transition, on)
        _freeze(actor, action, on)
        # The partnership's figures read the steps served by month from the count kept here,
        # last: the count's row is shared by the partnership's steps of the month and kind,
        # so it is held for the end of the transaction only, not while the document renders.
        action_counted(action, action.case.partnership_id)
    return action


def _set_service_dates(action: EnforcementAction, on: date) -> None:
    """The dates that follow from the day it was served: the time to comply or pay, the end
    of the appeal window, and when it expires."""
    if action.kind == K.CPW:
        action.comply_by = on + timedelta(days=action.compliance_days or 0)
    elif action.kind == K.CPN:
        periods = [q["period_days"] for q in action.requirements if q.get("period_days")]
        action.comply_by = on + timedelta(days=max(periods)) if periods else None
        action.appeal_ends_on = on + timedelta(days=20)
    elif action.kind in r.PENALTY_NOTICES:
        action.comply_by = on + timedelta(days=14)
    elif action.kind == K.DISPERSAL:
        action.expires_on = on + timedelta(days=2)
    # How long a warning or notice lasts is the local authority's policy (lantern/cases/policy.py).
    months = r.policy_for_action(action).months_for(action.kind)
    if months:
        action.expires_on = r.add_months(on, months)


def _freeze(actor: Actor, action: EnforcementAction, on: date) -> Document:
    # Imported here, not at the top: documents loads reportlab (and Pillow), which every web
    # process would otherwise hold in memory for the few requests that make a PDF.
    from lantern.cases import documents

    content = documents.render(action, served_on=on)
    document = Document.objects.create(
        action=action,
        title=documents.title_of(action),
        content=content,
        sha256=documents.sha256(content),
        size=len(content),
    )
    audit_record(
        actor=actor,
        action=workflow.DOCUMENT_FROZEN,
        object_type="enforcement_action",
        object_id=action.pk,
        details={"document": str(document.pk), "sha256": document.sha256, "bytes": document.size},
    )
    return document


def action_transition(
    *, actor: Actor, action_id: uuid.UUID, name: str, note: str = "", on: date | None = None
) -> EnforcementAction:
    """Run a simple transition (comply, appeal, appeal_dismissed, expire, withdraw) on the
    day ``on`` (default today). An appeal needs the day it was lodged with the court, which
    the officer enters: APPEAL_WINDOW compares that day, not the day it is recorded."""
    if name in ("approve", "serve", "breach"):
        raise ValidationFailed({"transition": [f"Use the {name} step"]})
    today = clock.now().date()
    day = on or today
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        # First whether the step is open at all (a warning has no appeal), then its date.
        transition = _open_transition(actor, action, name)
        if name == "appeal" and on is None:
            raise ValidationFailed({"on": ["Enter the date the appeal was lodged"]})
        if day > today:
            what = (
                "The appeal cannot have been lodged" if name == "appeal" else "The date cannot be"
            )
            raise ValidationFailed({"on": [f"{what} in the future"]})
        if action.served_on and day < action.served_on:
            raise ValidationFailed({"on": ["The date must be on or after the day it was served"]})
        workflow.guard(action, actor, name, day, transition.guards, transition.hook)
        if name == "appeal":
            action.appeal_lodged_on = day
        if name == "comply" and action.kind in r.PENALTY_NOTICES:
            action.paid_on = day
        if name == "withdraw":
            action.closed_reason = note.strip()
        _record(actor, action, transition, day, note.strip())
    return action


def breach_record(
    *,
    actor: Actor,
    action_id: uuid.UUID,
    occurred_on: date,
    requirement_index: int,
    details: str,
    evidence: list[dict[str, str]],
) -> Breach:
    """Record a breach of a warning, notice or agreement, against its evidence."""
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        if action.kind not in workflow.BREACHABLE or action.state not in workflow.LIVE:
            raise ValidationFailed(
                {"action": ["Only a served warning, notice or agreement can be breached"]}
            )
        if not can(actor, Permission.ENFORCEMENT_SERVE, action):
            raise PermissionDenied("enforcement.serve")
        _check_breach(action, occurred_on, requirement_index, details, evidence)
        refs = clean_evidence(actor, action.case, evidence)
        workflow.guard(
            action,
            actor,
            "breach",
            occurred_on,
            workflow.BREACH_RULES,
            requirement_index=requirement_index,
        )
        breach = Breach.objects.create(
            action=action,
            occurred_on=occurred_on,
            requirement_index=requirement_index,
            details=details.strip(),
            evidence=refs,
            recorded_by_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=workflow.BREACH_RECORDED,
            object_type="enforcement_action",
            object_id=action.pk,
            details={"breach": str(breach.pk), "evidence": len(refs)},
        )
        if action.state == S.SERVED:
            _record(actor, action, workflow.find(action, "breach"), occurred_on)
    return breach


def _check_breach(
    action: EnforcementAction,
    occurred_on: date,
    requirement_index: int,
    details: str,
    evidence: list[dict[str, str]],
) -> None:
    errors: dict[str, list[str]] = {}
    if not details.strip():
        errors["details"] = ["Describe what was done or not done"]
    if not evidence:
        errors["evidence"] = ["Link the evidence of the breach"]
    if not 0 <= requirement_index < max(len(action.requirements), 1):
        errors["requirement_index"] = ["Choose the requirement that was breached"]
    if action.served_on and not action.served_on <= occurred_on <= clock.now().date():
        errors["occurred_on"] = ["The breach must be between service and today"]
    if errors:
        raise ValidationFailed(errors)


# What a corrected draft does not keep from the served action it supersedes.
_NOT_CARRIED_OVER = (
    "approved_by_id",
    "approved_at",
    "served_by_id",
    "served_at",
    "served_on",
    "comply_by",
    "expires_on",
    "appeal_ends_on",
    "appeal_lodged_on",
    "paid_on",
)


def action_supersede(*, actor: Actor, action_id: uuid.UUID, reason: str) -> EnforcementAction:
    """A served action is never edited: withdraw it and start a corrected draft from it."""
    if not reason.strip():
        raise ValidationFailed({"reason": ["Say why the action is superseded"]})
    with transaction.atomic():
        old = _action_for_update(actor, action_id)
        transition = _open_transition(actor, old, "withdraw")
        new = EnforcementAction.objects.get(pk=old.pk)
        new.pk = uuid.uuid4()
        new.state = S.DRAFT
        new.supersedes = old
        new.created_by_id = actor.user_id
        for name in _NOT_CARRIED_OVER:
            setattr(new, name, None)
        new.served_how, new.closed_reason = "", ""
        new.save(force_insert=True)
        old.closed_reason = f"Superseded: {reason.strip()}"
        _record(actor, old, transition, clock.now().date(), reason.strip())
        audit_record(
            actor=actor,
            action=workflow.SUPERSEDED,
            object_type="enforcement_action",
            object_id=old.pk,
            details={"by": str(new.pk)},
        )
    return new
