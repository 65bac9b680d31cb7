"""Analytics in the JSON API: hotspot surfaces and the hour-of-week matrix, patrol plans
(and logging a patrol), impact evaluations. The same selectors and services as the pages,
so the same permission checks: HOTSPOT_VIEW for surfaces, PATROL_PLAN_VIEW / PATROL_LOG for
plans, IMPACT_VIEW / IMPACT_MANAGE (or managing the case) for evaluations."""

import uuid
from typing import Any

from django.http import HttpResponse, QueryDict
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lantern.analytics import maps, selectors, services
from lantern.analytics.analysis import Parameters
from lantern.analytics.forms import choose_figures
from lantern.analytics.methods.cells import DAYS
from lantern.analytics.models import ImpactEvaluation, PatrolPlan
from lantern.analytics.schemas import (
    AnalysisFilters,
    FiguresOut,
    FiguresQuery,
    HourOfWeekOut,
    ImpactDetailOut,
    ImpactIn,
    ImpactOut,
    PatrolItemOut,
    PatrolLogIn,
    PatrolLogOut,
    PatrolPlanDetailOut,
    PatrolPlanOut,
    PolygonGeoJSON,
    PreparingOut,
    SurfaceOut,
    SurfaceQuery,
)
from lantern.analytics.selectors import Period, Source
from lantern.analytics.surfaces import SurfaceInputs, expand
from lantern.analytics.surfaces import hour_of_week_matrix as hour_of_week_matrix_of
from lantern.core.api import BoundedPagination, ErrorOut, FieldErrorsOut, actor_of
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest

router = Router(tags=["analytics"])

Errors = {403: ErrorOut, 422: FieldErrorsOut}


def _sources(choice: str) -> frozenset[Source]:
    return frozenset(Source) if choice == "both" else frozenset({Source(choice)})


def _period(text: str, field: str = "period") -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise ValidationFailed({field: [str(exc)]}) from None


@router.get(
    "/hotspots",
    response={200: SurfaceOut, 202: PreparingOut, **Errors},
    summary="A hotspot surface as GeoJSON",
)
def hotspots(request: LanternRequest, query: Query[SurfaceQuery], response: HttpResponse):
    """The strongest hotspot cells for the filters, as a GeoJSON FeatureCollection: kernel
    density (British National Grid, metres), Getis-Ord Gi* hot spots at a false discovery
    rate, or counts per H3 cell. Surfaces are computed in the background and stored: 202
    (with Retry-After) while the one for these filters and the current data is prepared.
    Needs hotspot.view."""
    params = Parameters(
        cell=query.cell,
        bandwidth=query.bandwidth,
        gi_radius=query.gi_radius,
        h3_resolution=query.h3_resolution,
        fdr_alpha=query.fdr_alpha,
    ).check()
    inputs = SurfaceInputs(
        method=query.method,
        period=_period(query.period),
        category=query.category,
        area=query.area.strip(),
        sources=_sources(query.source),
        params=params,
    )
    stored = services.hotspot_surface_for(actor=actor_of(request), inputs=inputs)
    if stored is None:
        response["Retry-After"] = str(services.RETRY_SECONDS)
        return Status(202, PreparingOut(status="preparing", retry_after=services.RETRY_SECONDS))
    what = query.category or "All categories"
    where = query.area or "all areas"
    return expand(stored.result).geojson(
        title=f"{maps.MAP_METHODS[query.method]}: {what}, {where}, {inputs.period}",
        records=stored.result["records"],
        no_location=stored.result["no_location"],
        computed_at=stored.computed_at,
    )


@router.get(
    "/hour-of-week",
    response={200: HourOfWeekOut, 202: PreparingOut, **Errors},
    summary="Records by day and hour of the week",
)
def hour_of_week_matrix(
    request: LanternRequest, filters: Query[AnalysisFilters], response: HttpResponse
):
    """How many records fall in each hour of each day of the week (UK time), for the same
    filters as the surfaces. Only resident reports carry a time of day. The matrix is kept
    with the stored surface of the same filters (the map page's, kernel density with its
    default parameters): 202 (with Retry-After) while that is prepared. Needs hotspot.view."""
    inputs = SurfaceInputs(
        method="kde",
        period=_period(filters.period),
        category=filters.category,
        area=filters.area.strip(),
        sources=_sources(filters.source),
    )
    stored = services.hotspot_surface_for(actor=actor_of(request), inputs=inputs)
    if stored is None:
        response["Retry-After"] = str(services.RETRY_SECONDS)
        return Status(202, PreparingOut(status="preparing", retry_after=services.RETRY_SECONDS))
    matrix = hour_of_week_matrix_of(stored.result)
    rows = [[0] * 24 for _ in DAYS] if matrix is None else matrix.tolist()
    timed = sum(map(sum, rows))
    return HourOfWeekOut(
        timezone="Europe/London",
        days=list(DAYS),
        matrix=rows,
        records=timed,
        without_time=int(stored.result["records"]) - timed,
    )


# --- the partnership's figures by month -----------------------------------------------------


@router.get(
    "/partnership-figures",
    response={200: FiguresOut, 404: ErrorOut, **Errors},
    summary="The partnership's figures by month",
)
def partnership_figures(request: LanternRequest, query: Query[FiguresQuery]):
    """Resident reports received, enforcement steps served, safeguarding counts (small
    counts null), patrols planned and done, and police.uk recorded crime, month by month, for
    one of your partnerships or one of its drawn areas. The same figures as the page
    /analytics/partnership/ and its CSV. Needs partnership_figures.view."""
    params = QueryDict(mutable=True)
    for key, value in query.dict().items():
        if value:
            params[key] = value
    chosen = choose_figures(actor_of(request), params)
    if chosen.form.errors:
        raise ValidationFailed({k: [str(e) for e in v] for k, v in chosen.form.errors.items()})
    figures = chosen.figures
    if figures is None:
        raise NotFound("partnership")
    return {
        "partnership_id": figures.partnership.pk,
        "area_id": figures.area.pk if figures.area is not None else None,
        "place": figures.place,
        "months": [f"{m:%Y-%m}" for m in figures.months],
        "category": figures.category,
        "lines": [
            {
                "section": line.section,
                "label": line.label,
                "counts": line.shown_counts(),
                "suppressed": line.suppressed,
            }
            for line in figures.lines
        ],
        "notes": figures.notes,
    }


# --- patrol plans ---------------------------------------------------------------------------


def _plan_out(plan: PatrolPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "partnership_id": plan.partnership_id,
        "title": plan.title,
        "status": plan.status,
        "state": plan.state,
        "failure": plan.failure,
        "category": plan.category,
        "area": plan.area,
        "basis": plan.basis,
        "method": plan.method,
        "method_reason": plan.method_reason,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "published_at": plan.published_at,
    }


@router.get("/patrol-plans", response=list[PatrolPlanOut], summary="Patrol plans")
@paginate(BoundedPagination)
def patrol_plans(request: LanternRequest):
    """The plans of the caller's partnerships, newest first: published plans for every
    officer of the partnership's member organisations, drafts as well for the analysts and
    supervisors of the organisation that proposed them."""
    return selectors.patrol_plan_list(actor=actor_of(request))


@router.get(
    "/patrol-plans/{plan_id}",
    response={200: PatrolPlanDetailOut, 202: PreparingOut, 404: ErrorOut},
    summary="A patrol plan, planned against done",
)
def patrol_plan(request: LanternRequest, response: HttpResponse, plan_id: uuid.UUID):
    """A plan with its patrols, planned against done. A proposed plan is built in the
    background: 202 (with Retry-After) while it is being prepared; a plan that could not
    be prepared answers with state "failed", the reason in "failure" and no patrols."""
    actor = actor_of(request)
    plan = selectors.patrol_plan_get(actor=actor, plan_id=plan_id)
    if plan.state == PatrolPlan.State.PREPARING:
        response["Retry-After"] = str(services.RETRY_SECONDS)
        return Status(202, PreparingOut(status="preparing", retry_after=services.RETRY_SECONDS))
    items = [
        PatrolItemOut(
            id=p.item.pk,
            label=p.item.label,
            latitude=p.item.latitude,
            longitude=p.item.longitude,
            radius_m=p.item.radius_m,
            weekday=p.item.weekday,
            start_time=p.item.start_time,
            end_time=p.item.end_time,
            visits=p.planned_visits,
            dosage_minutes=p.item.dosage_minutes,
            logged=p.logged,
            logged_minutes=p.logged_minutes,
        )
        for p in selectors.patrol_plan_progress(actor=actor, plan=plan)
    ]
    return PatrolPlanDetailOut(**_plan_out(plan), items=items)


@router.post(
    "/patrol-items/{item_id}/logs",
    response={201: PatrolLogOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
    summary="Log a patrol",
)
def patrol_log(request: LanternRequest, item_id: uuid.UUID, payload: PatrolLogIn):
    """An officer logs a patrol done against a patrol of a published plan. Needs patrol.log."""
    log = services.patrol_log(
        actor=actor_of(request),
        item_id=item_id,
        started_at=payload.started_at,
        ended_at=payload.ended_at,
        notes=payload.notes,
    )
    return Status(
        201,
        PatrolLogOut(
            id=log.pk,
            item_id=log.item_id,
            started_at=log.started_at,
            ended_at=log.ended_at,
            minutes=log.minutes,
            notes=log.notes,
        ),
    )


# --- impact evaluations -----------------------------------------------------------------------


def _polygon(geojson: dict[str, Any]) -> PolygonGeoJSON:
    """A stored polygon as the typed GeoJSON answer: [longitude, latitude] pairs, each ring
    closed (shapely, which checked it when it was stored, closes rings itself)."""
    rings = []
    for ring in geojson["coordinates"]:
        points = [[float(p[0]), float(p[1])] for p in ring]
        if points[0] != points[-1]:
            points.append(points[0])
        rings.append(points)
    return PolygonGeoJSON(type="Polygon", coordinates=rings)


def _impact_out(e: ImpactEvaluation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "partnership_id": e.partnership_id,
        "title": e.title,
        "case_id": e.case_id,
        "category": e.category,
        "buffer_m": e.buffer_m,
        "before_start": e.before_start,
        "before_end": e.before_end,
        "after_start": e.after_start,
        "after_end": e.after_end,
        "counts": e.counts,
        "results": e.results,
        "created_at": e.created_at,
    }


def _impact_detail(e: ImpactEvaluation) -> ImpactDetailOut:
    return ImpactDetailOut(
        **_impact_out(e),
        problem_area=_polygon(e.problem_area),
        comparison_area=_polygon(e.comparison_area),
    )


@router.get("/impact-evaluations", response=list[ImpactOut], summary="Impact evaluations")
@paginate(BoundedPagination)
def impact_evaluations(request: LanternRequest, case_id: uuid.UUID | None = None):
    """The evaluations the caller may see, newest first; ``case_id`` keeps a case's."""
    actor = actor_of(request)
    if case_id is None:
        return selectors.impact_list(actor=actor)
    return selectors.impact_for_case(actor=actor, case_id=case_id)


@router.get(
    "/impact-evaluations/{evaluation_id}",
    response={200: ImpactDetailOut, 404: ErrorOut},
    summary="An impact evaluation",
)
def impact_evaluation(request: LanternRequest, evaluation_id: uuid.UUID):
    return _impact_detail(
        selectors.impact_get(actor=actor_of(request), evaluation_id=evaluation_id)
    )


@router.post(
    "/impact-evaluations",
    response={201: ImpactDetailOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
    summary="Evaluate a response",
)
def impact_evaluate(request: LanternRequest, payload: ImpactIn):
    """Counts before and after in the problem area, its buffer ring and the comparison
    area; the rate ratios with 95 % intervals and the Weighted Displacement Quotient with
    its reading, or why it was not computed. With ``case_id``: the case must be a
    place-based problem in its assessment stage (422 otherwise), and its officers may
    evaluate it as well as analysts and supervisors."""
    evaluation = services.impact_evaluate(
        actor=actor_of(request),
        title=payload.title,
        problem_area=payload.problem_area.dict() if payload.problem_area else None,
        comparison_area=payload.comparison_area.dict(),
        buffer_m=payload.buffer_m,
        before=payload.before,
        after=payload.after,
        category=payload.category,
        case_id=payload.case_id,
        partnership_id=payload.partnership_id,
        sources=frozenset({"imported", "reports"})
        if payload.source == "both"
        else frozenset({payload.source}),
    )
    return Status(201, _impact_detail(evaluation))
