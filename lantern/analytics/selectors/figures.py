"""The partnership's figures by month (docs/partnership-dashboard.md): resident reports
received, enforcement steps served, safeguarding counts, patrols done against planned, and
the police.uk recorded crime trend, for the whole partnership or one of its drawn areas.

Each app counts its own records through its own aggregate selector, which applies its own
permission checks and the partnership scope: reports (lantern/reports/area_counts.py),
enforcement (lantern/cases/selectors/counts.py), safeguarding
(lantern/safeguarding/selectors/numbers.py, one access event per read). Patrols and police.uk
records are this app's own. Every count is one grouped query, so the number of queries does
not depend on the number of months or records.

Safeguarding counts are suppressed below SMALL ("Fewer than 5"), as the public neighbourhood
pages do, and have no total: on a partnership's figures a count of one NRM referral in a
month, beside what a meeting knows, can point at a person."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from lantern.accounts.models import Partnership
from lantern.analytics.models import PatrolItem, PatrolLog, PatrolPlan, PoliceUkRecord
from lantern.analytics.selectors.neighbourhoods import SMALL, shown
from lantern.analytics.selectors.plans import dashboard_partnership, patrol_plan_list
from lantern.analytics.selectors.policeuk_counts import kept_counts
from lantern.core import areas
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.monthly import Months, Where, add_months, count_by_month, in_range
from lantern.core.permissions import Permission, can
from lantern.places.models import Area

ALL_CATEGORIES = "All categories"


@dataclass(frozen=True)
class Line:
    """One measure, month by month (counts in the order of the months)."""

    section: str
    label: str
    counts: list[int]
    suppressed: bool = False  # small counts shown as "Fewer than 5"

    def shown_counts(self) -> list[int | None]:
        """The counts as the API gives them: a suppressed small count is null."""
        if self.suppressed:
            return [None if 0 < n < SMALL else n for n in self.counts]
        return list(self.counts)

    def cells(self) -> list[str]:
        if self.suppressed:
            return [shown(n) for n in self.counts]
        return [str(n) for n in self.counts]


@dataclass(frozen=True)
class Figures:
    partnership: Partnership
    area: Area | None
    months: Months
    category: str
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def place(self) -> str:
        return self.area.name if self.area is not None else f"all of {self.partnership.name}"

    def sections(self) -> list[tuple[str, list[Line]]]:
        out: dict[str, list[Line]] = {}
        for line in self.lines:
            out.setdefault(line.section, []).append(line)
        return list(out.items())


def figures_area_choices(*, actor: Actor, partnership: Partnership) -> list[tuple[str, str]]:
    """The partnership's drawn areas, as (id, name), by name."""
    from lantern.places import selectors as places

    found = places.area_list(actor=actor).filter(partnership_id=partnership.pk).order_by("name")
    return [(str(pk), name) for pk, name in found.values_list("pk", "name")]


def _where(area: Area | None, boundary: dict | None) -> Where | None:
    geojson = area.geojson if area is not None else boundary
    if not geojson:
        return None
    shape = areas.parse_area_geojson(geojson)
    min_lng, min_lat, max_lng, max_lat = shape.bounds
    return Where(shape, (min_lat, min_lng, max_lat, max_lng))


def _weekdays(first: dt.date, last: dt.date, weekday: int) -> int:
    """How many days from ``first`` to ``last`` (both included) fall on ``weekday``."""
    if last < first:
        return 0
    ahead = (weekday - first.weekday()) % 7
    return max(0, ((last - first).days - ahead) // 7 + 1)


def patrols_by_month(
    *, actor: Actor, partnership_id: uuid.UUID, months: Months, where: Where | None = None
) -> tuple[Counter[dt.date], Counter[tuple]]:
    """(planned visits by month, patrols logged by month) of the partnership's published
    plans. A patrol's visits are planned each week on its day, from the plan's first day to
    its last (both included); a patrol is done in the month it started. Two grouped queries."""
    if not can(actor, Permission.PATROL_PLAN_VIEW):
        return Counter(), Counter()
    plans = patrol_plan_list(actor=actor).filter(
        partnership_id=partnership_id,
        status=PatrolPlan.Status.PUBLISHED,
        starts_on__lt=months.end,
        ends_on__gte=months.first,
    )
    items = (
        PatrolItem.objects.filter(plan__in=plans.values("pk"))
        .order_by()
        .values_list("plan__starts_on", "plan__ends_on", "weekday", "latitude", "longitude")
        .annotate(v=Sum("visits"))
    )
    planned: Counter[dt.date] = Counter()
    for starts, ends, weekday, lat, lng, visits in items:
        if where is not None and not areas.contains(where.shape, lat, lng):
            continue
        for month in months:
            first, last = max(starts, month), min(ends, add_months(month, 1) - dt.timedelta(1))
            planned[month] += visits * _weekdays(first, last, weekday)
    logs = in_range(
        PatrolLog.objects.filter(item__plan__in=plans.values("pk")), "started_at", months
    )
    done = count_by_month(
        logs, "started_at", where=where, lat="item__latitude", lng="item__longitude"
    )
    return planned, done


def policeuk_by_month(
    *,
    actor: Actor,
    where: Where,
    months: Months,
    category: str = "",
    kept: tuple[uuid.UUID, uuid.UUID | None, Any] | None = None,
) -> Counter[tuple]:
    """(first day of the month,) -> imported police.uk records in the area (open data, the
    same for every partnership), of one crime type or all. ``kept`` (partnership id, area
    id or None for its boundary, the shape's GeoJSON) reads the counts the imports keep
    (selectors/policeuk_counts.py) when they are of that shape; otherwise one grouped
    query over the records."""
    if not can(actor, Permission.PARTNERSHIP_DASHBOARD_VIEW):
        raise PermissionDenied(Permission.PARTNERSHIP_DASHBOARD_VIEW.value)
    if kept is not None:
        partnership_id, area_id, geojson = kept
        found = kept_counts(
            partnership_id=partnership_id,
            area_id=area_id,
            geojson=geojson,
            first=months.first,
            end=months.end,
            category=category,
        )
        if found is not None:
            by_month: Counter[tuple] = Counter()
            for (month, _type), n in found.items():
                by_month[(month,)] += n
            return by_month
    records = in_range(PoliceUkRecord.objects.all(), "month", months, dates=True)
    if category:
        records = records.filter(crime_type=category)
    return count_by_month(records, "month", where=where)


def _series(counts: Counter, months: Months, *rest: object) -> list[int]:
    return [counts.get((m, *rest), 0) for m in months]


def _enforcement(actor: Actor, partnership: Partnership, months: Months, where) -> list[Line]:
    from lantern.cases.selectors.counts import KINDS, actions_served_by_month

    served = actions_served_by_month(
        actor=actor, partnership_id=partnership.pk, months=months, where=where
    )
    section = "Enforcement steps served"
    lines = [Line(section, label, _series(served, months, kind)) for kind, label in KINDS]
    total = [sum(line.counts[i] for line in lines) for i in range(len(months))]
    return [*lines, Line(section, "All enforcement steps", total)]


SAFEGUARDING_LABELS = {
    "screenings": "Screenings",
    "referrals": "Referrals to support agencies and social care",
    "nrm": "NRM referrals",
    "ms1": "MS1 notifications (Duty to Notify, anonymous)",
}


def _safeguarding(actor: Actor, partnership: Partnership, months: Months) -> list[Line]:
    from lantern.safeguarding.selectors.numbers import counts_by_month

    counts = counts_by_month(actor=actor, partnership_id=partnership.pk, months=months)
    return [
        Line("Safeguarding", label, _series(counts[key], months), suppressed=True)
        for key, label in SAFEGUARDING_LABELS.items()
    ]


def partnership_figures(
    *,
    actor: Actor,
    partnership_id: uuid.UUID | str | None,
    area_id: uuid.UUID | str | None,
    months: Months,
    category: str = "",
) -> Figures:
    """The figures of one of the actor's partnerships (the first by name unless chosen), for
    the whole partnership or one of its drawn areas. NotFound for a partnership that is not
    the actor's, or an area that is not the partnership's."""
    from lantern.reports.area_counts import counts_by_month as reports_by_month

    if not can(actor, Permission.PARTNERSHIP_FIGURES_VIEW):
        raise PermissionDenied(Permission.PARTNERSHIP_FIGURES_VIEW.value)
    partnership = dashboard_partnership(actor=actor, partnership_id=partnership_id)
    if partnership is None:
        raise NotFound("partnership")
    area: Area | None = None
    if area_id:
        from lantern.places import selectors as places

        drawn = places.area_list(actor=actor).filter(partnership_id=partnership.pk)
        area = drawn.filter(pk=area_id).first()
        if area is None:
            raise NotFound("area")
    where = _where(area, None)
    reports = reports_by_month(
        actor=actor, partnership_id=partnership.pk, months=months, where=where
    )
    planned, done = patrols_by_month(
        actor=actor, partnership_id=partnership.pk, months=months, where=where
    )
    lines = [
        Line("Resident reports", "Reports received", _series(reports, months)),
        *_enforcement(actor, partnership, months, where),
        *_safeguarding(actor, partnership, months),
        Line("Patrols", "Patrol visits planned", [planned.get(m, 0) for m in months]),
        Line("Patrols", "Patrols done", _series(done, months)),
    ]
    notes = []
    crime_area = where if area is not None else _where(None, partnership.boundary)
    if crime_area is None:
        notes.append("The partnership has no boundary drawn, so no police.uk records are shown.")
    else:
        shape = area.geojson if area is not None else partnership.boundary
        crimes = policeuk_by_month(
            actor=actor,
            where=crime_area,
            months=months,
            category=category,
            kept=(partnership.pk, area.pk if area is not None else None, shape),
        )
        label = category or ALL_CATEGORIES
        lines.append(Line("police.uk recorded crime", label, _series(crimes, months)))
    return Figures(partnership, area, months, category, lines, notes)
