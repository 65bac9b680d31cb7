from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from lantern.core.appconfig import DomainAppConfig

if TYPE_CHECKING:
    from lantern.core.actor import Actor
    from lantern.core.directory import RecordChoice, ReportFacts


class ReportsConfig(DomainAppConfig):
    # apps.py imports DomainAppConfig too, so Django must be told which class is the app's
    # (otherwise it falls back to a plain AppConfig whose ready() registers nothing).
    default = True
    name = "lantern.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        super().ready()
        from lantern.core import directory, residents_data

        # A resident says which of their reports the files or statement they hand over are
        # about (the evidence app, a sibling: lantern.core.directory).
        directory.register_own_reports_lookup(_own_report_choices)
        # Evidence filed under a report belongs to the report's partnership.
        directory.register_partnership_lookup("report", _report_partnership)
        # Evidence sets what a file says about itself beside the report's time and place.
        directory.register_report_facts_lookup(_report_facts)
        # A resident's own data: their reports in their download; kept without their
        # contact details when they close their account (accounts, below, may not import us).
        from lantern.reports.own_data import PART

        residents_data.register_own_data_part(PART)
        # A subject access request finds the reports a person made or is linked to.
        from lantern.reports import subject_access

        directory.register_subject_finder("reports", subject_access.find)


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


def _report_facts(actor: Actor, report_id: uuid.UUID) -> ReportFacts | None:
    """The report's time and place, through its permission layer (``report_get``: staff
    reads are logged); None when the actor may not see it. A report recorded by staff is
    not a resident's own (``from_resident``): its place is where staff said it happened."""
    from lantern.core.directory import ReportFacts
    from lantern.core.errors import NotFound
    from lantern.reports.models import Report
    from lantern.reports.selectors import report_get

    try:
        report = report_get(actor=actor, report_id=report_id)
    except NotFound:
        return None
    return ReportFacts(
        id=report.pk,
        reference=report.reference,
        occurred_from=report.occurred_from,
        occurred_to=report.occurred_to,
        latitude=report.latitude,
        longitude=report.longitude,
        location_approximate=report.location_approximate,
        from_resident=report.source != Report.Source.STAFF,
    )
