"""What the records API answers, built from what the selectors and services return. Every
graded record carries its grading as written ("2B-P") and, for C, its handling conditions."""

from __future__ import annotations

import uuid
from typing import Any

from lantern.core.actor import Actor
from lantern.intelligence import selectors
from lantern.intelligence.models import (
    Assessment,
    Entity,
    Graded,
    Handling,
    IntelligenceReport,
    Link,
    Origin,
    SourceEvaluation,
    SourceRecord,
    Statement,
)
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors.records import EntityPicture


def graded(record: Graded) -> dict[str, Any]:
    return {
        "grade": record.grade,
        "source_evaluation": record.source_evaluation,
        "assessment": record.assessment,
        "handling": record.handling,
        "handling_conditions": record.handling_conditions if record.handling == Handling.C else "",
        "partners_may_see": record.partners_may_see,
    }


def provenance(record: Statement | Link) -> dict[str, Any]:
    return {
        "organisation_id": record.organisation_id,
        "organisation": record.organisation.name if record.organisation else "",
        "asserted_by_id": record.asserted_by_id,
        "asserted_at": record.asserted_at,
        "origin": {"type": record.origin_type, "id": record.origin_id},
        "report_id": record.report_id,
        "valid_from": record.valid_from,
        "valid_to": record.valid_to,
    }


def entity_out(entity: Entity, victims: set[uuid.UUID]) -> dict[str, Any]:
    return {
        "id": entity.pk,
        "schema": entity.schema,
        "caption": entity.caption,
        "partnership_id": entity.partnership_id,
        "person_id": entity.person_id,
        "vehicle_id": entity.vehicle_id,
        "merged_into_id": entity.merged_into_id,
        "potential_victim": entity.pk in victims,
    }


def report_out(actor: Actor, report: IntelligenceReport) -> dict[str, Any]:
    return {
        **graded(report),
        "id": report.pk,
        "reference": report.reference,
        "partnership_id": report.partnership_id,
        "organisation_id": report.organisation_id,
        "organisation": report.organisation.name,
        "submitted_by_id": report.submitted_by_id,
        "submitted_at": report.submitted_at,
        "text": report.text,
        "origin": {"type": report.origin_type, "id": report.origin_id},
        "source_name": report.source_name,
        "occurred_from": report.occurred_from,
        "occurred_to": report.occurred_to,
        "mentions": [
            {"id": e.pk, "schema": e.schema, "caption": e.caption} for e in report.mentions.all()
        ],
        "source_recorded": selectors.has_source_record(actor, report_id=report.pk),
    }


def source_out(record: SourceRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "report_id": record.report_id,
        "reference": record.source_reference,
        "identity": record.identity,
        "notes": record.handler_notes,
        "recorded_by_id": record.recorded_by_id,
        "recorded_at": record.created_at,
    }


def statement_out(statement: Statement) -> dict[str, Any]:
    return {
        **graded(statement),
        "id": statement.pk,
        "entity_id": statement.entity_id,
        "prop": statement.prop,
        "value": statement.value,
        "provenance": provenance(statement),
    }


def link_out(link: Link) -> dict[str, Any]:
    declared = LINKS[link.link_type]
    return {
        **graded(link),
        "id": link.pk,
        "link_type": link.link_type,
        "label": declared.label,
        "reverse_label": declared.reverse_label,
        "source_id": link.source_id,
        "target_id": link.target_id,
        "occurred_at": link.occurred_at,
        "weight": link.weight,
        "retracted_at": link.retracted_at,
        "provenance": provenance(link),
    }


def picture_out(picture: EntityPicture, victims: set[uuid.UUID]) -> dict[str, Any]:
    return {
        "entity": entity_out(picture.entity, victims),
        "merged_ids": [e.pk for e in picture.merged],
        "properties": [
            {
                "name": p.name,
                "label": p.label,
                "statements": [statement_out(s) for s in p.statements],
            }
            for p in picture.properties
        ],
        "links": [
            {
                "label": v.label,
                "direction": "out" if v.outgoing else "in",
                "other": entity_out(v.other, victims),
                "link": link_out(v.link),
            }
            for v in picture.links
        ],
        "reports": [
            {
                **graded(r),
                "id": r.pk,
                "reference": r.reference,
                "submitted_at": r.submitted_at,
            }
            for r in picture.reports
        ],
    }


def _choices(choices: Any) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in choices.choices]


def schema_out() -> dict[str, Any]:
    """The declarations of schema.py, and the values of a grading and of an origin."""
    return {
        "entity_types": [
            {
                "name": s.name,
                "label": s.label,
                "plural": s.plural,
                "key": s.key,
                "description": s.description,
                "props": [{"name": p.name, "label": p.label, "kind": p.kind} for p in s.props],
            }
            for s in ENTITIES.values()
        ],
        "link_types": [
            {
                "name": s.name,
                "label": s.label,
                "reverse_label": s.reverse_label,
                "sources": sorted(s.sources),
                "targets": sorted(s.targets),
                "directed": s.directed,
                "timed": s.timed,
                "description": s.description,
            }
            for s in LINKS.values()
        ],
        "source_evaluations": _choices(SourceEvaluation),
        "assessments": _choices(Assessment),
        "handling_codes": _choices(Handling),
        "origins": _choices(Origin),
    }
