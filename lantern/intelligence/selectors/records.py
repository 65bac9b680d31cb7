"""Reads of intelligence reports, entities, statements, links and resolution candidates,
through need to know (access.py). Every read of one record is an access event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lantern.cases.models import Vehicle
from lantern.cases.selectors import FactView, vehicle_view
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    ResolutionCandidate,
    SourceRecord,
    Statement,
)
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import canonical_ids, members_of

P = Permission


def report_list(
    actor: Actor, *, origin_id: uuid.UUID | None = None
) -> QuerySet[IntelligenceReport]:
    """The reports the actor may read, newest first (a list: no access event per row; the
    page that shows it logs the list)."""
    access.require_reader(actor)
    reports = IntelligenceReport.objects.filter(access.report_q(actor))
    if origin_id is not None:
        reports = reports.filter(origin_id=origin_id)
    return reports.select_related("organisation", "submitted_by")


def reports_about(
    actor: Actor, *, person_ids: list[uuid.UUID], vehicle_ids: list[uuid.UUID]
) -> list[IntelligenceReport]:
    """The reports the actor may read that mention one of these people or vehicles (the
    subjects of a case, for the disclosure officer's schedules), oldest first; each listed
    report is an access event. Someone who may not read intelligence gets none."""
    if not access.may_read(actor) or not (person_ids or vehicle_ids):
        return []
    about = Q(mentions__person_id__in=person_ids) | Q(mentions__vehicle_id__in=vehicle_ids)
    reports = list(
        IntelligenceReport.objects.filter(access.report_q(actor))
        .filter(pk__in=IntelligenceReport.objects.filter(about).values("pk"))
        .order_by("submitted_at")
    )
    for report in reports:
        access.logged(actor, access.REPORT, report.pk, purpose="disclosure")
    return reports


def report_get(actor: Actor, *, report_id: uuid.UUID) -> IntelligenceReport:
    return access.one(actor, IntelligenceReport, access.report_q(actor), report_id, access.REPORT)


def source_record_get(actor: Actor, *, report_id: uuid.UUID) -> SourceRecord:
    """The source behind a report: a source handler only, in the report's partnership."""
    if not can(actor, P.SOURCE_RECORD_MANAGE):
        raise NotFound("source record")
    record = SourceRecord.objects.filter(
        report__pk=report_id, report__partnership_id__in=actor.partnership_ids
    ).first()
    if record is None:
        raise NotFound("source record")
    access.logged(actor, access.SOURCE, record.pk)
    return record


def has_source_record(actor: Actor, *, report_id: uuid.UUID) -> bool:
    """For a source handler's view of a report: whether its source is recorded."""
    if not can(actor, P.SOURCE_RECORD_MANAGE):
        return False
    return SourceRecord.objects.filter(
        report__pk=report_id, report__partnership_id__in=actor.partnership_ids
    ).exists()


def entity_list(
    actor: Actor, *, schema: str = "", search: str = "", partnership_id: uuid.UUID | None = None
) -> QuerySet[Entity]:
    """Entities the actor may see (merged ones appear as the entity they were merged into)."""
    access.require_reader(actor)
    entities = Entity.objects.filter(access.entity_q(actor), merged_into__isnull=True)
    if schema:
        entities = entities.filter(schema=schema)
    if search:
        entities = entities.filter(Q(caption__icontains=search) | Q(key__icontains=search.lower()))
    if partnership_id is not None:
        entities = entities.filter(partnership_id=partnership_id)
    return entities


def entity_get(actor: Actor, *, entity_id: uuid.UUID) -> Entity:
    return access.one(actor, Entity, access.entity_q(actor), entity_id, access.ENTITY)


@dataclass
class PropertyView:
    """One property's current view: every readable statement of it, who said what."""

    name: str
    label: str
    statements: list[Statement]


@dataclass
class LinkView:
    link: Link
    other: Entity
    label: str  # read from this entity's side
    outgoing: bool


@dataclass
class EntityPicture:
    entity: Entity
    merged: list[Entity]  # the entities merged into it
    properties: list[PropertyView]
    links: list[LinkView]
    reports: list[IntelligenceReport]
    # What casework holds about a vehicle entity's vehicle (make, colour, keeper: cases.Fact,
    # docs/adr/0016), read through the cases app's own rules; None for other entities.
    casework: FactView | None = None


def entity_picture(actor: Actor, *, entity_id: uuid.UUID) -> EntityPicture:
    """Everything the actor may read about one entity (and those merged into it): its
    properties as statements with their provenance, its links both ways, and the reports
    that mention it. One access event for the entity."""
    full = access.reads_all(actor)
    entity = access.one(actor, Entity, access.entity_q(actor, full=full), entity_id, access.ENTITY)
    root_id = canonical_ids([entity.pk])[entity.pk]
    if root_id != entity.pk:
        entity = Entity.objects.get(pk=root_id)
    member_ids = members_of([root_id])[root_id]
    merged = list(Entity.objects.filter(pk__in=member_ids).exclude(pk=root_id))
    schema = ENTITIES[entity.schema]
    statements = list(
        Statement.objects.filter(access.statement_q(actor, full=full), entity_id__in=member_ids)
        .select_related("organisation", "asserted_by")
        .order_by("asserted_at")
    )
    properties = [
        PropertyView(p.name, p.label, [s for s in statements if s.prop == p.name])
        for p in schema.props
    ]
    links = []
    for link in (
        Link.objects.filter(access.link_q(actor, full=full))
        .filter(Q(source_id__in=member_ids) | Q(target_id__in=member_ids))
        .select_related("source", "target", "organisation")
        .order_by("asserted_at")
    ):
        outgoing = link.source_id in member_ids
        other = link.target if outgoing else link.source
        declared = LINKS[link.link_type]
        links.append(
            LinkView(
                link=link,
                other=other,
                label=declared.label if outgoing else declared.reverse_label,
                outgoing=outgoing,
            )
        )
    reports = list(
        IntelligenceReport.objects.filter(
            access.report_q(actor, full=full), mentions__in=member_ids
        ).distinct()
    )
    casework = None
    if entity.vehicle_id is not None:
        casework = vehicle_view(actor=actor, vehicle=Vehicle.objects.get(pk=entity.vehicle_id))
    return EntityPicture(entity, merged, properties, links, reports, casework)


def candidate_list(
    actor: Actor, *, status: str = ResolutionCandidate.Status.PENDING
) -> QuerySet[ResolutionCandidate]:
    """Resolution candidates in the analyst's partnerships."""
    if not can(actor, P.INTELLIGENCE_ANALYSE):
        raise NotFound("resolution candidates")
    candidates = ResolutionCandidate.objects.filter(partnership_id__in=actor.partnership_ids)
    if status:
        candidates = candidates.filter(status=status)
    return candidates.select_related("entity_a", "entity_b", "decided_by")


def candidate_get(actor: Actor, *, candidate_id: uuid.UUID) -> ResolutionCandidate:
    candidate = candidate_list(actor, status="").filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound("resolution candidate")
    access.logged(actor, "intelligence_candidate", candidate.pk)
    return candidate
