"""Lists for the safeguarding team: the queue of open concerns, MS1 records, the Duty to
Notify report. Each is the lead's own partnerships' work: a person's records shared by
another partnership are on that person's page, never in these lists (scope.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.safeguarding.models import (
    CONCERN_OUTCOMES,
    DutyRecord,
    QueuedMs1,
    Review,
    Screening,
)
from lantern.safeguarding.selectors.access import is_safeguarding_lead, listed
from lantern.safeguarding.selectors.scope import own, scope


def open_concerns(*, actor: Actor, limit: int | None = None) -> list[Screening]:
    """The latest concerning screening of each person with no review since: the queue,
    newest first; with ``limit``, its first ``limit`` (only those are read, and logged)."""
    if not is_safeguarding_lead(actor):
        return []
    latest: dict[tuple[uuid.UUID, uuid.UUID], Screening] = {}
    concerns = Screening.objects.filter(own(actor), outcome__in=CONCERN_OUTCOMES)
    for screening in concerns.order_by("-created_at")[:500]:
        # A person's latest concern in the partnership that holds it (a person is one
        # partnership's; one the cases app does not know may have a concern in each).
        latest.setdefault((screening.person_id, screening.partnership_id), screening)
    reviewed = set(
        Review.objects.filter(screening__in=list(latest.values())).values_list(
            "screening_id", flat=True
        )
    )
    queue = [s for s in latest.values() if s.pk not in reviewed]
    return listed(actor, "screening", queue if limit is None else queue[:limit])


def ms1_records(*, actor: Actor) -> list[DutyRecord]:
    """The MS1s the daily batch wrote, by day and, within a day, by their random ids."""
    if not is_safeguarding_lead(actor):
        return []
    records = DutyRecord.objects.filter(scope(actor, "duty_record"), kind=DutyRecord.Kind.MS1)
    return listed(actor, "duty_record", records)


def ms1_queued(*, actor: Actor) -> int:
    """How many MS1s wait for the daily batch (a count: they are not records yet)."""
    if not is_safeguarding_lead(actor):
        return 0
    return QueuedMs1.objects.filter(own(actor)).count()


@dataclass(frozen=True)
class DutyLine:
    screening: Screening
    met_by: str
    met_on: date | None


def duties_report(*, actor: Actor) -> tuple[list[DutyLine], list[DutyLine]]:
    """The Duty to Notify for each potential victim: (met, outstanding)."""
    if not is_safeguarding_lead(actor):
        raise NotFound("duties")
    screenings = listed(
        actor,
        "screening",
        Screening.objects.filter(own(actor), outcome="potential_victim").order_by("-created_at")[
            :1000
        ],
    )
    lines = [DutyLine(s, s.duty_met_by, s.duty_met_on) for s in screenings]
    return [x for x in lines if x.met_by], [x for x in lines if not x.met_by]
