"""The intelligence API: records (docs/intelligence/api.md). Graded reports and their source
records, entities and the picture of each, statements, links, and the schema that declares
the entity and link types. Thin: every read is a selector (need to know, access events) and
every write a service (validation, audit events).

Need to know starts at authentication (api/auth.py): a caller who may not read intelligence
at all (a support worker, a resident) is answered 404 before their request is even read."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router, Status

from lantern.core.api import (
    CursorPageInput,
    ErrorOut,
    FieldErrorsOut,
    TimeCursorPagination,
    actor_of,
)
from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.intelligence import schemas, selectors, services
from lantern.intelligence.api import records_out as out
from lantern.intelligence.api.auth import READER_AUTH
from lantern.intelligence.schema import ENTITIES
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.victims import potential_victim_entities

router = Router(auth=READER_AUTH)

READ = {404: ErrorOut, 422: FieldErrorsOut}
WRITE = {403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


# --- turning input into the services' arguments ------------------------------------------------


def _grading(payload: schemas.IntelligenceGradingIn, *, required: bool) -> services.Grading | None:
    """The grading given as "2B-P" or as the three fields; None where none is given and a
    report's grading may stand in (``required`` False)."""
    if payload.grade and (payload.source_evaluation or payload.assessment or payload.handling):
        raise ValidationFailed(
            {"grade": ["Give the grading either as written (2B-P) or as the three fields"]}
        )
    if payload.grade:
        return services.Grading.parse(
            payload.grade, payload.handling_conditions, payload.partners_may_see
        )
    if not payload.given() and not required:
        return None
    return services.Grading(
        payload.source_evaluation.upper(),
        payload.assessment.upper(),
        payload.handling.upper(),
        payload.handling_conditions,
        payload.partners_may_see,
    )


def _origin(payload: schemas.IntelligenceOriginIn | None) -> services.Origin_ | None:
    return None if payload is None else services.Origin_(payload.type, payload.id)


# The lists page by cursor, newest first, and are never counted (docs/adr/0023): reports in
# the order they were submitted, entities in the order they were recorded, each walked by
# its own index (intelligence 0003_list_cursor_indexes).
REPORT_PAGES = TimeCursorPagination(ordering=("-submitted_at", "-id"))
ENTITY_PAGES = TimeCursorPagination()


def _page(
    request: LanternRequest,
    pages: TimeCursorPagination,
    records: QuerySet[Any],
    query: CursorPageInput,
    object_type: str,
) -> dict[str, Any]:
    """One page of the records the selector let through (``{"results", "next",
    "previous"}``), their reads one list access event (ADR 0020). The paginator is called
    here rather than by ``@paginate`` because the event must name the page's records."""
    page = pages.paginate_queryset(records, pagination=query, request=request)
    access.logged_list(actor_of(request), object_type, [record.pk for record in page["results"]])
    return page


# --- reports ----------------------------------------------------------------------------------


@router.get(
    "/reports/",
    response={200: schemas.IntelligenceReportPageOut, **READ},
    summary="Intelligence reports",
    by_alias=True,
)
def report_list(request: LanternRequest, query: Query[schemas.IntelligenceReportQuery]):
    """The graded reports the caller may read, newest first, paged by cursor and never
    counted (``origin_id``: those made from one record, such as a resident report). The
    reports on the page are one list access event."""
    actor = actor_of(request)
    reports = selectors.report_list(actor, origin_id=query.origin_id).prefetch_related("mentions")
    page = _page(request, REPORT_PAGES, reports, query, access.REPORT)
    return {**page, "results": [out.report_out(actor, r) for r in page["results"]]}


@router.post(
    "/reports/",
    response={201: schemas.IntelligenceReportOut, **WRITE},
    summary="Record an intelligence report",
    by_alias=True,
)
def report_create(request: LanternRequest, payload: schemas.IntelligenceReportIn):
    """A graded, sanitised report. Refused (422, nothing written) without a grading, with C
    and no conditions, or with a source record from anyone but a source handler or where a
    resident's report is the origin (a resident is a witness, never a source)."""
    actor = actor_of(request)
    source = (
        services.SourceIn(payload.source.reference, payload.source.identity, payload.source.notes)
        if payload.source is not None
        else None
    )
    report = services.report_record(
        actor=actor,
        text=payload.text,
        grading=_grading(payload, required=True) or services.Grading(),
        origin=_origin(payload.origin),
        partnership_id=payload.partnership_id,
        mentions=payload.mentions,
        source=source,
        occurred_from=payload.occurred_from,
        occurred_to=payload.occurred_to,
    )
    return Status(201, out.report_out(actor, report))


@router.get(
    "/reports/{report_id}",
    response={200: schemas.IntelligenceReportOut, **READ},
    summary="An intelligence report",
    by_alias=True,
)
def report_get(request: LanternRequest, report_id: uuid.UUID):
    actor = actor_of(request)
    return out.report_out(actor, selectors.report_get(actor, report_id=report_id))


@router.get(
    "/reports/{report_id}/source",
    response={200: schemas.IntelligenceSourceOut, **READ},
    summary="Who the source of a report is (source handlers only)",
    by_alias=True,
)
def source_get(request: LanternRequest, report_id: uuid.UUID):
    """The source record, kept apart from the report. 404 for anyone but a source handler."""
    return out.source_out(selectors.source_record_get(actor_of(request), report_id=report_id))


@router.post(
    "/reports/{report_id}/source",
    response={201: schemas.IntelligenceSourceOut, **WRITE},
    summary="Record who the source of a report is (source handlers only)",
    by_alias=True,
)
def source_create(
    request: LanternRequest, report_id: uuid.UUID, payload: schemas.IntelligenceSourceIn
):
    record = services.source_record_add(
        actor=actor_of(request),
        report_id=report_id,
        source=services.SourceIn(payload.reference, payload.identity, payload.notes),
    )
    return Status(201, out.source_out(record))


# --- entities ---------------------------------------------------------------------------------


@router.get(
    "/entities/",
    response={200: schemas.IntelligenceEntityPageOut, **READ},
    summary="Entities",
    by_alias=True,
)
def entity_list(request: LanternRequest, query: Query[schemas.IntelligenceEntityQuery]):
    """The people, vehicles, phones, addresses, accounts, organisations and places the caller
    may see (an entity merged into another appears as that one), newest first, paged by
    cursor and never counted. The entities on the page are one list access event."""
    actor = actor_of(request)
    if query.schema_ and query.schema_ not in ENTITIES:
        raise ValidationFailed(
            {"schema": [f"Unknown entity type: choose one of {', '.join(ENTITIES)}"]}
        )
    entities = selectors.entity_list(actor, schema=query.schema_, search=query.q.strip())
    page = _page(request, ENTITY_PAGES, entities, query, access.ENTITY)
    victims = potential_victim_entities([e.pk for e in page["results"]])
    return {**page, "results": [out.entity_out(e, victims) for e in page["results"]]}


@router.post(
    "/entities/",
    response={201: schemas.IntelligenceEntityOut, **WRITE},
    summary="Record an entity",
    by_alias=True,
)
def entity_create(request: LanternRequest, payload: schemas.IntelligenceEntityIn):
    """One of: ``person_id`` (the entity of a person on casework's records), ``registration``
    (a vehicle, on casework's vehicle records), or ``schema`` with ``caption`` and, where the
    type has an identifying property, ``value``. Where an entity with that person, vehicle or
    identifying value is already recorded in the partnership, that entity is the answer."""
    actor = actor_of(request)
    ways = [bool(payload.person_id), bool(payload.registration), bool(payload.schema_)]
    if sum(ways) != 1:
        raise ValidationFailed(
            {"schema": ["Give one of: schema (with caption or value), person_id or registration"]}
        )
    if payload.person_id is not None:
        entity = services.entity_for_person(
            actor=actor, person_id=payload.person_id, partnership_id=payload.partnership_id
        )
    elif payload.registration:
        try:
            entity = services.entity_for_vehicle(
                actor=actor,
                registration=payload.registration,
                partnership_id=payload.partnership_id,
            )
        except ValidationFailed as exc:  # the service calls it the value; the caller did not
            errors = dict(exc.errors)
            if "value" in errors:
                errors["registration"] = errors.pop("value")
            raise ValidationFailed(errors) from None
    else:
        entity = services.entity_create(
            actor=actor,
            schema=payload.schema_,
            caption=payload.caption,
            value=payload.value,
            partnership_id=payload.partnership_id,
        )
    return Status(201, out.entity_out(entity, potential_victim_entities([entity.pk])))


@router.get(
    "/entities/{entity_id}",
    response={200: schemas.IntelligencePictureOut, **READ},
    summary="Everything the caller may read about an entity",
    by_alias=True,
)
def entity_get(request: LanternRequest, entity_id: uuid.UUID):
    """The entity (the one it was merged into, if it was) with the entities merged into it;
    each property with every statement of it (who said what, graded); its links both ways,
    labelled from its side; and the reports that mention it (their text at /reports/{id})."""
    picture = selectors.entity_picture(actor_of(request), entity_id=entity_id)
    victims = potential_victim_entities([picture.entity.pk, *(v.other.pk for v in picture.links)])
    return out.picture_out(picture, victims)


@router.post(
    "/entities/{entity_id}/statements",
    response={201: schemas.IntelligenceStatementOut, **WRITE},
    summary="State a property of an entity",
    by_alias=True,
)
def statement_create(
    request: LanternRequest, entity_id: uuid.UUID, payload: schemas.IntelligenceStatementIn
):
    """A graded value of one of the properties the entity's type declares. It overwrites
    nothing: every organisation's statement stays, with its provenance."""
    statement = services.statement_add(
        actor=actor_of(request),
        entity_id=entity_id,
        prop=payload.prop,
        value=payload.value,
        grading=_grading(payload, required=payload.report_id is None),
        origin=_origin(payload.origin),
        report_id=payload.report_id,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
    )
    return Status(201, out.statement_out(statement))


# --- links ------------------------------------------------------------------------------------


@router.post(
    "/links/",
    response={201: schemas.IntelligenceLinkOut, **WRITE},
    summary="Link two entities",
    by_alias=True,
)
def link_create(request: LanternRequest, payload: schemas.IntelligenceLinkIn):
    """A graded link of a type the schema declares between the two entities' types. Refused
    (422, nothing written): an unknown type, a link from an entity to itself, types the link
    does not join, a moment for a link that is not timed."""
    link = services.link_add(
        actor=actor_of(request),
        link_type=payload.link_type,
        source_id=payload.source_id,
        target_id=payload.target_id,
        grading=_grading(payload, required=payload.report_id is None),
        origin=_origin(payload.origin),
        report_id=payload.report_id,
        occurred_at=payload.occurred_at,
        weight=payload.weight,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
    )
    return Status(201, out.link_out(link))


@router.post(
    "/links/{link_id}/retract",
    response={200: schemas.IntelligenceLinkOut, **WRITE},
    summary="Withdraw a link your organisation recorded",
    by_alias=True,
)
def link_retract(request: LanternRequest, link_id: uuid.UUID):
    return out.link_out(services.link_retract(actor=actor_of(request), link_id=link_id))


# --- the schema -------------------------------------------------------------------------------


@router.get(
    "/schema/",
    response={200: schemas.IntelligenceSchemaOut, 404: ErrorOut},
    summary="The entity and link types, and the grading's values",
    by_alias=True,
)
def schema_get(request: LanternRequest):
    """What intelligence may say, as schema.py declares it: each entity type with its
    properties, each link type with the types it joins and its labels both ways; and the
    values of a grading and of an origin."""
    return out.schema_out()
