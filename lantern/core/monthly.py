"""Counting records by month for the partnership's figures (lantern/analytics/selectors/
figures.py): a range of whole months (UK time), an area to count in, and one grouped query.

Each app counts its own records through its own selectors (they decide what the actor may
count); this module only shapes the query. The database groups by month (``TruncMonth`` in
the current time zone, Europe/London), so the number of queries does not grow with the
number of months or records. In a drawn area the database narrows the rows to the area's
bounding box and groups them by month and point; the polygon test then runs here on those
groups, one vectorised call (many records share a point: police.uk snaps its records to a
fixed set of points)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

MAX_MONTHS = 36


def month_start(value: dt.date | dt.datetime) -> dt.date:
    """The first day of the month of ``value`` (a date, or a datetime in UK time)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return dt.date(year, index + 1, 1)


@dataclass(frozen=True)
class Months:
    """Whole months from ``first`` to ``last``, both included (first days of the months)."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1:
            raise ValueError("months start on the first day")
        if self.last < self.first:
            raise ValueError("the last month is before the first")
        if len(self) > MAX_MONTHS:
            raise ValueError(f"at most {MAX_MONTHS} months")

    @classmethod
    def ending(cls, last: dt.date, count: int) -> Months:
        last = last.replace(day=1)
        return cls(add_months(last, 1 - count), last)

    def __len__(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def __iter__(self):
        return iter(add_months(self.first, i) for i in range(len(self)))

    @property
    def end(self) -> dt.date:
        """The first day after the range."""
        return add_months(self.last, 1)

    @property
    def since(self) -> dt.datetime:
        """The range's start as an aware datetime (midnight, UK time)."""
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time()))

    @property
    def until(self) -> dt.datetime:
        """The range's end (exclusive) as an aware datetime (midnight, UK time)."""
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time()))


@dataclass(frozen=True)
class Where:
    """An area drawn as a polygon: ``shape`` (shapely, longitude then latitude) and its
    bounding box (min_lat, min_lng, max_lat, max_lng) for the database's first filter."""

    shape: Any
    bounds: tuple[float, float, float, float]


def in_range(queryset: QuerySet, field: str, months: Months, *, dates: bool = False) -> QuerySet:
    """The records whose ``field`` (a datetime, or a date when ``dates``) lies in ``months``."""
    if dates:
        return queryset.filter(**{f"{field}__gte": months.first, f"{field}__lt": months.end})
    return queryset.filter(**{f"{field}__gte": months.since, f"{field}__lt": months.until})


def _key(month: Any) -> dt.date:
    return month_start(month)


def count_by_month(
    queryset: QuerySet,
    field: str,
    *,
    group: tuple[str, ...] = (),
    where: Where | None = None,
    lat: str = "latitude",
    lng: str = "longitude",
    distinct: str = "",
) -> Counter[tuple]:
    """(first day of the month, *values of ``group``) -> how many records, in one query.
    ``where`` keeps the records whose point (``lat``, ``lng``) lies in the area; ``distinct``
    counts distinct values of that field (a record reached through several rows) instead."""
    queryset = queryset.order_by()
    counter = Count(distinct or "pk", distinct=bool(distinct))
    if where is None:
        rows = (
            queryset.annotate(_m=TruncMonth(field)).values_list("_m", *group).annotate(_n=counter)
        )
        counts: Counter[tuple] = Counter()
        for month, *rest, n in rows:
            counts[(_key(month), *rest)] += n
        return counts
    min_lat, min_lng, max_lat, max_lng = where.bounds
    boxed = queryset.filter(
        **{f"{lat}__gte": min_lat, f"{lat}__lte": max_lat, f"{lng}__gte": min_lng},
        **{f"{lng}__lte": max_lng},
    ).annotate(_m=TruncMonth(field))
    if distinct:
        # A record may be reached through several points: keep each once, by month.
        found = list(boxed.values_list("_m", *group, lat, lng, distinct).distinct())
        inside = _inside(where, found, len(group))
        seen = {
            (_key(r[0]), *r[1 : 1 + len(group)], r[-1])
            for r, ok in zip(found, inside, strict=True)
            if ok
        }
        return Counter(key[:-1] for key in seen)
    grouped = list(boxed.values_list("_m", *group, lat, lng).annotate(_n=counter))
    inside = _inside(where, grouped, len(group))
    counts = Counter()
    for row, ok in zip(grouped, inside, strict=True):
        if ok:
            counts[(_key(row[0]), *row[1 : 1 + len(group)])] += row[-1]
    return counts


def _inside(where: Where, rows: list[tuple], width: int) -> np.ndarray:
    if not rows:
        return np.zeros(0, bool)
    lat = np.array([r[1 + width] for r in rows], float)
    lng = np.array([r[2 + width] for r in rows], float)
    # For a point, intersecting the polygon is lying in it or on its boundary.
    return np.asarray(shapely.intersects_xy(where.shape, lng, lat), bool)
