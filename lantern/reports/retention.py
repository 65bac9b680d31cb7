"""Disposing of residents' reports at the end of their retention (issue 23,
docs/data-protection.md). A report's clock starts at its last change once it is closed (or
marked a duplicate): an open report is still being worked on. Disposal deletes the report and
everything the reports app holds with it (vehicles named, status history, updates, notes,
case links, Open311 records); a later report that named it as its first or its duplicate
keeps its own content and loses only the pointer. The dataprotection app checks the legal
holds (an open case the report is linked to...) before it asks, and leaves the tombstone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import data_versions
from lantern.core.data_versions import data_version_bump
from lantern.core.processing import Candidate, Disposal
from lantern.reports.models import CaseLink, Report
from lantern.reports.month_counts import report_counted

MODEL = "reports.Report"
_DONE = (Report.Status.CLOSED, Report.Status.DUPLICATE)

REPORT_DISPOSED = catalogue.declare(
    "report.disposed",
    "A report was disposed of at the end of its retention, with everything the reports app"
    " held with it; details are empty (the tombstone names the rule).",
)


def report_candidates(started_by: datetime) -> Iterator[Candidate]:
    rows = Report.objects.filter(status__in=_DONE, updated_at__lte=started_by).values_list(
        "pk", "partnership_id", "updated_at"
    )
    for report_id, partnership_id, updated_at in rows.iterator():
        yield Candidate(report_id, partnership_id, updated_at)


def report_describe(report_id: uuid.UUID) -> str:
    """The report's reference (no personal data), or "" when it is gone."""
    return Report.objects.filter(pk=report_id).values_list("reference", flat=True).first() or ""


def report_dispose(actor: Any, report_id: uuid.UUID) -> Disposal | None:
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return None
    Report.objects.filter(duplicate_of_id=report_id).update(duplicate_of=None)
    Report.objects.filter(continues_id=report_id).update(continues=None)
    rows = report.delete()[0]
    report_counted(report, -1)
    data_version_bump(source=data_versions.REPORTS, partnership_id=report.partnership_id)
    audit_record(actor=actor, action=REPORT_DISPOSED, object_type="report", object_id=report_id)
    return Disposal(rows=rows)


def report_case_links_remove(case_id: uuid.UUID) -> int:
    """A case disposed of: the reports' side of its links goes; the reports stay, under
    their own rule. Returns the rows deleted."""
    return CaseLink.objects.filter(case_id=case_id).delete()[0]
