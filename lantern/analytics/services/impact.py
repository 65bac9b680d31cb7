"""Impact evaluations: counts, rate ratios and the WDQ for a problem area."""

from __future__ import annotations

from django.db import transaction

from lantern.analytics.models import (
    ImpactEvaluation,
)
from lantern.analytics.services._common import _require
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission

IMPACT_EVALUATED = catalogue.declare(
    "impact.evaluated", "An impact evaluation was computed; details give the counts."
)


# --- impact ---------------------------------------------------------------------------------


def impact_evaluate(
    *,
    actor: Actor,
    title: str,
    problem_area: dict,
    comparison_area: dict,
    buffer_m: int,
    before: str,
    after: str,
    category: str = "",
    case_id=None,
) -> ImpactEvaluation:
    """Count imported (and reported) records in the problem area, its buffer ring and the
    comparison area before and after; store the counts, the rate ratios and the WDQ."""
    from lantern.analytics import impact
    from lantern.analytics.methods.grid import to_bng
    from lantern.analytics.selectors import Period, analysis_points

    _require(actor, Permission.IMPACT_MANAGE)
    errors: dict[str, list[str]] = {}
    periods: dict[str, Period] = {}
    for name, text in (("before", before), ("after", after)):
        try:
            periods[name] = Period.parse(text)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if not title.strip():
        errors["title"] = ["Enter a title."]
    if not 0 <= buffer_m <= 5000:
        errors["buffer_m"] = ["The buffer must be between 0 and 5000 metres."]
    areas = None
    if not errors:
        try:
            areas = impact.Areas.build(problem_area, comparison_area, buffer_m)
        except impact.AreaError as exc:
            errors["problem_area"] = [f"The areas are not usable: {exc}."]
    if not errors and periods["before"].end > periods["after"].start:
        errors["after"] = ["The after period must start when the before period has ended."]
    if errors or areas is None:
        raise ValidationFailed(errors)
    counts: dict[str, int] = {}
    for name, key in (("before", "b"), ("after", "a")):
        points = analysis_points(actor=actor, period=periods[name], category=category)
        x, y = to_bng(points.lon, points.lat)
        r, d, c = areas.count(x, y)
        counts |= {f"r{key}": r, f"d{key}": d, f"c{key}": c}
    with transaction.atomic():
        evaluation = ImpactEvaluation.objects.create(
            title=title.strip()[:120],
            organisation_id=next(iter(sorted(actor.organisation_ids)), None),
            case_id=case_id,
            category=category[:100],
            problem_area=problem_area,
            comparison_area=comparison_area,
            buffer_m=buffer_m,
            before_start=periods["before"].start,
            before_end=periods["before"].end,
            after_start=periods["after"].start,
            after_end=periods["after"].end,
            counts=counts,
            results=impact.measures_for(counts),
            created_by=actor.audit_id,
        )
        audit_record(
            actor=actor,
            action=IMPACT_EVALUATED,
            object_type="analytics.impactevaluation",
            object_id=str(evaluation.pk),
            details=dict(counts),
        )
    return evaluation
