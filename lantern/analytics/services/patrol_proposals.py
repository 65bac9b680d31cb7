"""Proposing patrol plans (docs/hotspots.md "Patrol plans are prepared in the
background"): the request checks the proposer and the inputs, keeps a plan that is being
prepared and queues its building by the background task (lantern/analytics/tasks.py
prepare_patrol_plan, which calls patrol_preparing.py beside this). Choosing the hotspot method takes seconds (up to half a
minute for a county), too long for a web request."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction

from lantern.analytics.models import PatrolPlan
from lantern.analytics.services._common import _creator_organisation, _require
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission

PATROL_PLAN_REQUESTED = catalogue.declare(
    "patrol_plan.requested",
    "A patrol plan was asked for; it is prepared in the background (then patrol_plan.proposed).",
)
MAX_PATROL_CELLS = 12


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
