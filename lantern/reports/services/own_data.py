"""A resident closes their account (lantern.accounts.services.own_account.account_close):
their reports stay, for casework and as the record of what was reported, without the contact
details they gave with them. One audit event per report, naming the fields emptied."""

from __future__ import annotations

from django.db import transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.reports.models import Report

REPORT_REPORTER_DETAILS_REMOVED = catalogue.declare(
    "report.reporter_details_removed",
    "The contact details a resident gave with a report were removed because they closed their "
    "account; the report itself is kept (which fields were emptied).",
)
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def reporter_details_remove(*, actor: Actor) -> tuple[int, int]:
    """Empty the contact details of every report the actor made, and set them not to be
    contacted. Returns (reports part of a case, other reports); all are kept."""
    if actor.user_id is None or not can(actor, Permission.REPORT_VIEW_OWN):
        raise PermissionDenied("only a resident removes their own details from their reports")
    in_casework = others = 0
    with transaction.atomic():
        reports = (
            Report.objects.select_for_update()
            .filter(reporter_id=actor.user_id)
            .order_by("created_at")
        )
        linked = set(
            Report.objects.filter(reporter_id=actor.user_id, case_links__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
        for report in reports:
            if report.pk in linked:
                in_casework += 1
            else:
                others += 1
            emptied = [name for name in CONTACT_FIELDS if getattr(report, name)]
            if report.contact != Report.Contact.NONE:
                emptied.append("contact")
            if not emptied:
                continue
            for name in CONTACT_FIELDS:
                setattr(report, name, "")
            report.contact = Report.Contact.NONE
            report.save(update_fields=[*CONTACT_FIELDS, "contact", "updated_at"])
            audit_record(
                actor=actor,
                action=REPORT_REPORTER_DETAILS_REMOVED,
                object_type="report",
                object_id=report.pk,
                details={"emptied": sorted(emptied)},
            )
    return in_casework, others
