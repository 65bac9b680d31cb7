"""Impact evaluations: counts, rate ratios and the WDQ for a problem area."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from lantern.accounts.selectors import partnership_for_creator
from lantern.analytics.models import (
    ImpactEvaluation,
)
from lantern.analytics.services._common import _creator_organisation, _require
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

IMPACT_EVALUATED = catalogue.declare(
    "impact.evaluated", "An impact evaluation was computed; details give the counts."
)


# --- impact ---------------------------------------------------------------------------------


class CaseNotReady(ValidationFailed):
    """The case is not a place-based problem in its assessment stage."""


def case_for_evaluation(*, actor: Actor, case_id) -> Any:
    """The place-based problem case an evaluation is made from: one the actor may see, in
    its assessment stage, with its area drawn; analysts (IMPACT_MANAGE) and whoever may
    manage the case (its officers) may evaluate it. Raises NotFound, PermissionDenied or
    CaseNotReady."""
    from lantern.cases import selectors as cases

    case = cases.case_get(actor=actor, case_id=case_id)
    if not (can(actor, Permission.IMPACT_MANAGE) or can(actor, Permission.CASE_MANAGE, case)):
        raise PermissionDenied(Permission.IMPACT_MANAGE.value)
    if case.kind != "place":
        raise CaseNotReady({"case": ["Only a place-based problem is evaluated for its impact."]})
    if case.sara_stage != "assessment":
        raise CaseNotReady(
            {"case": ["The problem must be in its assessment stage to evaluate the response."]}
        )
    if not case.area:
        raise CaseNotReady({"case": ["Draw the problem's area on the case first."]})
    return case


def _belongs_to(
    *, actor: Actor, case_id: Any, partnership_id: uuid.UUID | None, errors: dict
) -> tuple[Any, uuid.UUID | None, uuid.UUID | None]:
    """The case an evaluation is made from (or None), and the organisation and partnership
    it belongs to: the case's, or else the creator's (their only partnership, or the one
    they chose). Adds to ``errors`` when the creator must choose."""
    organisation_id = None
    case = None
    partnership: uuid.UUID | None = None
    if case_id is not None:
        case = case_for_evaluation(actor=actor, case_id=case_id)
        organisation_id = case.organisation_id
        partnership = case.partnership_id  # from the parent (docs/adr/0015)
    else:
        _require(actor, Permission.IMPACT_MANAGE)
    if partnership is None:
        try:
            partnership = partnership_for_creator(actor=actor, partnership_id=partnership_id)
        except ValidationFailed as exc:
            errors.update(exc.errors)
        else:
            if case is None:
                organisation_id = _creator_organisation(actor, partnership)
    return case, organisation_id, partnership


def _chosen_sources(sources: frozenset[str], errors: dict) -> frozenset[Any]:
    """The sources to count (imported records, reports or both); adds to ``errors`` when
    none, or an unknown one, is chosen."""
    from lantern.analytics.selectors import Source

    try:
        chosen = frozenset(Source(s) for s in sources)
    except ValueError:
        chosen = frozenset()
    if not chosen:
        errors["sources"] = ["Choose imported records, resident reports or both."]
    return chosen


def impact_evaluate(
    *,
    actor: Actor,
    title: str,
    problem_area: dict | None,
    comparison_area: dict,
    buffer_m: int,
    before: str,
    after: str,
    category: str = "",
    case_id=None,
    sources: frozenset[str] = frozenset({"imported"}),
    partnership_id: uuid.UUID | None = None,
) -> ImpactEvaluation:
    """Count imported (and, if asked, reported) records in the problem area, its buffer
    ring and the comparison area before and after; store the counts, the rate ratios and
    the WDQ. With ``case_id`` the evaluation belongs to that place-based problem case (see
    case_for_evaluation) and to its partnership, and the problem area defaults to the
    case's area; without, to the creator's partnership (their only one, or
    ``partnership_id`` among theirs). Reports counted are those the actor may see: their
    partnerships' (lantern.reports.selectors.report_points)."""
    from lantern.analytics import impact
    from lantern.analytics.methods.grid import to_bng
    from lantern.analytics.selectors import Period, analysis_points

    errors: dict[str, list[str]] = {}
    case, organisation_id, partnership = _belongs_to(
        actor=actor, case_id=case_id, partnership_id=partnership_id, errors=errors
    )
    if case is not None and not problem_area:
        problem_area = case.area
    chosen = _chosen_sources(sources, errors)
    if not isinstance(problem_area, dict):
        errors["problem_area"] = ["Draw the problem area."]
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
    if not errors and isinstance(problem_area, dict):
        try:
            areas = impact.Areas.build(problem_area, comparison_area, buffer_m)
        except impact.AreaError as exc:
            errors["problem_area"] = [f"The areas are not usable: {exc}."]
    if not errors and periods["before"].end > periods["after"].start:
        errors["after"] = ["The after period must start when the before period has ended."]
    if errors or areas is None or partnership is None:
        raise ValidationFailed(errors)
    counts: dict[str, int] = {}
    for name, key in (("before", "b"), ("after", "a")):
        points = analysis_points(
            actor=actor, period=periods[name], category=category, sources=chosen
        )
        x, y = to_bng(points.lon, points.lat)
        r, d, c = areas.count(x, y)
        counts |= {f"r{key}": r, f"d{key}": d, f"c{key}": c}
    with transaction.atomic():
        evaluation = ImpactEvaluation.objects.create(
            title=title.strip()[:120],
            partnership_id=partnership,
            organisation_id=organisation_id,
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
            details=dict(counts)
            | {"case": str(case_id) if case_id else None, "partnership": str(partnership)},
        )
    return evaluation
