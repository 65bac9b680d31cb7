"""Patrol plans: propose, adjust, publish; patrols logged against them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from django.db import transaction

from lantern.analytics.models import (
    PatrolItem,
    PatrolLog,
    PatrolPlan,
)
from lantern.analytics.services._common import _creator_organisation, _require
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

# --- patrol plans ---------------------------------------------------------------------------

PATROL_PLAN_PROPOSED = catalogue.declare(
    "patrol_plan.proposed", "A patrol plan was proposed from a hotspot surface."
)
PATROL_PLAN_REQUESTED = catalogue.declare(
    "patrol_plan.requested",
    "A patrol plan was asked for; it is prepared in the background (then patrol_plan.proposed).",
)
PATROL_PLAN_FAILED = catalogue.declare(
    "patrol_plan.failed",
    "A patrol plan asked for could not be prepared (no records for its basis, the proposer's "
    "permission gone, or an error); the plan says why.",
)
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

DEFAULT_SLOTS = ((4, 18), (5, 18))  # Friday and Saturday from 18:00, when no times are known
MAX_PATROL_CELLS = 12


def _slots(matrix, count: int) -> list[tuple[int, int]]:
    """The ``count`` busiest two-hour windows of the week, as (weekday, start hour)."""
    import numpy as np

    if matrix.sum() == 0:
        return list(DEFAULT_SLOTS[:count])
    two_hour = matrix + np.roll(matrix, -1, axis=1)
    order = np.argsort(-two_hour.ravel(), kind="stable")
    chosen: list[tuple[int, int]] = []
    for flat in order:
        day, hour = divmod(int(flat), 24)
        if all(d != day or abs(h - hour) >= 2 for d, h in chosen) and hour <= 22:
            chosen.append((day, hour))
        if len(chosen) == count:
            break
    return chosen


def patrol_plan_propose(
    *,
    actor: Actor,
    title: str,
    period: str,
    starts_on: dt.date,
    ends_on: dt.date,
    category: str = "",
    area: str = "",
    cells: int = 5,
    slots: int = 2,
    sources: frozenset[str] = frozenset({"imported"}),
    partnership_id: uuid.UUID | None = None,
) -> PatrolPlan:
    """Ask for a patrol plan: check the proposer (PATROL_PLAN_PROPOSE, their partnership:
    their only one, or ``partnership_id`` among theirs, by
    lantern.accounts.selectors.partnership_for_creator) and the inputs, keep a draft plan
    that is being prepared, and enqueue its building (patrol_plan_prepare, in the
    background: choosing the method takes seconds) once this commits."""
    from lantern.accounts.selectors import partnership_for_creator
    from lantern.analytics.selectors import Period
    from lantern.analytics.tasks import prepare_patrol_plan

    _require(actor, Permission.PATROL_PLAN_PROPOSE)
    errors: dict[str, list[str]] = {}
    try:
        partnership = partnership_for_creator(actor=actor, partnership_id=partnership_id)
    except ValidationFailed as exc:
        errors |= exc.errors
    if not title.strip():
        errors["title"] = ["Enter a title for the plan."]
    try:
        basis_period = Period.parse(period)
    except ValueError as exc:
        errors["period"] = [str(exc)]
    if ends_on < starts_on:
        errors["ends_on"] = ["The plan must end on or after the day it starts."]
    if not 1 <= cells <= MAX_PATROL_CELLS:
        errors["cells"] = [f"Choose between 1 and {MAX_PATROL_CELLS} places."]
    if not 1 <= slots <= 4:
        errors["slots"] = ["Choose between 1 and 4 time windows."]
    if not sources or not set(sources) <= {"imported", "reports"}:
        errors["source"] = ["Choose police.uk records, resident reports or both."]
    if errors:
        raise ValidationFailed(errors)
    inputs = {
        "period": str(basis_period),
        "cells": cells,
        "slots": slots,
        "sources": sorted(sources),
        # The proposer's scope when they asked: the plan is never built from more.
        "partnerships": sorted(str(p) for p in actor.partnership_ids),
    }
    with transaction.atomic():
        plan = PatrolPlan.objects.create(
            title=title.strip()[:120],
            partnership_id=partnership,
            organisation_id=_creator_organisation(actor, partnership),
            state=PatrolPlan.State.PREPARING,
            inputs=inputs,
            category=category[:100],
            area=area[:100],
            starts_on=starts_on,
            ends_on=ends_on,
            proposed_by=actor.audit_id,
        )
        audit_record(
            actor=actor,
            action=PATROL_PLAN_REQUESTED,
            object_type="analytics.patrolplan",
            object_id=str(plan.pk),
            details={"partnership": str(partnership), "cells": cells, "slots": slots},
        )
        user_id = None if actor.user_id is None else str(actor.user_id)
        transaction.on_commit(
            lambda: prepare_patrol_plan.enqueue(
                plan_id=str(plan.pk), user_id=user_id, verified=actor.verified
            )
        )
    return plan


def _fail(actor: Actor, plan_id: uuid.UUID, message: str, why: str) -> PatrolPlan:
    """Mark a plan that is being prepared as failed, with the message its reader sees."""
    with transaction.atomic():
        plan = PatrolPlan.objects.select_for_update().get(pk=plan_id)
        if plan.state != PatrolPlan.State.PREPARING:
            return plan
        plan.state, plan.failure = PatrolPlan.State.FAILED, message[:300]
        plan.save(update_fields=["state", "failure", "updated_at"])
        audit_record(
            actor=actor,
            action=PATROL_PLAN_FAILED,
            object_type="analytics.patrolplan",
            object_id=str(plan.pk),
            details={"partnership": str(plan.partnership_id), "why": why},
        )
    return plan


def patrol_plan_fail(*, actor: Actor, plan_id: uuid.UUID) -> PatrolPlan:
    """The background building of a plan stopped on an error nobody could act on (the task
    calls this, as the proposer, before it re-raises): the plan says so, not "preparing"
    for ever."""
    return _fail(
        actor,
        plan_id,
        "Lantern could not prepare this plan because of an error on our side. "
        "Propose it again; if it fails again, tell your administrator.",
        "error",
    )


def patrol_plan_prepare(*, actor: Actor, plan_id: uuid.UUID) -> PatrolPlan:
    """Build a plan that is being prepared (the background task, as its proposer ``actor``
    rebuilt from their account when it runs): patrols at the ``cells`` top places (at
    least 300 m apart) of the hotspot surface over the basis period, its method chosen by
    rolling-origin validation inside that period (lantern.analytics.selection.plan_method;
    the plan records which and why), in the ``slots`` busiest two-hour windows of the
    hour-of-week matrix; police.uk records carry no time of day, so without reports the
    windows default to Friday and Saturday evenings and the basis says so. Dosage: 15
    minutes a visit. The proposer must still hold PATROL_PLAN_PROPOSE and the plan's
    partnership, and the points read are those of their partnerships when they asked (and
    still hold). What stops it (no records, permission gone) leaves the plan failed with a
    message for its reader; a plan no longer being prepared is returned as it is."""
    import numpy as np

    from lantern.analytics import analysis, selection
    from lantern.analytics.methods.cells import hour_of_week
    from lantern.analytics.methods.grid import to_bng, to_wgs84
    from lantern.analytics.selectors import Period, Source, analysis_points, area_filter

    plan = PatrolPlan.objects.get(pk=plan_id)
    if plan.state != PatrolPlan.State.PREPARING:
        return plan
    if not actor.is_system and (
        not can(actor, Permission.PATROL_PLAN_PROPOSE)
        or plan.partnership_id not in actor.partnership_ids
        or actor.audit_id != plan.proposed_by
    ):
        return _fail(
            actor,
            plan.pk,
            "The person who proposed this plan may no longer propose patrol plans for its "
            "partnership, so it was not prepared.",
            "permission",
        )
    inputs = plan.inputs
    if not actor.is_system:
        asked = {uuid.UUID(p) for p in inputs["partnerships"]}
        actor = replace(actor, partnership_ids=actor.partnership_ids & asked)
    basis_period = Period.parse(inputs["period"])
    try:
        points = analysis_points(
            actor=actor,
            period=basis_period,
            category=plan.category,
            area=plan.area,
            sources=frozenset(Source(s) for s in inputs["sources"]),
        )
        where = area_filter(actor=actor, area=plan.area)
    except ValidationFailed as exc:
        return _fail(actor, plan.pk, " ".join(m for ms in exc.errors.values() for m in ms), "input")
    if len(points) == 0:
        place = f" in {plan.area}" if plan.area else ""
        what = f" of {plan.category}" if plan.category else ""
        return _fail(
            actor,
            plan.pk,
            f"There are no located records{what}{place} in {basis_period}, so there is "
            "nothing to plan patrols from. Propose a plan for another period, area or "
            "category.",
            "no_records",
        )
    params = analysis.Parameters()
    x, y = to_bng(points.lon, points.lat)
    method = selection.plan_method(
        x, y, points.months, period=basis_period, params=params,
        shape=where.shape if where is not None else None,
    )  # fmt: skip
    grid, density = method.study.grid, method.scores
    cx, cy = grid.centres()
    cx, cy = cx.ravel(), cy.ravel()
    chosen: list[int] = []
    for flat in np.argsort(-density, kind="stable"):
        if density[flat] <= 0:
            break
        if all(np.hypot(cx[flat] - cx[c], cy[flat] - cy[c]) >= 300 for c in chosen):
            chosen.append(int(flat))
        if len(chosen) == inputs["cells"]:
            break
    lon, lat = to_wgs84(cx[chosen], cy[chosen])
    matrix = hour_of_week(points.times)
    windows = _slots(matrix, inputs["slots"])
    no_times = matrix.sum() == 0
    basis = f"{method.candidate.label()} over {basis_period}"
    if no_times:
        basis += "; no times of day in the data, so Friday and Saturday evenings"
    with transaction.atomic():
        plan = PatrolPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.state != PatrolPlan.State.PREPARING:  # prepared meanwhile by another run
            return plan
        plan.basis = basis[:200]
        plan.method = method.candidate.method
        plan.method_label = method.candidate.label()[:200]
        plan.method_reason = method.reason[:400]
        plan.state = PatrolPlan.State.READY
        plan.save()
        order = 0
        for rank, (la, lo) in enumerate(zip(lat, lon, strict=True), start=1):
            for day, hour in windows:
                PatrolItem.objects.create(
                    plan=plan,
                    order=order,
                    label=f"Hotspot {rank}",
                    latitude=float(la),
                    longitude=float(lo),
                    radius_m=int(params.cell * 1.5),
                    weekday=day,
                    start_time=dt.time(hour),
                    end_time=dt.time((hour + 2) % 24),
                    visits=2,
                    dosage_minutes=15,
                )
                order += 1
        audit_record(
            actor=actor,
            action=PATROL_PLAN_PROPOSED,
            object_type="analytics.patrolplan",
            object_id=str(plan.pk),
            details={
                "items": order,
                "records": len(points),
                "partnership": str(plan.partnership_id),
                "method": method.candidate.method,
            },
        )
    return plan


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
