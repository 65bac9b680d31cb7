"""The subject profile (NIM target profile) of one person or vehicle entity."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from lantern.accounts.models import Organisation
from lantern.cases import selectors as cases_selectors
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import can
from lantern.intelligence.models import Entity, IntelligenceReport, Origin
from lantern.intelligence.schema import ENTITIES
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import (
    neighbourhood,
)
from lantern.intelligence.selectors.profiles.common import (
    NETWORK_HOPS,
    SUBJECT_PURPOSE,
    SUBJECT_SCHEMAS,
    Casework,
    GradedRow,
    P,
    SubjectProfile,
    _conditions,
    _day,
    _network_rows,
    _Origins,
    _period,
)
from lantern.intelligence.selectors.records import EntityPicture, LinkView, entity_picture
from lantern.intelligence.selectors.victims import potential_victim_entities


def subject_entity(actor: Actor, *, entity_id: uuid.UUID) -> Entity:
    """The person or vehicle entity a subject profile is about, if the reader may see it:
    otherwise, and for other kinds of entity, NotFound. Logs nothing."""
    access.require_reader(actor)
    entity = Entity.objects.filter(access.entity_q(actor), pk=entity_id).first()
    if entity is None or entity.schema not in SUBJECT_SCHEMAS:
        raise NotFound("subject")
    return entity


def _casework(actor: Actor, entity: Entity) -> Casework | None:
    """For a person or vehicle of casework: how many of its cases and enforcement actions
    the reader may see, through the cases app's selectors (counts only)."""
    if not can(actor, P.CASE_VIEW) or (entity.person_id is None and entity.vehicle_id is None):
        return None
    cases = cases_selectors.case_list(actor=actor)
    actions = cases_selectors.action_list(actor=actor)
    if entity.person_id is not None:
        cases = cases.filter(subjects__person_id=entity.person_id)
        actions = actions.filter(person_id=entity.person_id)
    elif entity.vehicle_id is not None:
        cases = cases.filter(subjects__vehicle_id=entity.vehicle_id)
        actions = actions.filter(vehicle_id=entity.vehicle_id)
    return Casework(cases=cases.distinct().count(), actions=actions.count())


def _said_by(record: Any) -> str:
    return record.organisation.name if record.organisation_id else "Lantern"


def _origins(actor: Actor, full: bool, picture: EntityPicture) -> _Origins:
    """The references of every origin in the picture, resolved in a few queries."""
    origins = _Origins(actor, full)
    for prop in picture.properties:
        for s in prop.statements:
            origins.want(s.origin_type, s.origin_id)
            origins.want(Origin.INTELLIGENCE_REPORT, s.report_id)
    for view in picture.links:
        origins.want(view.link.origin_type, view.link.origin_id)
        origins.want(Origin.INTELLIGENCE_REPORT, view.link.report_id)
    for report in picture.reports:
        origins.want(report.origin_type, report.origin_id)
    origins.resolve()
    return origins


def _property_rows(picture: EntityPicture, origins: _Origins) -> list[tuple[str, list[GradedRow]]]:
    properties = []
    for prop in picture.properties:
        rows = [
            GradedRow(
                kind="Statement",
                text=f"{prop.label}: {s.value}",
                grade=s.grade,
                handling=s.handling,
                conditions=_conditions(s),
                origin=origins.name(s.origin_type, s.origin_id, s.report_id),
                said_by=_said_by(s),
                asserted_at=s.asserted_at,
                on=s.valid_from or _day(s.asserted_at),
                valid=_period(s.valid_from, s.valid_to),
            )
            for s in prop.statements
        ]
        if rows:
            properties.append((prop.label, rows))
    return properties


def _link_row(view: LinkView, origins: _Origins) -> GradedRow:
    link = view.link
    return GradedRow(
        kind="Link",
        text=f"{view.label} {view.other.caption}",
        grade=link.grade,
        handling=link.handling,
        conditions=_conditions(link),
        origin=origins.name(link.origin_type, link.origin_id, link.report_id),
        said_by=_said_by(link),
        asserted_at=link.asserted_at,
        on=_day(link.occurred_at) or link.valid_from or _day(link.asserted_at),
        valid=_period(link.valid_from, link.valid_to),
        other_id=view.other.pk,
    )


def _report_row(report: IntelligenceReport, origins: _Origins, orgs: dict) -> GradedRow:
    return GradedRow(
        kind="Intelligence report",
        text=f"{report.reference}: {report.text}",
        grade=report.grade,
        handling=report.handling,
        conditions=_conditions(report),
        origin=origins.name(report.origin_type, report.origin_id),
        said_by=orgs.get(report.organisation_id, ""),
        asserted_at=report.submitted_at,
        on=report.occurred_from or _day(report.submitted_at),
        valid=_period(report.occurred_from, report.occurred_to),
    )


def subject_profile(actor: Actor, *, entity_id: uuid.UUID) -> SubjectProfile:
    """Everything the reader may see about one person or vehicle: its properties, links and
    reports, each with its grading and handling conditions and its origin sanitised; a
    timeline of them; and its network to two hops with the measures and the disruption
    ranking (potential victims marked, never ranked). One access event, purpose "subject
    profile" (the picture and the chart it reads are logged as reads of the entity too)."""
    entity = subject_entity(actor, entity_id=entity_id)
    access.logged(actor, access.ENTITY, entity.pk, SUBJECT_PURPOSE)
    picture = entity_picture(actor, entity_id=entity.pk)
    entity = picture.entity
    origins = _origins(actor, access.reads_all(actor), picture)
    properties = _property_rows(picture, origins)
    links = [_link_row(view, origins) for view in picture.links]
    orgs = dict(
        Organisation.objects.filter(
            pk__in={r.organisation_id for r in picture.reports}
        ).values_list("pk", "name")
    )
    reports = [_report_row(report, origins, orgs) for report in picture.reports]
    every = [row for _, rows in properties for row in rows] + links + reports
    timeline = sorted(every, key=lambda r: (r.on or date.min, r.kind, r.text))
    network = neighbourhood(actor, entity_id=entity.pk, hops=NETWORK_HOPS)
    return SubjectProfile(
        entity=entity,
        schema_label=ENTITIES[entity.schema].label,
        merged=[m.caption for m in picture.merged],
        potential_victim=bool(potential_victim_entities([entity.pk])),
        properties=properties,
        links=links,
        reports=reports,
        timeline=timeline,
        network=_network_rows(network, network.centre),
        casework=_casework(actor, entity),
        generated_by=actor.label,
        generated_at=clock.now(),
        conditions=sorted({(r.grade, r.conditions) for r in every if r.conditions}),
    )
