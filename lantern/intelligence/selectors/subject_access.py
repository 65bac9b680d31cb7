"""The intelligence app's part of a subject access request (lantern/core/directory.py): the
entities standing for the person (or their vehicle), what is stated about them, and the
intelligence reports that mention them. Intelligence is its own data class: each record
read is logged. The reviewer decides what may be given; much of it will be withheld under
the crime and taxation exemption (DPA 2018 Sch. 2 para 2) or a Part 3 restriction
(s.45(4)). Only the query's partnerships are searched, and only for those who hold
SUBJECT_ACCESS_MANAGE."""

from __future__ import annotations

from django.db.models import Q

from lantern.audit.services import audit_access_lists
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    subject_access_allowed,
)
from lantern.frontend.dates import format_date, format_datetime
from lantern.intelligence.models import Entity, IntelligenceReport

WHY_ENTITY = "The entity stands for their person record (or their vehicle)."
WHY_REPORT = "The report mentions them."


def _entity(entity: Entity) -> HeldRecord:
    statements = "; ".join(f"{s.prop}: {s.value}" for s in entity.statements.all())
    return HeldRecord(
        source="intelligence.entity",
        record_id=entity.pk,
        reference="",
        title=f"Intelligence entity: {entity.get_schema_display()}",
        why=WHY_ENTITY,
        items=held_items(
            held("Name on the entity", entity.caption),
            held("What is stated", statements),
            held("Recorded on", format_date(entity.created_at)),
        ),
        recorded_on=entity.created_at.date(),
    )


def _report(report: IntelligenceReport) -> HeldRecord:
    return HeldRecord(
        source="intelligence.intelligencereport",
        record_id=report.pk,
        reference=report.reference,
        title=f"Intelligence report {report.reference}",
        why=WHY_REPORT,
        items=held_items(
            held("What it says", report.text),
            held("Grading", report.grade),
            held("When it happened", format_date(report.occurred_from)),
            held("Submitted on", format_datetime(report.submitted_at)),
        ),
        recorded_on=report.submitted_at.date(),
    )


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not (query.person_ids or query.vehicle_ids):
        return []
    entities = list(
        Entity.objects.filter(
            Q(person_id__in=query.person_ids) | Q(vehicle_id__in=query.vehicle_ids),
            partnership_id__in=query.partnership_ids,
        )
        .prefetch_related("statements")
        .order_by("created_at")
    )
    reports = (
        IntelligenceReport.objects.filter(
            mentions__in=entities, partnership_id__in=query.partnership_ids
        )
        .distinct()
        .order_by("submitted_at")
    )
    records = [_entity(e) for e in entities] + [_report(r) for r in reports]
    audit_access_lists(  # one event per record type, naming each record (ADR 0020)
        actor=actor,
        records=[(record.source.split(".")[1], record.record_id) for record in records],
        data_class=DataClass.INTELLIGENCE,
        purpose="subject_access",
    )
    return records
