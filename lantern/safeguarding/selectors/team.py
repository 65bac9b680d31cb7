"""Lists for the safeguarding team: the queue of open concerns, MS1 records, the Duty to
Notify report."""

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


def open_concerns(*, actor: Actor) -> list[Screening]:
    """The latest concerning screening of each person with no review since: the queue."""
    if not is_safeguarding_lead(actor):
        return []
    latest: dict[uuid.UUID, Screening] = {}
    for screening in Screening.objects.filter(outcome__in=CONCERN_OUTCOMES).order_by("-created_at")[
        :500
    ]:
        latest.setdefault(screening.person_id, screening)
    reviewed = set(
        Review.objects.filter(screening__in=list(latest.values())).values_list(
            "screening_id", flat=True
        )
    )
    queue = [s for s in latest.values() if s.pk not in reviewed]
    return listed(actor, "screening", queue)


def ms1_records(*, actor: Actor) -> list[DutyRecord]:
    """The MS1s the daily batch wrote, by day and, within a day, by their random ids."""
    if not is_safeguarding_lead(actor):
        return []
    return listed(actor, "duty_record", DutyRecord.objects.filter(kind=DutyRecord.Kind.MS1))


def ms1_queued(*, actor: Actor) -> int:
    """How many MS1s wait for the daily batch (a count: they are not records yet)."""
    if not is_safeguarding_lead(actor):
        return 0
    return QueuedMs1.objects.count()


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
        Screening.objects.filter(outcome="potential_victim").order_by("-created_at")[:1000],
    )
    lines = [DutyLine(s, s.duty_met_by, s.duty_met_on) for s in screenings]
    return [x for x in lines if x.met_by], [x for x in lines if not x.met_by]
