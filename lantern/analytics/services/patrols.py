"""Patrol plans: adjust, publish; patrols logged against them. Proposing them, in the
background, is in patrol_proposals.py beside this."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from lantern.analytics.models import (
    PatrolItem,
    PatrolLog,
    PatrolPlan,
)
from lantern.analytics.services._common import _require
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission

# --- patrol plans ---------------------------------------------------------------------------

PATROL_ITEM_UPDATED = catalogue.declare(
    "patrol_item.updated", "A patrol in a draft plan was adjusted (day, times, visits)."
)
PATROL_ITEM_REMOVED = catalogue.declare(
    "patrol_item.removed", "A patrol was taken out of a draft plan."
)
PATROL_ITEM_ADJUSTED = catalogue.declare(
    "patrol_item.adjusted",
    "An officer of the partnership moved a patrol of a published plan (day, times).",
)
PATROL_PLAN_PUBLISHED = catalogue.declare(
    "patrol_plan.published", "A supervisor published a patrol plan to officers."
)
PATROL_LOGGED = catalogue.declare("patrol.logged", "An officer logged a patrol against a plan.")


def _draft_item(actor: Actor, item_id) -> PatrolItem:
    from lantern.analytics.selectors import patrol_item_get

    item = patrol_item_get(actor=actor, item_id=item_id)  # NotFound unless the plan is visible
    if item.plan.status != PatrolPlan.Status.DRAFT:
        raise ValidationFailed({"plan": ["A published plan cannot be changed."]})
    return item


def patrol_item_update(
    *,
    actor: Actor,
    item_id,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    visits: int,
) -> PatrolItem:
    _require(actor, Permission.PATROL_PLAN_PUBLISH)
    errors: dict[str, list[str]] = {}
    if not 0 <= weekday <= 6:
        errors["weekday"] = ["Choose a day of the week."]
    if not 1 <= visits <= 20:
        errors["visits"] = ["Visits must be between 1 and 20."]
    if start_time == end_time:
        errors["end_time"] = ["The window must not start and end at the same time."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        item = _draft_item(actor, item_id)
        item.weekday, item.start_time, item.end_time, item.visits = (
            weekday,
            start_time,
            end_time,
            visits,
        )
        item.save()
        audit_record(
            actor=actor,
            action=PATROL_ITEM_UPDATED,
            object_type="analytics.patrolitem",
            object_id=str(item.pk),
            details={"plan": str(item.plan_id), "weekday": weekday, "visits": visits},
        )
    return item


def patrol_item_adjust(
    *,
    actor: Actor,
    item_id,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
) -> PatrolItem:
    """Joint patrols (issue 20): a front-line officer of the plan's own partnership (police,
    PCSO or council) or a supervisor moves a patrol of a published plan to another day or
    time window, to fit the shifts of those who walk it. The place and the visits planned
    stay as the supervisor published them; a plan shared in from another partnership is
    that partnership's to change. NotFound unless the actor may see the plan."""
    from lantern.analytics.selectors import patrol_item_get

    _require(actor, Permission.PATROL_ADJUST)
    errors: dict[str, list[str]] = {}
    if not 0 <= weekday <= 6:
        errors["weekday"] = ["Choose a day of the week."]
    if start_time == end_time:
        errors["end_time"] = ["The window must not start and end at the same time."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        item = patrol_item_get(actor=actor, item_id=item_id)  # NotFound unless the plan is visible
        item = PatrolItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
        plan = item.plan
        if plan.status != PatrolPlan.Status.PUBLISHED:
            raise ValidationFailed({"plan": ["A draft plan is adjusted by a supervisor."]})
        if not actor.is_system and plan.partnership_id not in actor.partnership_ids:
            raise PermissionDenied("patrol.adjust")
        before = {
            "weekday": item.weekday,
            "start_time": f"{item.start_time:%H:%M}",
            "end_time": f"{item.end_time:%H:%M}",
        }
        item.weekday, item.start_time, item.end_time = weekday, start_time, end_time
        item.save(update_fields=["weekday", "start_time", "end_time"])
        audit_record(
            actor=actor,
            action=PATROL_ITEM_ADJUSTED,
            object_type="analytics.patrolitem",
            object_id=str(item.pk),
            details={
                "plan": str(plan.pk),
                "before": before,
                "after": {
                    "weekday": weekday,
                    "start_time": f"{start_time:%H:%M}",
                    "end_time": f"{end_time:%H:%M}",
                },
            },
        )
    return item


def patrol_item_remove(*, actor: Actor, item_id) -> None:
    _require(actor, Permission.PATROL_PLAN_PUBLISH)
    with transaction.atomic():
        item = _draft_item(actor, item_id)
        plan_id = item.plan_id
        item.delete()
        audit_record(
            actor=actor,
            action=PATROL_ITEM_REMOVED,
            object_type="analytics.patrolitem",
            object_id=str(item_id),
            details={"plan": str(plan_id)},
        )


def patrol_plan_publish(*, actor: Actor, plan_id) -> PatrolPlan:
    from lantern.analytics.selectors import patrol_plan_get
    from lantern.core import clock

    _require(actor, Permission.PATROL_PLAN_PUBLISH)
    with transaction.atomic():
        plan = patrol_plan_get(actor=actor, plan_id=plan_id)
        plan = PatrolPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PatrolPlan.Status.DRAFT:
            raise ValidationFailed({"plan": ["The plan is already published."]})
        if plan.state != PatrolPlan.State.READY:
            raise ValidationFailed({"plan": ["The plan has no patrols until it is prepared."]})
        if not plan.items.exists():
            raise ValidationFailed({"plan": ["A plan needs at least one patrol."]})
        plan.status = PatrolPlan.Status.PUBLISHED
        plan.published_by = actor.audit_id
        plan.published_at = clock.now()
        plan.save()
        audit_record(
            actor=actor,
            action=PATROL_PLAN_PUBLISHED,
            object_type="analytics.patrolplan",
            object_id=str(plan.pk),
            details={"items": plan.items.count()},
        )
    return plan


def patrol_log(
    *,
    actor: Actor,
    item_id,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    notes: str = "",
) -> PatrolLog:
    from lantern.analytics.selectors import patrol_item_get

    _require(actor, Permission.PATROL_LOG)
    if actor.user_id is None:
        raise PermissionDenied("patrol.log")
    errors: dict[str, list[str]] = {}
    if started_at.tzinfo is None or ended_at.tzinfo is None:
        errors["started_at"] = ["Times must include a time zone."]
    elif ended_at <= started_at:
        errors["ended_at"] = ["The patrol must end after it starts."]
    elif ended_at - started_at > dt.timedelta(hours=12):
        errors["ended_at"] = ["A patrol cannot last more than 12 hours."]
    if len(notes) > 2000:
        errors["notes"] = ["Notes must be 2000 characters or fewer."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        item = patrol_item_get(actor=actor, item_id=item_id)  # NotFound unless the plan is visible
        plan = item.plan
        if plan.status != PatrolPlan.Status.PUBLISHED:
            raise ValidationFailed({"plan": ["Patrols are logged against published plans."]})
        log = PatrolLog.objects.create(
            item=item, officer_id=actor.user_id, started_at=started_at, ended_at=ended_at,
            notes=notes,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action=PATROL_LOGGED,
            object_type="analytics.patrollog",
            object_id=str(log.pk),
            details={"plan": str(plan.pk), "item": str(item.pk), "minutes": log.minutes},
        )
    return log
