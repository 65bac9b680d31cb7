"""Tasking: the actions agreed at a tasking meeting on a subject or problem profile, each
with an owner and a due date (docs/intelligence/profiles.md, "Tasking").

Analysts and supervisors add actions and cancel them; the owner, or an analyst, marks an
action done. Every write is audited; details name the kind, the status and the due date,
never the action's text (it may name a person)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.timezone import localdate

from lantern.accounts.selectors import partnership_for_creator
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.intelligence.models import Entity, TaskingAction
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import canonical_ids
from lantern.intelligence.selectors.tasking import (
    TASKING,
    may_close,
    owner_choices,
    tasking_get,
)
from lantern.intelligence.services.common import require
from lantern.places import selectors as places_selectors

P = Permission
E = catalogue.declare
TASKING_ADDED = E(
    "intelligence.tasking_added",
    "An action agreed at a tasking meeting was recorded on a subject or problem profile; "
    "details give the profile kind and due date, never the action's text.",
)
TASKING_COMPLETED = E(
    "intelligence.tasking_completed", "A tasking action was marked done by its owner or an analyst."
)
TASKING_CANCELLED = E(
    "intelligence.tasking_cancelled",
    "An analyst or supervisor cancelled a tasking action; details hold no reason text.",
)

ACTION_LIMIT = 2000
Kind = TaskingAction.Kind
Status = TaskingAction.Status


def _text(value: str, field: str, missing: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed({field: [missing]})
    if len(text) > ACTION_LIMIT:
        raise ValidationFailed({field: [f"Keep it to {ACTION_LIMIT} characters or fewer"]})
    return text


def _subject(actor: Actor, entity_id: uuid.UUID | None) -> Entity:
    if entity_id is None:
        raise ValidationFailed({"entity": ["Say which person or vehicle the action is about"]})
    entity = Entity.objects.filter(access.entity_q(actor), pk=entity_id).first()
    if entity is None:
        raise NotFound("entity")
    root = canonical_ids([entity.pk])[entity.pk]
    return entity if root == entity.pk else Entity.objects.get(pk=root)


@dataclass(frozen=True)
class _Profile:
    """The profile an action is agreed on: its partnership and its subject or place."""

    partnership_id: uuid.UUID
    entity: Entity | None = None
    area_id: uuid.UUID | None = None
    area_name: str = ""
    period_start: date | None = None
    period_end: date | None = None


def _subject_profile(actor: Actor, entity_id: uuid.UUID | None) -> _Profile:
    entity = _subject(actor, entity_id)
    if entity.partnership_id not in actor.partnership_ids:
        raise ValidationFailed(
            {"entity": ["Only the partnership that holds this entity tasks actions on it"]}
        )
    return _Profile(entity.partnership_id, entity=entity)


def _problem_profile(
    actor: Actor,
    area_id: uuid.UUID | None,
    partnership_id: uuid.UUID | None,
    period_start: date | None,
    period_end: date | None,
) -> _Profile:
    if area_id is not None:
        area = places_selectors.area_get(actor=actor, area_id=area_id)
        if area.partnership_id not in actor.partnership_ids:
            raise ValidationFailed({"area": ["Choose an area of your own partnership"]})
        partnership, name = area.partnership_id, area.name
    else:
        if partnership_id is not None and partnership_id not in actor.partnership_ids:
            raise NotFound("partnership")
        partnership = partnership_for_creator(actor=actor, partnership_id=partnership_id)
        name = "The partnership's whole area"
    if period_start is None or period_end is None:
        raise ValidationFailed({"period": ["Give the period the problem profile covers"]})
    if period_end < period_start:
        raise ValidationFailed({"period": ["The end of the period must not be before its start"]})
    return _Profile(partnership, None, area_id, name, period_start, period_end)


def _action_errors(
    action: str, owner_id: uuid.UUID | None, due_on: date | None, partnership_id: uuid.UUID
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        _text(action, "action", "Say what action was agreed")
    except ValidationFailed as exc:
        errors.update(exc.errors)
    today = localdate(clock.now())
    if due_on is None:
        errors["due_on"] = ["Give the date the action is due"]
    elif due_on < today:
        errors["due_on"] = [f"The due date must be today ({today:%-d %B %Y}) or later"]
    if owner_id is None:
        errors["owner"] = ["Choose who owns the action"]
    elif owner_id not in dict(owner_choices(partnership_id)):
        errors["owner"] = [
            "The owner must be a member of the partnership in a role that reads intelligence"
        ]
    return errors


def tasking_add(
    *,
    actor: Actor,
    profile_kind: str,
    action: str,
    owner_id: uuid.UUID | None,
    due_on: date | None,
    entity_id: uuid.UUID | None = None,
    area_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> TaskingAction:
    """Record an action agreed on a profile (analysts and supervisors). Refuses (422) a due
    date before today and an owner who is not a member of the partnership reading
    intelligence; every refusal writes nothing."""
    require(actor, P.INTELLIGENCE_ANALYSE)
    if profile_kind == Kind.SUBJECT:
        profile = _subject_profile(actor, entity_id)
    elif profile_kind == Kind.PROBLEM:
        profile = _problem_profile(actor, area_id, partnership_id, period_start, period_end)
    else:
        raise ValidationFailed({"profile_kind": ["Choose a subject or a problem profile"]})
    errors = _action_errors(action, owner_id, due_on, profile.partnership_id)
    if errors or owner_id is None or due_on is None:
        raise ValidationFailed(errors)
    with transaction.atomic():
        tasking = TaskingAction.objects.create(
            partnership_id=profile.partnership_id,
            profile_kind=profile_kind,
            entity=profile.entity,
            area_id=profile.area_id,
            area_name=profile.area_name,
            period_start=profile.period_start,
            period_end=profile.period_end,
            action=_text(action, "action", ""),
            owner_id=owner_id,
            due_on=due_on,
            created_by_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=TASKING_ADDED,
            object_type=TASKING,
            object_id=tasking.pk,
            details={
                "profile_kind": profile_kind,
                "entity": str(profile.entity.pk) if profile.entity else "",
                "due_on": due_on.isoformat(),
            },
        )
    return tasking


def _close(actor: Actor, action_id: uuid.UUID, status: str, note: str) -> TaskingAction:
    with transaction.atomic():
        tasking = tasking_get(actor, action_id=action_id)
        tasking = TaskingAction.objects.select_for_update().get(pk=tasking.pk)
        if tasking.status != Status.OPEN:
            raise ValidationFailed(
                {"status": [f"This action is already {tasking.get_status_display().lower()}"]}
            )
        tasking.status = status
        tasking.completed_at = clock.now()
        tasking.closed_by_id = actor.user_id
        tasking.closing_note = note
        tasking.save(update_fields=["status", "completed_at", "closed_by", "closing_note"])
        audit_record(
            actor=actor,
            action=TASKING_COMPLETED if status == Status.DONE else TASKING_CANCELLED,
            object_type=TASKING,
            object_id=tasking.pk,
            details={"profile_kind": tasking.profile_kind, "due_on": tasking.due_on.isoformat()},
        )
    return tasking


def tasking_complete(*, actor: Actor, action_id: uuid.UUID, note: str = "") -> TaskingAction:
    """Mark an open action done: its owner, or an analyst or supervisor."""
    tasking = tasking_get(actor, action_id=action_id)
    if not may_close(actor, tasking):
        raise NotFound("tasking action")
    note = str(note or "").strip()
    if len(note) > ACTION_LIMIT:
        raise ValidationFailed({"note": [f"Keep it to {ACTION_LIMIT} characters or fewer"]})
    return _close(actor, action_id, Status.DONE, note)


def tasking_cancel(*, actor: Actor, action_id: uuid.UUID, reason: str) -> TaskingAction:
    """Cancel an open action (an analyst or supervisor), with the reason written down."""
    require(actor, P.INTELLIGENCE_ANALYSE)
    tasking_get(actor, action_id=action_id)
    text = _text(reason, "reason", "Say why the action is cancelled")
    return _close(actor, action_id, Status.CANCELLED, text)
