"""Recording intelligence reports (docs/intelligence.md): graded, sanitised, the source kept
apart in a record only a source handler reads. The entities they mention, and the properties
and links they assert, are recorded by entities.py. Audit events name records and gradings,
never the text (it may identify a person or a source)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Origin,
    SourceRecord,
)
from lantern.intelligence.selectors import access
from lantern.intelligence.services.common import (
    Grading,
    Origin_,
    acting_organisation,
    partnership_for,
    period,
    require,
    resolve_origin,
)

P = Permission
E = catalogue.declare
REPORT_RECORDED = E(
    "intelligence.report_recorded",
    "An intelligence report was recorded; details give its grading, origin type and how many "
    "entities it mentions, never its text.",
)
SOURCE_RECORDED = E(
    "intelligence.source_recorded",
    "A source handler recorded who the source of an intelligence report is (kept apart from "
    "the report); details hold no identity.",
)
TEXT_LIMIT = 20000


@dataclass(frozen=True)
class SourceIn:
    """Who the source is: for a source handler's record, never in the report."""

    source_reference: str
    identity: str = ""
    handler_notes: str = ""


def _reference() -> str:
    return "IR-" + uuid.uuid4().hex[:8].upper()


def _entities_for(
    actor: Actor, ids: Sequence[uuid.UUID], partnership_id: uuid.UUID
) -> list[Entity]:
    """Entities the writer may see, in the record's partnership."""
    found = {e.pk: e for e in Entity.objects.filter(access.entity_q(actor), pk__in=list(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("entity")
    other = [e for e in found.values() if e.partnership_id != partnership_id]
    if other:
        raise ValidationFailed(
            {"mentions": ["An entity of another partnership cannot be mentioned here"]}
        )
    return list(found.values())


def report_record(
    *,
    actor: Actor,
    text: str,
    grading: Grading,
    origin: Origin_ | None = None,
    partnership_id: uuid.UUID | None = None,
    mentions: Sequence[uuid.UUID] = (),
    source: SourceIn | None = None,
    source_name: str = "",
    occurred_from: date | None = None,
    occurred_to: date | None = None,
) -> IntelligenceReport:
    """Record a graded, sanitised intelligence report. Refused without a grading, with C and
    no conditions, or with a source record where a resident's report is the origin (a
    resident who reports is a witness, never a source)."""
    require(actor, P.INTELLIGENCE_RECORD)
    origin = origin or Origin_()
    errors: dict[str, list[str]] = {}
    text = str(text or "").strip()
    if not text:
        errors["text"] = ["Write the intelligence, sanitised: nothing that identifies the source"]
    elif len(text) > TEXT_LIMIT:
        errors["text"] = [f"Keep it to {TEXT_LIMIT} characters or fewer"]
    try:
        fields = grading.fields()
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if source is not None and origin.kind in {Origin.REPORT, Origin.SIGHTING}:
        errors["source"] = [
            "A resident who reports is a witness, not a source: intelligence from their report "
            "keeps the report as its origin and has no source record"
        ]
    elif source is not None and not str(source.source_reference or "").strip():
        errors["source_reference"] = ["Give the source's reference"]
    if source is not None and not actor.has_role(Role.SOURCE_HANDLER):
        errors["source"] = ["Only a source handler records who a source is"]
    try:
        period(occurred_from, occurred_to)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    origin_partnership = resolve_origin(actor, origin)
    partnership = partnership_for(
        actor, chosen=partnership_id, origin_partnership=origin_partnership
    )
    organisation = acting_organisation(actor, partnership)
    if organisation is None:
        raise ValidationFailed({"organisation": ["Intelligence is recorded for an organisation"]})
    mentioned = _entities_for(actor, list(dict.fromkeys(mentions)), partnership)
    with transaction.atomic():
        report = IntelligenceReport.objects.create(
            reference=_reference(),
            partnership_id=partnership,
            organisation_id=organisation,
            submitted_by_id=actor.user_id,
            submitted_at=clock.now(),
            text=text,
            origin_type=origin.kind,
            origin_id=origin.id,
            source_name=str(source_name or "").strip()[:200],
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            **fields,
        )
        report.mentions.set(mentioned)
        audit_record(
            actor=actor,
            action=REPORT_RECORDED,
            object_type=access.REPORT,
            object_id=report.pk,
            details={
                "grade": report.grade,
                "origin_type": origin.kind,
                "mentions": len(mentioned),
            },
        )
        if source is not None:
            record = SourceRecord.objects.create(
                report=report,
                source_reference=source.source_reference.strip()[:50],
                identity=source.identity.strip(),
                handler_notes=source.handler_notes.strip(),
                recorded_by_id=actor.user_id,
            )
            audit_record(
                actor=actor,
                action=SOURCE_RECORDED,
                object_type=access.SOURCE,
                object_id=record.pk,
                details={"report": str(report.pk)},
            )
    return report


def source_record_add(*, actor: Actor, report_id: uuid.UUID, source: SourceIn) -> SourceRecord:
    """A source handler records the source of a report already written."""
    require(actor, P.SOURCE_RECORD_MANAGE)
    report = access.one(actor, IntelligenceReport, access.report_q(actor), report_id, access.REPORT)
    if report.origin_type in {Origin.REPORT, Origin.SIGHTING}:
        raise ValidationFailed({"source": ["A resident who reports is a witness, not a source"]})
    if not str(source.source_reference or "").strip():
        raise ValidationFailed({"source_reference": ["Give the source's reference"]})
    if SourceRecord.objects.filter(report=report).exists():
        raise ValidationFailed({"source": ["This report's source is already recorded"]})
    with transaction.atomic():
        record = SourceRecord.objects.create(
            report=report,
            source_reference=source.source_reference.strip()[:50],
            identity=source.identity.strip(),
            handler_notes=source.handler_notes.strip(),
            recorded_by_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=SOURCE_RECORDED,
            object_type=access.SOURCE,
            object_id=record.pk,
            details={"report": str(report.pk)},
        )
    return record
