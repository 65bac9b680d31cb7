"""Every analytics read, filtered for the actor. Imported police.uk records are open data,
but the analysis pages are for staff who hold HOTSPOT_VIEW; resident reports are read only
through the reports app's own selector, which applies its own visibility rules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from lantern.analytics.models import (
    ImpactEvaluation,
    PatrolItem,
    PatrolLog,
    PatrolPlan,
    PoliceUkImport,
    PoliceUkRecord,
)
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can, register_object_policy


class Source(StrEnum):
    IMPORTED = "imported"
    REPORTS = "reports"


@dataclass(frozen=True)
class Period:
    """From ``start`` (inclusive) to ``end`` (exclusive), whole days."""

    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2018-01..2018-04`` (whole months, both included) or ``2018-01-15..2018-02-14``."""
        match = re.fullmatch(
            r"\s*(\d{4}-\d{2}(?:-\d{2})?)\s*\.\.\s*(\d{4}-\d{2}(?:-\d{2})?)\s*", text
        )
        if not match:
            raise ValueError(f"{text!r} is not a period like 2018-01..2018-04")
        start = _day(match.group(1), end=False)
        end = _day(match.group(2), end=True)
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


def policeuk_points(
    *, actor: Actor, period: Period | None = None, category: str = "", area: str = ""
) -> Points:
    records = policeuk_records(actor=actor, period=period, category=category, area=area)
    rows = list(records.values_list("longitude", "latitude", "month", "crime_type"))
    located = [r for r in rows if r[0] is not None and r[1] is not None]
    return Points(
        lon=np.array([r[0] for r in located], float),
        lat=np.array([r[1] for r in located], float),
        months=[r[2] for r in located],
        categories=[r[3] for r in located],
        no_location=len(rows) - len(located),
    )


def report_points(
    *, actor: Actor, period: Period | None = None, category: str = "", area: str = ""
) -> Points:
    """Resident reports, read through ``lantern.reports.selectors.report_points`` (the
    reports app decides what the actor may see). Reports carry no LSOA, so ``area`` is not
    applied to them yet: the extension point is here, once places offers area polygons."""
    from lantern.reports import selectors as report_selectors

    reader = getattr(report_selectors, "report_points", None)
    if reader is None:  # the reports app does not offer points (yet)
        return Points()
    start = end = None
    if period is not None:
        start = dt.datetime.combine(period.start, dt.time(), tzinfo=dt.UTC)
        end = dt.datetime.combine(period.end, dt.time(), tzinfo=dt.UTC)
    found = reader(actor=actor, category=category, start=start, end=end)
    return Points(
        lon=np.array([p.longitude for p in found], float),
        lat=np.array([p.latitude for p in found], float),
        times=[p.occurred_at for p in found],
        months=[p.occurred_at.date().replace(day=1) for p in found],
        categories=[p.category for p in found],
    )


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


def policeuk_categories(*, actor: Actor) -> list[str]:
    return sorted(policeuk_records(actor=actor).values_list("crime_type", flat=True).distinct())


def policeuk_months(*, actor: Actor) -> list[dt.date]:
    return sorted(policeuk_records(actor=actor).values_list("month", flat=True).distinct())


def monthly_counts(
    *, actor: Actor, area: str = "", period: Period | None = None
) -> list[tuple[dt.date, str, int]]:
    """(month, crime type, count) for the partnership dashboard."""
    _require(actor, Permission.PARTNERSHIP_DASHBOARD_VIEW)
    records = PoliceUkRecord.objects.all()
    if area:
        records = records.filter(lsoa_name__startswith=area)
    if period is not None:
        records = records.filter(month__gte=period.start.replace(day=1), month__lt=period.end)
    rows = (
        records.annotate(m=TruncMonth("month"))
        .values_list("month", "crime_type")
        .annotate(n=Count("id"))
        .order_by("month", "crime_type")
    )
    return [(m, t, n) for m, t, n in rows]


def import_list(*, actor: Actor) -> QuerySet[PoliceUkImport]:
    if not can(actor, Permission.POLICEUK_IMPORT) and not can(actor, Permission.HOTSPOT_VIEW):
        return PoliceUkImport.objects.none()
    return PoliceUkImport.objects.all()


def check_coverage(coverage: float) -> float:
    if not 0 < coverage <= 1:
        raise ValidationFailed({"coverage": ["Coverage must be more than 0 and at most 1."]})
    return coverage


# --- patrol plans and impact evaluations ---------------------------------------------------


def _in_organisation(actor: Actor, organisation_id) -> bool:
    return actor.is_system or organisation_id is None or organisation_id in actor.organisation_ids


def _patrol_plan_policy(actor: Actor, permission: Permission, plan: PatrolPlan) -> bool:
    if not _in_organisation(actor, plan.organisation_id):
        return False
    if plan.status == PatrolPlan.Status.DRAFT:
        return can(actor, Permission.PATROL_PLAN_PROPOSE) or can(
            actor, Permission.PATROL_PLAN_PUBLISH
        )
    return True


def _impact_policy(actor: Actor, permission: Permission, evaluation: ImpactEvaluation) -> bool:
    return _in_organisation(actor, evaluation.organisation_id)


register_object_policy(PatrolPlan, _patrol_plan_policy)
register_object_policy(ImpactEvaluation, _impact_policy)


def patrol_plan_list(*, actor: Actor) -> QuerySet[PatrolPlan]:
    if not can(actor, Permission.PATROL_PLAN_VIEW):
        return PatrolPlan.objects.none()
    plans = PatrolPlan.objects.all()
    if not actor.is_system:
        plans = plans.filter(
            Q(organisation_id__isnull=True) | Q(organisation_id__in=actor.organisation_ids)
        )
    if not (
        can(actor, Permission.PATROL_PLAN_PROPOSE) or can(actor, Permission.PATROL_PLAN_PUBLISH)
    ):
        plans = plans.filter(status=PatrolPlan.Status.PUBLISHED)
    return plans


def patrol_plan_get(*, actor: Actor, plan_id) -> PatrolPlan:
    try:
        return patrol_plan_list(actor=actor).get(pk=plan_id)
    except (PatrolPlan.DoesNotExist, ValueError, DjangoValidationError):
        raise NotFound("patrol plan") from None


@dataclass(frozen=True)
class ItemProgress:
    item: PatrolItem
    planned_visits: int
    logged: int
    logged_minutes: int


def patrol_plan_progress(*, actor: Actor, plan: PatrolPlan) -> list[ItemProgress]:
    """Planned against done, per patrol: visits planned, patrols logged, minutes logged."""
    items = list(plan.items.all())
    logs: dict = {}
    for log in PatrolLog.objects.filter(item__plan=plan):
        logs.setdefault(log.item_id, []).append(log)
    return [
        ItemProgress(
            item,
            item.visits,
            len(logs.get(item.pk, [])),
            sum(entry.minutes for entry in logs.get(item.pk, [])),
        )
        for item in items
    ]


def impact_list(*, actor: Actor) -> QuerySet[ImpactEvaluation]:
    if not can(actor, Permission.IMPACT_VIEW):
        return ImpactEvaluation.objects.none()
    evaluations = ImpactEvaluation.objects.all()
    if not actor.is_system:
        evaluations = evaluations.filter(
            Q(organisation_id__isnull=True) | Q(organisation_id__in=actor.organisation_ids)
        )
    return evaluations


def impact_get(*, actor: Actor, evaluation_id) -> ImpactEvaluation:
    try:
        return impact_list(actor=actor).get(pk=evaluation_id)
    except (ImpactEvaluation.DoesNotExist, ValueError, DjangoValidationError):
        raise NotFound("impact evaluation") from None


def impact_for_case(*, actor: Actor, case_id) -> QuerySet[ImpactEvaluation]:
    """The impact evaluations in a place-based problem case's assessment stage."""
    return impact_list(actor=actor).filter(case_id=case_id)
