"""Aggregate reads for the public neighbourhood pages (lantern/analytics/views/areas.py):
how many reports of each category were received in an area each month. Counts only, never
a report, its words or anyone in it; the page suppresses small counts.

Left out: reports placed only by a typed address (their point is the map's centre, not the
place) and the safeguarding queue (concern for someone's safety is about a person, and a
count of them on a street could point at one)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.timezone import localtime

from lantern.reports.models import Queue, Report


@dataclass(frozen=True)
class AreaReports:
    by_month: Counter[tuple[dt.date, str]]  # (first day of the month, category name) -> count
    ids: frozenset[uuid.UUID]  # for counting what was done about them (cases' selectors)


def reports_in_area(
    *,
    contains: Callable[[float, float], bool],
    bounds: tuple[float, float, float, float],
    since: dt.datetime,
) -> AreaReports:
    """Reports received since ``since`` whose point ``contains(lat, lon)``; ``bounds``
    (min_lat, min_lng, max_lat, max_lng) is the area's box, a first cheap filter."""
    min_lat, min_lng, max_lat, max_lng = bounds
    rows = (
        Report.objects.filter(
            created_at__gte=since,
            location_approximate=False,
            latitude__range=(min_lat, max_lat),
            longitude__range=(min_lng, max_lng),
        )
        .exclude(queue=Queue.SAFEGUARDING)
        .values_list("pk", "latitude", "longitude", "created_at", "category__name")
    )
    by_month: Counter[tuple[dt.date, str]] = Counter()
    ids = set()
    for pk, lat, lon, created, category in rows.iterator():
        if contains(lat, lon):
            by_month[(localtime(created).date().replace(day=1), category)] += 1
            ids.add(pk)
    return AreaReports(by_month=by_month, ids=frozenset(ids))
