"""The public neighbourhood pages' figures: for an area staff made public (``Area.public``),
month by month, the reports received by category, the enforcement actions served and the
patrols done there. Aggregates only, read through each app's own aggregate selector; no
record, name, address or free text leaves them.

Small counts are suppressed: a count from 1 to ``SMALL - 1`` is shown as "Fewer than 5".
On a short street, "1 Community Protection Notice served in March" plus what neighbours
saw can name the person it was served on, and "1 report of noise" can name who reported.
No totals are shown either: a total beside suppressed cells would give them back."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass

from django.utils.timezone import localtime

from lantern.analytics.models import PatrolLog
from lantern.cases.selectors.public import actions_served_for_reports
from lantern.core import areas, clock
from lantern.places.models import Area
from lantern.places.selectors import public_area_get
from lantern.reports.area_counts import reports_in_area

SMALL = 5
MONTHS = 12


def shown(count: int) -> str:
    """A count as the public page prints it."""
    if count == 0:
        return "None"
    if count < SMALL:
        return f"Fewer than {SMALL}"
    return str(count)


@dataclass(frozen=True)
class Month:
    month: dt.date
    reports: list[tuple[str, str]]  # (category, shown count), categories with any
    actions: list[tuple[str, str]]  # (kind of action or "Patrols", shown count)

    @property
    def empty(self) -> bool:
        return not self.reports and not self.actions


@dataclass(frozen=True)
class Neighbourhood:
    area: Area
    months: list[Month]  # newest first


def _months(now: dt.datetime) -> list[dt.date]:
    first = localtime(now).date().replace(day=1)
    out = []
    for _ in range(MONTHS):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out


def _patrols(area: Area, geometry, since: dt.datetime) -> Counter[dt.date]:
    logs = PatrolLog.objects.filter(
        started_at__gte=since,
        item__latitude__range=(area.min_lat, area.max_lat),
        item__longitude__range=(area.min_lng, area.max_lng),
    ).values_list("item__latitude", "item__longitude", "started_at")
    counts: Counter[dt.date] = Counter()
    for lat, lon, started in logs.iterator():
        if areas.contains(geometry, lat, lon):
            counts[localtime(started).date().replace(day=1)] += 1
    return counts


def _rows(counts: Counter[tuple[dt.date, str]], month: dt.date) -> list[tuple[str, str]]:
    return sorted((name, shown(n)) for (m, name), n in counts.items() if m == month and n)


def neighbourhood_get(*, area_id: uuid.UUID) -> Neighbourhood:
    """The last ``MONTHS`` months of a public area, newest first. ``NotFound`` unless the
    area is public. Anyone may read it: there is no actor."""
    area = public_area_get(area_id=area_id)
    geometry = areas.parse_area_geojson(area.geojson)
    months = _months(clock.now())
    since = dt.datetime.combine(months[-1], dt.time(), tzinfo=localtime(clock.now()).tzinfo)
    found = reports_in_area(
        contains=lambda lat, lon: areas.contains(geometry, lat, lon),
        bounds=(area.min_lat, area.min_lng, area.max_lat, area.max_lng),
        since=since,
    )
    actions = actions_served_for_reports(report_ids=found.ids, since=since)
    patrols = _patrols(area, geometry, since)
    out = []
    for month in months:
        done = _rows(actions, month)
        if patrols[month]:
            done.append(("Patrols", shown(patrols[month])))
        out.append(Month(month=month, reports=_rows(found.by_month, month), actions=done))
    return Neighbourhood(area=area, months=out)
