"""Reviewing and disposing of intelligence reports by time (issue 23, docs/data-protection.md,
"Intelligence reports").

Intelligence is police information: it is reviewed under ``mopi_group_3`` (a 6-year clear
period from the last change, confirm locally: DOMAIN.md 6.3 marks the legacy MoPI groups
unconfirmed) until a force confirms its groups. Disposal deletes the report, its source
record, and the statements and links recorded from it (its content in the link graph); the
entities it mentioned stay (a person or vehicle of casework, or named by other reports).

Holds (``report_holds``): a report that came from a case that holds its records (open, an
appeal or a prosecution pending), and a report that mentions an entity with an open tasking
action (NIM tasking in progress); the subject access app holds what a request in progress
found."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db.models import Q

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.processing import Candidate, Disposal, case_holds
from lantern.intelligence.models import (
    IntelligenceReport,
    Link,
    Origin,
    SourceRecord,
    Statement,
    TaskingAction,
)

MODEL = "intelligence.IntelligenceReport"
OPEN_TASKING = "an open tasking action on a subject it mentions"

INTELLIGENCE_REPORT_DISPOSED = catalogue.declare(
    "intelligence_report.disposed",
    "An intelligence report was disposed of at the end of its review period, with its source"
    " record and the statements and links recorded from it; details are counts only (the"
    " tombstone names the rule).",
)


def report_candidates(started_by: datetime) -> Iterator[Candidate]:
    rows = IntelligenceReport.objects.filter(updated_at__lte=started_by).values_list(
        "pk", "partnership_id", "updated_at"
    )
    for report_id, partnership_id, updated_at in rows.iterator():
        yield Candidate(report_id, partnership_id, updated_at)


def report_describe(report_id: uuid.UUID) -> str:
    """The report's reference (no personal data), or "" when it is gone."""
    found = IntelligenceReport.objects.filter(pk=report_id).values_list("reference", flat=True)
    return found.first() or ""


def _recorded_from(report_id: uuid.UUID) -> Q:
    return Q(report_id=report_id) | Q(origin_type=Origin.INTELLIGENCE_REPORT, origin_id=report_id)


def report_dispose(actor: Any, report_id: uuid.UUID) -> Disposal | None:
    report = IntelligenceReport.objects.filter(pk=report_id).first()
    if report is None:
        return None
    statements = Statement.objects.filter(_recorded_from(report_id)).delete()[0]
    links = Link.objects.filter(_recorded_from(report_id)).delete()[0]
    rows = statements + links
    rows += SourceRecord.objects.filter(report_id=report_id).delete()[0]
    report.mentions.clear()
    rows += IntelligenceReport.objects.filter(pk=report_id).delete()[0]
    audit_record(
        actor=actor,
        action=INTELLIGENCE_REPORT_DISPOSED,
        object_type="intelligence_report",
        object_id=report_id,
        details={"statements": statements, "links": links},
    )
    return Disposal(rows=rows)


def report_holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if model_label != MODEL or not record_ids:
        return {}
    held: dict[uuid.UUID, str] = {}
    from_cases = list(
        IntelligenceReport.objects.filter(
            pk__in=record_ids, origin_type=Origin.CASE, origin_id__isnull=False
        ).values_list("pk", "origin_id")
    )
    by_case = case_holds(sorted({case_id for _, case_id in from_cases if case_id}))
    for report_id, case_id in from_cases:
        if case_id in by_case:
            held[report_id] = by_case[case_id]
    tasked = TaskingAction.objects.filter(
        status=TaskingAction.Status.OPEN, entity__isnull=False
    ).values("entity_id")
    mentioning = IntelligenceReport.objects.filter(
        pk__in=record_ids, mentions__in=tasked
    ).values_list("pk", flat=True)
    for report_id in mentioning:
        held.setdefault(report_id, OPEN_TASKING)
    return held
