"""Patrol plans of the borough-scale data set (``lantern.core.scale``, called by the
analytics app's hook): over the five years, a plan for each drawn area of the partnership
(read from the database; the whole partnership when it has none) every few weeks, each
requested by the analyst, prepared (four hotspot places, Friday and Saturday evenings, as
patrol_plan_prepare builds them) and published by the supervisor, the latest ones still
drafts; and the patrols officers logged against the published plans' items, a few a week.
The audit events are those of patrol_plan_request, patrol_plan_prepare, patrol_plan_publish
and patrol_log. The method chosen is written as the selection would name it; it is not run
(that takes seconds a plan)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from lantern.analytics.models import PatrolPlan
from lantern.analytics.selection import Candidate
from lantern.analytics.services.patrol_preparing import PATROL_PLAN_PROPOSED
from lantern.analytics.services.patrol_proposals import PATROL_PLAN_REQUESTED
from lantern.analytics.services.patrols import PATROL_LOGGED, PATROL_PLAN_PUBLISHED
from lantern.core.scale import HOTSPOTS, YEARS, ScaleContext, rows

CELLS, WINDOWS = 4, ((4, 20), (5, 21))  # places; (weekday, hour): Friday and Saturday evenings
CELL_METRES = 100.0
METHODS = [Candidate("naive"), Candidate("kde", (("bandwidth", 100.0),)),
           Candidate("prospective", (("half_life", 2.0),)), Candidate("snap_counts")]  # fmt: skip
PLAN_WEEKS = 8
DRAFT_DAYS = 14  # a plan starting within this many days of today is still a draft
OFFICERS = ("police_officer", "pcso", "council_officer")


def seed_patrols(ctx: ScaleContext) -> None:
    analyst, supervisor = ctx.staff.get("analyst"), ctx.staff.get("supervisor")
    officers = [ctx.staff[r] for r in OFFICERS if r in ctx.staff]
    if analyst is None or supervisor is None or not officers:
        return
    areas = sorted(n for (n,) in rows("places.Area", "name", partnership_id=ctx.partnership_id))
    areas = areas or [""]
    published = []
    for _ in range(ctx.count("patrol_plans")):
        published += _plan(ctx, ctx.rng.choice(areas), analyst, supervisor)
    logs = 0
    for _ in range(ctx.count("patrol_logs") if published else 0):
        logs += _log(ctx, ctx.rng.choice(published), ctx.rng.choice(officers))
    ctx.say(f"analytics: {ctx.count('patrol_plans')} patrol plans, {logs} patrols logged")


def _plan(ctx: ScaleContext, area: str, analyst, supervisor) -> list[tuple]:
    """One plan and its items; the items of a published plan, to log patrols against."""
    rng, add = ctx.rng, ctx.writer.add
    starts_on = (ctx.now - timedelta(days=rng.randrange(YEARS * 365))).date()
    ends_on = starts_on + timedelta(weeks=PLAN_WEEKS) - timedelta(days=1)
    asked = dt.datetime.combine(starts_on - timedelta(days=rng.randrange(3, 10)),
                                dt.time(rng.randrange(9, 17)), tzinfo=ctx.now.tzinfo)  # fmt: skip
    prepared = asked + timedelta(minutes=rng.randrange(1, 10))
    basis_start = starts_on.replace(day=1) - timedelta(days=180)
    period = f"{basis_start.replace(day=1).isoformat()}..{(starts_on.replace(day=1) - timedelta(days=1)).isoformat()}"
    method = rng.choice(METHODS)
    plan_id = ctx.uuid()
    draft = prepared.date() > ctx.now.date() - timedelta(days=DRAFT_DAYS)
    published_at = None if draft else prepared + timedelta(hours=rng.randrange(2, 48))
    add("analytics.PatrolPlan", id=plan_id,
        title=f"Evening patrols{' in ' + area if area else ''} from {starts_on:%-d %B %Y}",
        partnership_id=ctx.partnership_id, organisation_id=ctx.organisations.get("police"),
        status=PatrolPlan.Status.DRAFT if draft else PatrolPlan.Status.PUBLISHED,
        category="Anti-social behaviour", area=area,
        basis=f"{method.label()} over {period}", method=method.method,
        method_label=method.label(), method_reason="Best mean PAI over the rolling-origin "
        "folds inside the basis period (fictional).", state=PatrolPlan.State.READY,
        inputs={"period": period, "cells": CELLS, "slots": len(WINDOWS), "sources": ["imported"],
                "partnerships": [str(ctx.partnership_id)]},
        starts_on=starts_on, ends_on=ends_on, proposed_by=str(analyst),
        published_by=str(supervisor) if published_at else "", published_at=published_at,
        created_at=asked, updated_at=published_at or prepared)  # fmt: skip
    items: list[tuple] = []
    for rank in range(1, CELLS + 1):
        lat, lon, _ = HOTSPOTS[(rank - 1 + rng.randrange(len(HOTSPOTS))) % len(HOTSPOTS)]
        lat, lon = lat + rng.gauss(0, 0.0005), lon + rng.gauss(0, 0.0008)
        for day, hour in WINDOWS:
            item_id = ctx.uuid()
            add("analytics.PatrolItem", id=item_id, plan_id=plan_id, order=len(items),
                label=f"Hotspot {rank}", latitude=lat, longitude=lon,
                radius_m=int(CELL_METRES * 1.5), weekday=day, start_time=dt.time(hour),
                end_time=dt.time((hour + 2) % 24), visits=2, dosage_minutes=15,
                created_at=prepared, updated_at=prepared)  # fmt: skip
            items.append((plan_id, item_id, day, hour, starts_on, ends_on))
    if ctx.audit is not None:
        ctx.audit(at=asked, actor=str(analyst), action=PATROL_PLAN_REQUESTED,
                  object_type="analytics.patrolplan", object_id=plan_id,
                  details={"partnership": str(ctx.partnership_id), "cells": CELLS,
                           "slots": len(WINDOWS)})  # fmt: skip
        ctx.audit(at=prepared, actor=str(analyst), action=PATROL_PLAN_PROPOSED,
                  object_type="analytics.patrolplan", object_id=plan_id,
                  details={"items": len(items), "records": rng.randrange(200, 2000),
                           "partnership": str(ctx.partnership_id),
                           "method": method.method})  # fmt: skip
        if published_at is not None:
            ctx.audit(at=published_at, actor=str(supervisor), action=PATROL_PLAN_PUBLISHED,
                      object_type="analytics.patrolplan", object_id=plan_id,
                      details={"items": len(items)})  # fmt: skip
    return [] if draft else items


def _log(ctx: ScaleContext, item: tuple, officer) -> int:
    """A patrol logged against a published plan's item, on its day, in its window."""
    rng = ctx.rng
    plan_id, item_id, weekday, hour, starts_on, ends_on = item
    weeks = (ends_on - starts_on).days // 7
    day = starts_on + timedelta(days=(weekday - starts_on.weekday()) % 7 + 7 * rng.randrange(weeks))
    started = dt.datetime.combine(day, dt.time(hour, rng.randrange(0, 60)), tzinfo=ctx.now.tzinfo)
    ended = started + timedelta(minutes=rng.randrange(15, 75))
    if ended >= ctx.now:
        return 0
    log_id = ctx.uuid()
    logged = ended + timedelta(minutes=rng.randrange(5, 120))
    ctx.writer.add("analytics.PatrolLog", id=log_id, item_id=item_id, officer_id=officer,
                   started_at=started, ended_at=ended, notes="", created_at=logged,
                   updated_at=logged)  # fmt: skip
    if ctx.audit is not None:
        minutes = max(0, int((ended - started).total_seconds() // 60))
        ctx.audit(at=logged, actor=str(officer), action=PATROL_LOGGED,
                  object_type="analytics.patrollog", object_id=log_id,
                  details={"plan": str(plan_id), "item": str(item_id), "minutes": minutes})  # fmt: skip
    return 1
