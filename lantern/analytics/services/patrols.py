"""Patrol plans: propose, adjust, publish; patrols logged against them."""

from __future__ import annotations

import datetime as dt
import uuid

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
from lantern.core.permissions import Permission

# --- patrol plans ---------------------------------------------------------------------------

PATROL_PLAN_PROPOSED = catalogue.declare(
    "patrol_plan.proposed", "A patrol plan was proposed from a hotspot surface."
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
    """Propose patrols at the ``cells`` top places (at least 300 m apart) of the hotspot
    surface over ``period``, its method chosen by rolling-origin validation inside
    ``period`` (lantern.analytics.selection.plan_method; the plan records which and why),
    in the ``slots`` busiest two-hour windows of the hour-of-week matrix; police.uk records carry no time of day, so without reports the windows default
    to Friday and Saturday evenings and the basis says so. Dosage: 15 minutes a visit.
    The plan belongs to the proposer's partnership: their only one, or ``partnership_id``
    among theirs (lantern.accounts.selectors.partnership_for_creator)."""
    import numpy as np

    from lantern.accounts.selectors import partnership_for_creator
    from lantern.analytics import analysis, selection
    from lantern.analytics.methods.cells import hour_of_week
    from lantern.analytics.methods.grid import to_bng, to_wgs84
    from lantern.analytics.selectors import Period, Source, analysis_points, area_filter

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
    if errors:
        raise ValidationFailed(errors)
    points = analysis_points(
        actor=actor,
        period=basis_period,
        category=category,
        area=area,
        sources=frozenset(Source(s) for s in sources),
    )
    if len(points) == 0:
        raise ValidationFailed({"period": ["There are no located records in that period."]})
    params = analysis.Parameters()
    x, y = to_bng(points.lon, points.lat)
    where = area_filter(actor=actor, area=area)
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
        if len(chosen) == cells:
            break
    lon, lat = to_wgs84(cx[chosen], cy[chosen])
    matrix = hour_of_week(points.times)
    windows = _slots(matrix, slots)
    no_times = matrix.sum() == 0
    basis = f"{method.candidate.label()} over {basis_period}"
    if no_times:
        basis += "; no times of day in the data, so Friday and Saturday evenings"
    with transaction.atomic():
        plan = PatrolPlan.objects.create(
            title=title.strip()[:120],
            partnership_id=partnership,
            organisation_id=_creator_organisation(actor, partnership),
            category=category[:100],
            area=area[:100],
            basis=basis[:200],
            method=method.candidate.method,
            method_label=method.candidate.label()[:200],
            method_reason=method.reason[:400],
            starts_on=starts_on,
            ends_on=ends_on,
            proposed_by=actor.audit_id,
        )
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
                "partnership": str(partnership),
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
