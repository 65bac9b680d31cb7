""" "Still happening": a resident adds a later incident to one of their own reports.

The later incident is a report of its own, not a note on the first: the ASB Case Review
threshold counts complaints, each made within a month of the behaviour it is about (ASBCPA
2014 s.104(4) and (11); lantern.cases.rules.case_reviews), so each time it happens again is a
complaint with its own date. It goes into the triage queue like any report, and names the
first report of the series (``Report.continues``), so officers see it on that report and on
any case the first report is linked to (lantern.cases.selectors.case_report_ids). It takes
the first report's kind, place, answers and contact preferences; the resident gives only
when it happened and what happened, checked as the report journey checks them.

Import it from here (``lantern.reports.services.continuing``): it builds on
``report_create`` in the package's ``__init__``, which therefore does not import it back.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.reports.models import Report
from lantern.reports.services import REPORT_STILL_HAPPENING, ReportInput, report_create


def report_still_happening(
    *,
    actor: Actor,
    report_id: uuid.UUID,
    occurred_from: datetime,
    description: str,
    occurred_to: datetime | None = None,
) -> Report:
    """File a later incident of one of the actor's own reports (NotFound for any other):
    a new report of the same kind at the same place, naming the first of the series. The
    new report and both audit events are written in one transaction."""
    original = (
        Report.objects.select_related("category", "continues__category")
        .filter(pk=report_id, reporter_id__isnull=False)
        .first()
    )
    if (
        original is None
        or actor.user_id is None
        or original.reporter_id != actor.user_id
        or not can(actor, Permission.REPORT_VIEW_OWN, original)
    ):
        raise NotFound("report")
    first = original.continues or original
    approximate = first.location_approximate
    data = ReportInput(
        category_code=first.category.code,
        latitude=None if approximate else first.latitude,
        longitude=None if approximate else first.longitude,
        address=first.address,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        description=description,
        answers=dict(first.answers or {}),
        contact=first.contact,
        contact_email=first.contact_email,
        contact_phone=first.contact_phone,
        source=Report.Source.WEB,
    )

    def record(created) -> None:
        audit_record(
            actor=actor,
            action=REPORT_STILL_HAPPENING,
            object_type="report",
            object_id=first.pk,
            details={"report": str(created.report.pk)},
        )

    return report_create(actor=actor, data=data, within=record, continues=first).report
