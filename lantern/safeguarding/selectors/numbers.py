"""The partnership's numbers: counts by month, with no names and no ids, of the records the
actor's own partnerships hold (a record shared with them is another partnership's count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from lantern.core.actor import Actor
from lantern.core.errors import NotFound
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
