from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from lantern.core.appconfig import DomainAppConfig

if TYPE_CHECKING:
    from lantern.core.actor import Actor
    from lantern.core.directory import RecordChoice


class ReportsConfig(DomainAppConfig):
    # apps.py imports DomainAppConfig too, so Django must be told which class is the app's
    # (otherwise it falls back to a plain AppConfig whose ready() registers nothing).
    default = True
    name = "lantern.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        super().ready()
        from lantern.core import directory

        # A resident says which of their reports the files or statement they hand over are
        # about (the evidence app, a sibling: lantern.core.directory).
        directory.register_own_reports_lookup(_own_report_choices)
        # Evidence filed under a report belongs to the report's partnership.
        directory.register_partnership_lookup("report", _report_partnership)


def _report_partnership(report_id: uuid.UUID) -> uuid.UUID | None:
    """The partnership a report belongs to: an id, no more (the caller reached the report
    by its own right: an upload capability, the resident's own report, a selector)."""
    from lantern.reports.models import Report

    return Report.objects.filter(pk=report_id).values_list("partnership_id", flat=True).first()


def _own_report_choices(actor: Actor) -> list[RecordChoice]:
    """The resident's own reports, newest first: reference and category, nothing else."""
    from lantern.core.directory import RecordChoice
    from lantern.reports.selectors import own_reports

    return [
        RecordChoice(id=report.pk, label=f"{report.reference}: {report.category.name}")
        for report in own_reports(actor=actor).order_by("-created_at")
    ]
