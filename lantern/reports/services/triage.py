"""Triage writes: a report's status, assignment, duplicates, updates for the reporter,
internal notes and links to cases, each with its audit event in the same transaction."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import data_versions, directory
from lantern.core.actor import Actor
from lantern.core.data_versions import data_version_bump
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.reports.models import CaseLink, InternalNote, PublicUpdate, Report, StatusChange
from lantern.reports.notices import tell_reporter_updated
from lantern.reports.selectors import report_get

E = catalogue.declare
REPORT_ASSIGNED = E("report.assigned", "A report was assigned to an officer.")
REPORT_STATUS_CHANGED = E("report.status_changed", "A report's status changed.")
REPORT_MARKED_DUPLICATE = E("report.marked_duplicate", "A report was marked as a duplicate.")
REPORT_PUBLIC_UPDATE = E("report.public_update_added", "An update for the reporter was added.")
REPORT_NOTE_ADDED = E("report.note_added", "An internal note was added to a report.")
REPORT_LINKED_TO_CASE = E("report.linked_to_case", "A report was linked to a case.")


def _staff_report(actor: Actor, report_id: uuid.UUID, permission: Permission) -> Report:
    report = report_get(actor=actor, report_id=report_id)
    if not can(actor, permission, report):
        raise PermissionDenied(str(permission))
    return report


def _set_status(actor: Actor, report: Report, status: str) -> None:
    if report.status == status:
        return
    StatusChange.objects.create(
        report=report, from_status=report.status, to_status=status, changed_by_id=actor.user_id
    )
    audit_record(
        actor=actor,
        action=REPORT_STATUS_CHANGED,
        object_type="report",
        object_id=report.pk,
        details={"from": report.status, "to": status},
    )
    report.status = status
    report.save(update_fields=["status", "updated_at"])


def report_set_status(*, actor: Actor, report_id: uuid.UUID, status: str) -> Report:
    if status not in Report.Status.values or status == Report.Status.DUPLICATE:
        raise ValidationFailed({"status": ["Choose a status"]})
    with transaction.atomic():
        report = _staff_report(actor, report_id, Permission.REPORT_TRIAGE)
        _set_status(actor, report, status)
    return report


def report_assign(*, actor: Actor, report_id: uuid.UUID, assignee_id: uuid.UUID | None) -> Report:
    from lantern.accounts.selectors import user_list

    with transaction.atomic():
        report = _staff_report(actor, report_id, Permission.REPORT_TRIAGE)
        # Triage officers may assign to themselves; supervisors to their organisation.
        may_assign = assignee_id is None or assignee_id == actor.user_id
        if not may_assign and assignee_id is not None:
            may_assign = user_list(actor=actor).filter(pk=assignee_id).exists()
        if not may_assign:
            raise ValidationFailed({"assignee": ["Choose someone you may assign work to"]})
        report.assigned_to_id = assignee_id
        report.save(update_fields=["assigned_to", "updated_at"])
        audit_record(
            actor=actor,
            action=REPORT_ASSIGNED,
            object_type="report",
            object_id=report.pk,
            details={"assignee": str(assignee_id) if assignee_id else None},
        )
        if report.status == Report.Status.NEW and assignee_id is not None:
            _set_status(actor, report, Report.Status.ASSIGNED)
    return report


def report_mark_duplicate(*, actor: Actor, report_id: uuid.UUID, original_id: uuid.UUID) -> Report:
    if report_id == original_id:
        raise ValidationFailed({"original": ["A report cannot duplicate itself"]})
    with transaction.atomic():
        report = _staff_report(actor, report_id, Permission.REPORT_TRIAGE)
        original = _staff_report(actor, original_id, Permission.REPORT_TRIAGE)
        if original.duplicate_of is not None:
            original = original.duplicate_of  # point at the original, never at a duplicate
        if original.pk == report.pk:
            raise ValidationFailed({"original": ["A report cannot duplicate itself"]})
        report.duplicate_of = original
        report.save(update_fields=["duplicate_of", "updated_at"])
        # A duplicate leaves the hotspot surfaces (lantern/reports/selectors.report_points).
        data_version_bump(source=data_versions.REPORTS, partnership_id=report.partnership_id)
        audit_record(
            actor=actor,
            action=REPORT_MARKED_DUPLICATE,
            object_type="report",
            object_id=report.pk,
            details={"original": str(original.pk)},
        )
        _set_status(actor, report, Report.Status.DUPLICATE)
    return report


def report_add_public_update(*, actor: Actor, report_id: uuid.UUID, text: str) -> PublicUpdate:
    if not text.strip():
        raise ValidationFailed({"text": ["Enter the update"]})
    with transaction.atomic():
        report = _staff_report(actor, report_id, Permission.REPORT_UPDATE_PUBLIC)
        update = PublicUpdate.objects.create(
            report=report, text=text.strip(), author_id=actor.user_id
        )
        audit_record(
            actor=actor,
            action=REPORT_PUBLIC_UPDATE,
            object_type="report",
            object_id=report.pk,
            details={"update": str(update.pk)},
        )
    tell_reporter_updated(report)
    return update


def report_add_internal_note(*, actor: Actor, report_id: uuid.UUID, text: str) -> InternalNote:
    if not text.strip():
        raise ValidationFailed({"text": ["Enter the note"]})
    with transaction.atomic():
        report = _staff_report(actor, report_id, Permission.REPORT_TRIAGE)
        note = InternalNote.objects.create(
            report=report, text=text.strip(), author_id=actor.user_id
        )
        audit_record(
            actor=actor,
            action=REPORT_NOTE_ADDED,
            object_type="report",
            object_id=report.pk,
            details={"note": str(note.pk)},
        )
    return note


def report_link_case(*, actor: Actor, report_id: uuid.UUID, case_id: uuid.UUID) -> CaseLink:
    """Link a report to a case. Called by the cases app, which checks the actor may work on
    the case; here the actor must be able to triage the report, and the case is resolved for
    them (lantern.core.directory): one they may not see, or none, is NotFound."""
    with transaction.atomic():
        report = _staff_report(actor, report_id, Permission.REPORT_TRIAGE)
        if directory.case(actor, case_id) is None:
            raise NotFound("case")
        link, created = CaseLink.objects.get_or_create(
            report=report, case_id=case_id, defaults={"linked_by_id": actor.user_id}
        )
        if created:
            audit_record(
                actor=actor,
                action=REPORT_LINKED_TO_CASE,
                object_type="report",
                object_id=report.pk,
                details={"case": str(case_id)},
            )
            if report.status in (Report.Status.NEW, Report.Status.ASSIGNED):
                _set_status(actor, report, Report.Status.IN_PROGRESS)
    return link
