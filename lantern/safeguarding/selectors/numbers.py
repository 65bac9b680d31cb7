"""The partnership's numbers: counts by month, with no names and no ids, of the records the
actor's own partnerships hold (a record shared with them is another partnership's count)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from lantern.audit.services import audit_access
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.monthly import Months, count_by_month, in_range
from lantern.core.permissions import Permission, can
from lantern.safeguarding.models import (
    CONCERN_OUTCOMES,
    DutyRecord,
    OutreachContact,
    Referral,
    Review,
    Screening,
)
from lantern.safeguarding.selectors.scope import own


@dataclass(frozen=True)
class MonthRow:
    month: date
    screenings: int
    concerns: int
    reviews: int
    referrals: int
    nrm: int
    ms1: int
    outreach_contacts: int


def _by_month(queryset: QuerySet, field: str) -> dict[date, int]:
    rows = (
        queryset.annotate(m=TruncMonth(field))
        .values("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    out: dict[date, int] = {}
    for month, n in rows:
        key = month.date() if hasattr(month, "date") else month
        key = key.replace(day=1)
        out[key] = out.get(key, 0) + n
    return out


def partnership_numbers(*, actor: Actor) -> list[MonthRow]:
    """Counts by month, no names and no ids: for every staff member, of their own
    partnerships' records."""
    if not can(actor, Permission.SAFEGUARDING_STATS_VIEW):
        raise NotFound("numbers")
    mine = own(actor)
    screenings = _by_month(Screening.objects.filter(mine), "observed_at")
    concerns = _by_month(
        Screening.objects.filter(mine, outcome__in=CONCERN_OUTCOMES), "observed_at"
    )
    reviews = _by_month(Review.objects.filter(mine), "decided_on")
    referrals = _by_month(Referral.objects.filter(mine), "sent_at")
    nrm = _by_month(DutyRecord.objects.filter(mine, kind=DutyRecord.Kind.NRM), "month")
    ms1 = _by_month(DutyRecord.objects.filter(mine, kind=DutyRecord.Kind.MS1), "month")
    contacts = _by_month(OutreachContact.objects.filter(mine), "contacted_on")
    months = sorted(
        set(screenings) | set(reviews) | set(referrals) | set(nrm) | set(ms1) | set(contacts),
        reverse=True,
    )
    return [
        MonthRow(
            month=m,
            screenings=screenings.get(m, 0),
            concerns=concerns.get(m, 0),
            reviews=reviews.get(m, 0),
            referrals=referrals.get(m, 0),
            nrm=nrm.get(m, 0),
            ms1=ms1.get(m, 0),
            outreach_contacts=contacts.get(m, 0),
        )
        for m in months[:36]
    ]


# The counts the partnership's figures show (lantern/analytics/selectors/figures.py).
FIGURES_OBJECT_TYPE = "safeguarding_figures"
FIGURES = ("screenings", "referrals", "nrm", "ms1")


def counts_by_month(
    *, actor: Actor, partnership_id: uuid.UUID, months: Months
) -> dict[str, Counter[tuple]]:
    """For the partnership's figures: screenings, referrals to support agencies and social
    care, NRM referrals and MS1 notifications (the Duty to Notify met anonymously), each
    (first day of the month,) -> count, one grouped query each. Counts only, no names and
    no ids, of the partnership's own records; no area, as safeguarding records hold no place.
    Reading them is one access event (special category data, even counted)."""
    if not can(actor, Permission.SAFEGUARDING_STATS_VIEW):
        raise NotFound("numbers")
    if partnership_id not in actor.partnership_ids and not actor.is_system:
        raise NotFound("numbers")
    mine = Q(partnership_id=partnership_id)
    duties = DutyRecord.objects.filter(mine)
    counts = {
        "screenings": count_by_month(
            in_range(Screening.objects.filter(mine), "observed_at", months), "observed_at"
        ),
        "referrals": count_by_month(
            in_range(Referral.objects.filter(mine), "sent_at", months), "sent_at"
        ),
        "nrm": count_by_month(
            in_range(duties.filter(kind=DutyRecord.Kind.NRM), "month", months, dates=True),
            "month",
        ),
        "ms1": count_by_month(
            in_range(duties.filter(kind=DutyRecord.Kind.MS1), "month", months, dates=True),
            "month",
        ),
    }
    audit_access(
        actor=actor,
        object_type=FIGURES_OBJECT_TYPE,
        object_id=partnership_id,
        data_class=DataClass.SPECIAL_CATEGORY,
        purpose="partnership figures",
    )
    return counts
