"""The points analysis reads: imported police.uk records and resident reports, with the
periods, categories and areas that filter them.

Imported police.uk records are public open data, shared by every partnership (no
partnership scope), but the analysis pages are for staff who hold HOTSPOT_VIEW. Resident
reports are read only through the reports app's own selector, which applies its own
visibility rules, the partnership scope first: the hotspots, time patterns, patrol plans
and impact evaluations computed from reports count only the actor's partnerships' reports
(and those shared with them). Nothing here queries the reports table itself."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from django.db.models import Count, QuerySet

from lantern.analytics.models import PoliceUkImport, PoliceUkMonthCount, PoliceUkRecord
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can


class Source(StrEnum):
    IMPORTED = "imported"
    REPORTS = "reports"


_DATE = r"\d{4}-\d{2}(?:-\d{2})?"  # a month (2018-07) or a day (2018-07-15)


@dataclass(frozen=True)
class Period:
    """From ``start`` (inclusive) to ``end`` (exclusive), whole days."""

    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2018-01..2018-04`` (whole months, both included) or ``2018-01-15..2018-02-14``;
        one month or one day alone is that month or day (``2018-07`` = ``2018-07..2018-07``)."""
        match = re.fullmatch(rf"\s*({_DATE})\s*(?:\.\.\s*({_DATE})\s*)?", text)
        if not match:
            raise ValueError(f"{text!r} is not a period like 2018-07 or 2018-01..2018-04")
        first, last = match.group(1), match.group(2) or match.group(1)
        start = _day(first, end=False)
        end = _day(last, end=True)
        if end <= start:
            raise ValueError(f"{text!r} ends before it starts")
        return cls(start, end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{(self.end - dt.timedelta(days=1)).isoformat()}"

    @property
    def months(self) -> float:
        return (self.end - self.start).days / 30.4375


def _day(text: str, *, end: bool) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            if not end:
                return first
            return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        day = dt.date(*parts)
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None
    return day + dt.timedelta(days=1) if end else day


@dataclass
class Points:
    """Points for analysis, in WGS84, with the month (imported) or time (reports)."""

    lon: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    times: list[dt.datetime] = field(default_factory=list)  # reports only
    months: list[dt.date] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    no_location: int = 0

    def __len__(self) -> int:
        return int(self.lon.size)

    def extend(self, other: Points) -> Points:
        return Points(
            np.concatenate([self.lon, other.lon]),
            np.concatenate([self.lat, other.lat]),
            self.times + other.times,
            self.months + other.months,
            self.categories + other.categories,
            self.no_location + other.no_location,
        )

    def select(self, mask: np.ndarray) -> Points:
        """The points where ``mask`` is true (``no_location`` unchanged)."""
        keep = np.flatnonzero(mask)
        return Points(
            self.lon[keep],
            self.lat[keep],
            [self.times[i] for i in keep] if self.times else [],
            [self.months[i] for i in keep],
            [self.categories[i] for i in keep],
            self.no_location,
        )


def _require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(permission.value)


def policeuk_records(
    *,
    actor: Actor,
    period: Period | None = None,
    category: str = "",
    area: str = "",
) -> QuerySet[PoliceUkRecord]:
    """Imported records; ``area`` is the start of the LSOA name (e.g. "Southend-on-Sea")."""
    if not can(actor, Permission.HOTSPOT_VIEW) and not can(actor, Permission.POLICEUK_IMPORT):
        return PoliceUkRecord.objects.none()
    records = PoliceUkRecord.objects.all()
    if period is not None:
        records = records.filter(month__gte=period.start.replace(day=1), month__lt=period.end)
    if category:
        records = records.filter(crime_type=category)
    if area:
        records = records.filter(lsoa_name__startswith=area)
    return records


ASB = "Anti-social behaviour"
# A report is in an LSOA-named area when its nearest police.uk location (a snap point,
# lantern/analytics/models.py) lies in one of the area's LSOAs and no farther than this.
NEAREST_SNAP_METRES = 1000.0


@dataclass(frozen=True)
class AreaFilter:
    """``area`` as the analysis reads it: the name of an area drawn in Lantern (places app),
    which filters both sources by its polygon; otherwise the start of an LSOA name, which
    filters imported records by their LSOA and reports by their nearest police.uk location."""

    text: str
    shape: Any = None  # a shapely geometry in WGS84 when ``text`` names a drawn area
    bounds: tuple[float, float, float, float] | None = None  # min lat, min lon, max lat, max lon

    @property
    def is_drawn(self) -> bool:
        return self.shape is not None


def area_filter(*, actor: Actor, area: str) -> AreaFilter | None:
    from lantern.places import selectors as places

    text = area.strip()
    if not text:
        return None
    drawn = places.area_list(actor=actor).filter(name__iexact=text).first()
    if drawn is None:
        return AreaFilter(text)
    return AreaFilter(text, places.area_shape(drawn), places.area_bounds(drawn))


def _inside(shape: Any, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    import shapely

    # For a point, intersecting the polygon is lying in it or on its boundary.
    return np.asarray(shapely.intersects_xy(shape, lon, lat), bool)


def policeuk_points(
    *, actor: Actor, period: Period | None = None, category: str = "", area: str = ""
) -> Points:
    where = area_filter(actor=actor, area=area)
    records = policeuk_records(
        actor=actor,
        period=period,
        category=category,
        area=where.text if where is not None and not where.is_drawn else "",
    )
    if where is not None and where.bounds is not None:
        min_lat, min_lon, max_lat, max_lon = where.bounds
        records = records.filter(
            latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
        )
    rows = list(records.values_list("longitude", "latitude", "month", "crime_type"))
    located = [r for r in rows if r[0] is not None and r[1] is not None]
    points = Points(
        lon=np.array([r[0] for r in located], float),
        lat=np.array([r[1] for r in located], float),
        months=[r[2] for r in located],
        categories=[r[3] for r in located],
        no_location=0 if where is not None and where.is_drawn else len(rows) - len(located),
    )
    if where is not None and where.is_drawn:
        points = points.select(_inside(where.shape, points.lon, points.lat))
    return points


def _in_lsoa_area(actor: Actor, prefix: str, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Which points lie in the LSOAs whose name starts with ``prefix``: the LSOA of the
    nearest police.uk location (any month, any category), if it is within
    NEAREST_SNAP_METRES. police.uk's locations are snap points in their LSOA, so this
    follows LSOA boundaries closely, though not exactly at their edges."""
    from scipy.spatial import cKDTree

    from lantern.analytics.methods.grid import to_bng

    if lon.size == 0:
        return np.zeros(0, bool)
    snaps = list(
        policeuk_records(actor=actor)
        .filter(longitude__isnull=False, latitude__isnull=False)
        .values_list("longitude", "latitude", "lsoa_name")
        .distinct()
    )
    if not snaps:
        return np.zeros(lon.size, bool)
    sx, sy = to_bng(np.array([s[0] for s in snaps]), np.array([s[1] for s in snaps]))
    in_area = np.array([s[2].startswith(prefix) for s in snaps], bool)
    x, y = to_bng(lon, lat)
    distance, nearest = cKDTree(np.column_stack([sx, sy])).query(np.column_stack([x, y]))
    return (distance <= NEAREST_SNAP_METRES) & in_area[nearest]


def report_points(
    *, actor: Actor, period: Period | None = None, category: str = "", area: str = ""
) -> Points:
    """Resident reports, read through ``lantern.reports.selectors.report_points`` (the
    reports app decides what the actor may see). ``category`` is a report category's code,
    or a police.uk crime type: every resident report is of an ASB type, so "Anti-social
    behaviour" takes them all and any other crime type none. ``area`` as AreaFilter says."""
    from lantern.reports import selectors as report_selectors

    start = end = None
    if period is not None:
        start = dt.datetime.combine(period.start, dt.time(), tzinfo=dt.UTC)
        end = dt.datetime.combine(period.end, dt.time(), tzinfo=dt.UTC)
    found = report_selectors.report_points(
        actor=actor, category="" if category == ASB else category, start=start, end=end
    )
    points = Points(
        lon=np.array([p.longitude for p in found], float),
        lat=np.array([p.latitude for p in found], float),
        times=[p.occurred_at for p in found],
        months=[p.occurred_at.date().replace(day=1) for p in found],
        categories=[p.category for p in found],
    )
    where = area_filter(actor=actor, area=area)
    if where is None:
        return points
    if where.is_drawn:
        return points.select(_inside(where.shape, points.lon, points.lat))
    return points.select(_in_lsoa_area(actor, where.text, points.lon, points.lat))


def analysis_points(
    *,
    actor: Actor,
    period: Period | None = None,
    category: str = "",
    area: str = "",
    sources: frozenset[Source] = frozenset({Source.IMPORTED}),
) -> Points:
    _require(actor, Permission.HOTSPOT_VIEW)
    points = Points()
    if Source.IMPORTED in sources:
        points = points.extend(
            policeuk_points(actor=actor, period=period, category=category, area=area)
        )
    if Source.REPORTS in sources:
        points = points.extend(
            report_points(actor=actor, period=period, category=category, area=area)
        )
    return points


def _month_counts(actor: Actor) -> QuerySet[PoliceUkMonthCount]:
    """The records' counts by month and crime type (kept by the import service)."""
    if not can(actor, Permission.HOTSPOT_VIEW) and not can(actor, Permission.POLICEUK_IMPORT):
        return PoliceUkMonthCount.objects.none()
    return PoliceUkMonthCount.objects.filter(records__gt=0)


def policeuk_categories(*, actor: Actor) -> list[str]:
    return sorted(set(_month_counts(actor).values_list("crime_type", flat=True)))


def analysis_categories(*, actor: Actor) -> list[tuple[str, str]]:
    """The categories the analysis filters on, as (value, label): police.uk crime types,
    then resident report categories (by code) for those who may see reports."""
    from lantern.reports import selectors as report_selectors

    choices = [(c, c) for c in policeuk_categories(actor=actor)]
    if can(actor, Permission.REPORT_VIEW):
        choices += [
            (c.code, f"{c.name} (resident reports)")
            for c in report_selectors.category_list(include_inactive=True)
        ]
    return choices


def policeuk_months(*, actor: Actor) -> list[dt.date]:
    return sorted(set(_month_counts(actor).values_list("month", flat=True)))


REPORT_MONTHS = 24


def analysis_months(*, actor: Actor, imported: list[dt.date] | None = None) -> list[dt.date]:
    """The months the analysis offers: those with imported records (``imported``, when the
    caller has read them already) and, for those who may see reports, the last
    REPORT_MONTHS months up to this one (UK time)."""
    from lantern.analytics.methods.cells import LONDON
    from lantern.core import clock

    months = set(policeuk_months(actor=actor) if imported is None else imported)
    if can(actor, Permission.REPORT_VIEW):
        this = clock.now().astimezone(LONDON).date().replace(day=1)
        for back in range(REPORT_MONTHS):
            year, month = divmod(this.year * 12 + this.month - 1 - back, 12)
            months.add(dt.date(year, month + 1, 1))
    return sorted(months)


def monthly_counts(
    *,
    actor: Actor,
    area: str = "",
    period: Period | None = None,
    boundary: Any = None,
    partnership_id: Any = None,
) -> list[tuple[dt.date, str, int]]:
    """(month, crime type, count) of imported records for the partnership dashboard:
    ``area`` is the start of an LSOA name; ``boundary`` (a partnership's area, GeoJSON)
    keeps the records inside it. Open data: the boundary chooses what the dashboard is
    about, it grants nothing. Inside the boundary of ``partnership_id`` with no LSOA name,
    the answer comes from the counts the imports keep (selectors/policeuk_counts.py)."""
    _require(actor, Permission.PARTNERSHIP_DASHBOARD_VIEW)
    if boundary is not None and partnership_id is not None and not area:
        from lantern.analytics.selectors.policeuk_counts import kept_counts

        kept = kept_counts(
            partnership_id=partnership_id,
            area_id=None,
            geojson=boundary,
            first=period.start.replace(day=1) if period is not None else None,
            end=period.end if period is not None else None,
        )
        if kept is not None:
            return [(m, t, n) for (m, t), n in sorted(kept.items())]
    records = PoliceUkRecord.objects.all()
    if area:
        records = records.filter(lsoa_name__startswith=area)
    if period is not None:
        records = records.filter(month__gte=period.start.replace(day=1), month__lt=period.end)
    if boundary is not None:
        return _counts_inside(records, boundary)
    rows = (
        records.values_list("month", "crime_type")
        .annotate(n=Count("id"))
        .order_by("month", "crime_type")
    )
    return [(m, t, n) for m, t, n in rows]


def _counts_inside(
    records: QuerySet[PoliceUkRecord], boundary: Any
) -> list[tuple[dt.date, str, int]]:
    """Counts by month and crime type of the records inside ``boundary``: the bounding box
    in the query, the polygon here (one query)."""
    from collections import Counter

    from lantern.core import areas

    shape = areas.parse_area_geojson(boundary)
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    found = list(
        records.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
        .order_by()
        .values_list("month", "crime_type", "longitude", "latitude")
    )
    lon = np.array([r[2] for r in found], float)
    lat = np.array([r[3] for r in found], float)
    inside = _inside(shape, lon, lat) if found else np.zeros(0, bool)
    counts = Counter((r[0], r[1]) for r, keep in zip(found, inside, strict=True) if keep)
    return [(m, t, n) for (m, t), n in sorted(counts.items())]


def import_list(*, actor: Actor) -> QuerySet[PoliceUkImport]:
    if not can(actor, Permission.POLICEUK_IMPORT) and not can(actor, Permission.HOTSPOT_VIEW):
        return PoliceUkImport.objects.none()
    return PoliceUkImport.objects.all()


def check_coverage(coverage: float) -> float:
    if not 0 < coverage <= 1:
        raise ValidationFailed({"coverage": ["Coverage must be more than 0 and at most 1."]})
    return coverage
