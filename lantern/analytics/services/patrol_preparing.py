"""Preparing proposed patrol plans: the work of the background task
(lantern/analytics/tasks.py prepare_patrol_plan), done as the proposer. Asking for a plan,
which enqueues the task, is in patrol_proposals.py beside this."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.db import transaction

from lantern.analytics.models import PatrolItem, PatrolPlan
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission, can

if TYPE_CHECKING:
    from lantern.analytics.selection import PlanMethod
    from lantern.analytics.selectors import Period, Points

PATROL_PLAN_PROPOSED = catalogue.declare(
    "patrol_plan.proposed", "A patrol plan was proposed from a hotspot surface."
)
PATROL_PLAN_FAILED = catalogue.declare(
    "patrol_plan.failed",
    "A patrol plan asked for could not be prepared (no records for its basis, the proposer's "
    "permission gone, or an error); the plan says why.",
)

DEFAULT_SLOTS = ((4, 18), (5, 18))  # Friday and Saturday from 18:00, when no times are known


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


class _NotPrepared(Exception):
    """What stops a plan being prepared, with the message its reader sees and a short
    reason for the audit event."""

    def __init__(self, message: str, why: str) -> None:
        super().__init__(message)
        self.message, self.why = message, why


def _proposer(actor: Actor, plan: PatrolPlan) -> Actor:
    """The proposer as they are now, checked again (PATROL_PLAN_PROPOSE, the plan's
    partnership, the same person) and narrowed to the partnerships they had when they
    asked: the plan is never built from more than they saw."""
    if actor.is_system:
        return actor
    if (
        not can(actor, Permission.PATROL_PLAN_PROPOSE)
        or plan.partnership_id not in actor.partnership_ids
        or actor.audit_id != plan.proposed_by
    ):
        raise _NotPrepared(
            "The person who proposed this plan may no longer propose patrol plans for its "
            "partnership, so it was not prepared.",
            "permission",
        )
    asked = {uuid.UUID(p) for p in plan.inputs["partnerships"]}
    return replace(actor, partnership_ids=actor.partnership_ids & asked)


def _basis(actor: Actor, plan: PatrolPlan, period: Period) -> tuple[Points, Any]:
    """The located records the plan is built from, and the drawn area's shape if any."""
    from lantern.analytics.selectors import Source, analysis_points, area_filter

    try:
        points = analysis_points(
            actor=actor,
            period=period,
            category=plan.category,
            area=plan.area,
            sources=frozenset(Source(s) for s in plan.inputs["sources"]),
        )
        where = area_filter(actor=actor, area=plan.area)
    except ValidationFailed as exc:
        raise _NotPrepared(" ".join(m for ms in exc.errors.values() for m in ms), "input") from None
    if len(points) == 0:
        place = f" in {plan.area}" if plan.area else ""
        what = f" of {plan.category}" if plan.category else ""
        raise _NotPrepared(
            f"There are no located records{what}{place} in {period}, so there is nothing to "
            "plan patrols from. Propose a plan for another period, area or category.",
            "no_records",
        )
    return points, where.shape if where is not None else None


def _places(method: PlanMethod, count: int) -> tuple[Any, Any]:
    """Longitudes and latitudes of the ``count`` strongest cells at least 300 m apart."""
    import numpy as np

    from lantern.analytics.methods.grid import to_wgs84

    grid, density = method.study.grid, method.scores
    cx, cy = grid.centres()
    cx, cy = cx.ravel(), cy.ravel()
    chosen: list[int] = []
    for flat in np.argsort(-density, kind="stable"):
        if density[flat] <= 0:
            break
        if all(np.hypot(cx[flat] - cx[c], cy[flat] - cy[c]) >= 300 for c in chosen):
            chosen.append(int(flat))
        if len(chosen) == count:
            break
    return to_wgs84(cx[chosen], cy[chosen])


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
    from lantern.analytics import analysis, selection
    from lantern.analytics.methods.cells import hour_of_week
    from lantern.analytics.methods.grid import to_bng
    from lantern.analytics.selectors import Period

    plan = PatrolPlan.objects.get(pk=plan_id)
    if plan.state != PatrolPlan.State.PREPARING:
        return plan
    period = Period.parse(plan.inputs["period"])
    try:
        reader = _proposer(actor, plan)
        points, shape = _basis(reader, plan, period)
    except _NotPrepared as stop:
        return _fail(actor, plan.pk, stop.message, stop.why)
    params = analysis.Parameters()
    x, y = to_bng(points.lon, points.lat)
    method = selection.plan_method(x, y, points.months, period=period, params=params, shape=shape)
    lon, lat = _places(method, plan.inputs["cells"])
    matrix = hour_of_week(points.times)
    windows = _slots(matrix, plan.inputs["slots"])
    basis = f"{method.candidate.label()} over {period}"
    if matrix.sum() == 0:
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
        patrols = [
            (rank, la, lo, day, hour)
            for rank, (la, lo) in enumerate(zip(lat, lon, strict=True), start=1)
            for day, hour in windows
        ]
        items = [
            PatrolItem(
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
            for order, (rank, la, lo, day, hour) in enumerate(patrols)
        ]
        PatrolItem.objects.bulk_create(items)
        audit_record(
            actor=actor,
            action=PATROL_PLAN_PROPOSED,
            object_type="analytics.patrolplan",
            object_id=str(plan.pk),
            details={
                "items": len(items),
                "records": len(points),
                "partnership": str(plan.partnership_id),
                "method": method.candidate.method,
            },
        )
    return plan
