"""Aggregate reads for the public neighbourhood pages (lantern/analytics/views/areas.py):
how many reports of each category were received in an area each month; and for the
partnership's figures (staff only), how many reports it received each month. Counts only,
never a report, its words or anyone in it; the pages suppress small counts.

Left out: reports placed only by a typed address (their point is the map's centre, not the
place) and the safeguarding queue (concern for someone's safety is about a person, and a
count of them on a street could point at one)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.timezone import localtime

from lantern.core.actor import Actor
from lantern.core.monthly import Months, Where, count_by_month, in_range
from lantern.core.permissions import Permission, can
from lantern.reports.models import Queue, Report
from lantern.reports.month_counts import kept_by_month
from lantern.reports.selectors import _staff_visible


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


# --- the partnership's figures (lantern/analytics/selectors/figures.py) ----------------------


def counts_by_month(
    *, actor: Actor, partnership_id: uuid.UUID, months: Months, where: Where | None = None
) -> Counter[tuple]:
    """(first day of the month,) -> how many reports the partnership received that month
    (``created_at``), in one grouped query. Read through the staff selector (REPORT_VIEW, the
    actor's partnerships); reports in the safeguarding queue are left out for every role,
    so that the figures are the same whoever reads them. In a drawn area (``where``), only
    reports with a map pin (not placed only by a typed address)."""
    if partnership_id not in actor.partnership_ids and not actor.is_system:
        return Counter()
    if where is None:
        # The whole partnership: the counts its report services keep (month_counts.py),
        # the same answer as counting its reports (every one of them is in its staff's
        # scope), read in one row per month whatever the number of reports.
        if not can(actor, Permission.REPORT_VIEW):
            return Counter()
        return kept_by_month(partnership_id=partnership_id, months=months)
    reports = _staff_visible(actor).filter(partnership_id=partnership_id)
    reports = in_range(reports.exclude(queue=Queue.SAFEGUARDING), "created_at", months)
    if where is not None:
        reports = reports.filter(location_approximate=False)
    return count_by_month(reports, "created_at", where=where)


def ids_in_area(
    *, actor: Actor, partnership_id: uuid.UUID, where: Where, before: dt.datetime
) -> list[uuid.UUID]:
    """The ids of the partnership's reports made before ``before`` whose map pin lies in the
    area: for counting what was done about them (the cases app's figures). One query."""
    if partnership_id not in actor.partnership_ids and not actor.is_system:
        return []
    min_lat, min_lng, max_lat, max_lng = where.bounds
    rows = list(
        _staff_visible(actor)
        .filter(
            partnership_id=partnership_id,
            created_at__lt=before,
            location_approximate=False,
            latitude__range=(min_lat, max_lat),
            longitude__range=(min_lng, max_lng),
        )
        .order_by()
        .values_list("pk", "latitude", "longitude")
    )
    if not rows:
        return []
    inside = shapely.intersects_xy(
        where.shape, np.array([r[2] for r in rows]), np.array([r[1] for r in rows])
    )
    return [r[0] for r, ok in zip(rows, inside, strict=True) if ok]
