"""Opening, changing and closing a case, and linking reports to it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import partnership_for_creator
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import Case, CaseReport, SubjectRole
from lantern.cases.selectors.cases import lead_officer_choices, partner_choices
from lantern.cases.services.common import (
    CASE_UPDATED,
    case_changed,
    case_for_update,
    draw_reference,
    require,
    validate_area,
)
from lantern.cases.services.subjects import vehicle_link
from lantern.core import clock
from lantern.core.actor import Actor, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission
from lantern.reports import selectors as report_selectors
from lantern.reports import services as report_services

E = catalogue.declare
CASE_OPENED = E("case.opened", "A case was opened.")
CASE_STAGE_CHANGED = E("case.sara_stage_changed", "A place-based problem moved SARA stage.")
CASE_RISK_ASSESSED = E("case.victim_risk_assessed", "A victim risk assessment was recorded.")
CASE_CLOSED = E("case.closed", "A case was closed with a reason.")
CASE_REPORT_LINKED = E("case.report_linked", "A report was linked to a case.")
CASE_REVIEWED = E("case.reviewed", "A case review was recorded and the next review date set.")


@dataclass
class CaseInput:
    kind: str
    title: str
    summary: str = ""
    area: dict | None = None
    lead_officer_id: uuid.UUID | None = None
    next_review_on: date | None = None
    # Which of the actor's partnerships it belongs to; needed only when they have several.
    partnership_id: uuid.UUID | None = None


def _owner(actor: Actor, partnership_id: uuid.UUID) -> uuid.UUID:
    """The organisation that owns a new case: the actor's first (staff) organisation that is
    a member of the case's partnership."""
    members = set(
        Organisation.objects.filter(
            partnership_memberships__partnership_id=partnership_id
        ).values_list("pk", flat=True)
    )
    mine = sorted(
        (
            org
            for org, role in actor.memberships
            if org is not None and role is not Role.RESIDENT and org in members
        ),
        key=str,
    )
    if not mine:
        raise PermissionDenied("case.manage")
    return mine[0]


def case_open(*, actor: Actor, data: CaseInput) -> Case:
    """Open a case in one of the actor's partnerships (their only one, or the one they
    choose), owned by their organisation in it."""
    require(actor, Permission.CASE_MANAGE)
    errors: dict[str, list[str]] = {}
    if data.kind not in Case.Kind.values:
        errors["kind"] = ["Choose the kind of case"]
    if not data.title.strip():
        errors["title"] = ["Give the case a title"]
    elif len(data.title) > 200:
        errors["title"] = ["The title must be 200 characters or fewer"]
    if errors:
        raise ValidationFailed(errors)
    area = validate_area(data.area)
    partnership_id = partnership_for_creator(actor=actor, partnership_id=data.partnership_id)
    organisation_id = _owner(actor, partnership_id)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=draw_reference("C"),
                    kind=data.kind,
                    title=data.title.strip(),
                    summary=data.summary.strip(),
                    area=area,
                    partnership_id=partnership_id,
                    organisation_id=organisation_id,
                    lead_officer_id=data.lead_officer_id or actor.user_id,
                    next_review_on=data.next_review_on,
                    sara_stage=Case.Sara.SCANNING if data.kind == Case.Kind.PLACE else "",
                )
                audit_record(
                    actor=actor,
                    action=CASE_OPENED,
                    object_type="case",
                    object_id=case.pk,
                    details={
                        "kind": case.kind,
                        "reference": case.reference,
                        "partnership": str(partnership_id),
                    },
                )
            return case
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a unique case reference")


def case_update(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    lead_officer_id: uuid.UUID | None = None,
    partner_ids: list[uuid.UUID] | None = None,
    next_review_on: date | None = None,
    area: dict | None = None,
) -> Case:
    """Change a case's lead officer (someone who may manage cases in its organisation or a
    partner's), its partner organisations (members of its partnership or of one it is shared
    with), next review date or area. Each change is a line on the timeline and one audit
    event."""
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        changes = [
            *_set_partners(case, partner_ids),
            *_set_lead_officer(case, lead_officer_id),
            *_set_next_review(case, next_review_on),
        ]
        if area is not None:
            case.area = validate_area(area)
            changes.append(("area", "Area redrawn"))
        if not changes:
            return case
        case_changed(
            actor,
            case,
            event=CASE_UPDATED,
            note_kind="update",
            notes=[note for _field, note in changes],
            details={"fields": [field for field, _note in changes]},
        )
    return case


def _set_partners(case: Case, partner_ids: list[uuid.UUID] | None) -> list[tuple[str, str]]:
    if partner_ids is None:
        return []
    wanted = set(partner_ids) - {case.organisation_id}
    choices = dict(partner_choices(case=case))
    if not wanted <= set(choices):
        raise ValidationFailed({"partners": ["Choose organisations from the list"]})
    if set(case.partners.values_list("pk", flat=True)) == wanted:
        return []
    case.partners.set(Organisation.objects.filter(pk__in=wanted))
    names = ", ".join(sorted(choices[pk] for pk in wanted)) or "none"
    return [("partners", f"Partner organisations with access: {names}")]


def _set_lead_officer(case: Case, lead_officer_id: uuid.UUID | None) -> list[tuple[str, str]]:
    if lead_officer_id is None or lead_officer_id == case.lead_officer_id:
        return []
    officers = dict(lead_officer_choices(case=case))
    if lead_officer_id not in officers:
        raise ValidationFailed(
            {"lead_officer": ["Choose someone who may manage cases for this case"]}
        )
    case.lead_officer_id = lead_officer_id
    return [("lead_officer", f"Lead officer: {officers[lead_officer_id]}")]


def _set_next_review(case: Case, next_review_on: date | None) -> list[tuple[str, str]]:
    if next_review_on is None or next_review_on == case.next_review_on:
        return []
    if next_review_on < clock.now().date():
        raise ValidationFailed({"next_review_on": ["The review date must not be past"]})
    case.next_review_on = next_review_on
    return [("next_review_on", f"Next review: {next_review_on:%-d %B %Y}")]


def case_record_review(
    *, actor: Actor, case_id: uuid.UUID, note: str, next_review_on: date
) -> Case:
    """Record that the case was reviewed (what was found) and when it is next reviewed."""
    if not note.strip():
        raise ValidationFailed({"note": ["Record what the review found"]})
    if len(note) > 5000:
        raise ValidationFailed({"note": ["Keep it to 5,000 characters or fewer"]})
    if next_review_on < clock.now().date():
        raise ValidationFailed({"next_review_on": ["The next review date must not be past"]})
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        case.next_review_on = next_review_on
        case_changed(
            actor,
            case,
            event=CASE_REVIEWED,
            note_kind="review",
            notes=[f"Case reviewed: {note.strip()} (next review {next_review_on:%-d %B %Y})"],
            details={"next_review_on": next_review_on.isoformat()},
            fields=["next_review_on", "updated_at"],
        )
    return case


def case_set_stage(*, actor: Actor, case_id: uuid.UUID, stage: str, note: str = "") -> Case:
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        if case.kind != Case.Kind.PLACE or stage not in Case.Sara.values:
            raise ValidationFailed({"stage": ["Choose a SARA stage for a place-based problem"]})
        previous, case.sara_stage = case.sara_stage, stage
        case_changed(
            actor,
            case,
            event=CASE_STAGE_CHANGED,
            note_kind="sara",
            notes=[f"Moved to {Case.Sara(stage).label}" + (f": {note}" if note else "")],
            details={"from": previous, "to": stage},
            fields=["sara_stage", "updated_at"],
        )
    return case


def case_assess_risk(*, actor: Actor, case_id: uuid.UUID, level: str, notes: str) -> Case:
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        if level not in ("standard", "medium", "high"):
            raise ValidationFailed({"level": ["Choose the risk level"]})
        if not notes.strip():
            raise ValidationFailed({"notes": ["Record how the risk was assessed"]})
        case.victim_risk, case.victim_risk_notes = level, notes.strip()
        case.victim_risk_assessed_at = clock.now()
        case_changed(
            actor,
            case,
            event=CASE_RISK_ASSESSED,
            note_kind="risk",
            notes=[f"Victim risk assessed: {level}"],
            details={"level": level},
        )
    return case


def case_close(*, actor: Actor, case_id: uuid.UUID, reason: str) -> Case:
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        if not reason.strip():
            raise ValidationFailed({"reason": ["Give the reason for closing the case"]})
        case.status, case.closed_at, case.closure_reason = "closed", clock.now(), reason.strip()
        case_changed(
            actor,
            case,
            event=CASE_CLOSED,
            note_kind="closed",
            notes=[f"Closed: {reason.strip()}"],
        )
    return case


def case_link_report(*, actor: Actor, case_id: uuid.UUID, report_id: uuid.UUID) -> CaseReport:
    """Link a report to a case. The report must be one the actor may see (the reports
    selector, with the actor's partnerships); the reports app records its side and checks
    the actor may triage it; every registration the report names becomes a vehicle on the
    case."""
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        if not report_selectors.report_list(actor=actor).filter(pk=report_id).exists():
            raise NotFound("report")
        report_services.report_link_case(actor=actor, report_id=report_id, case_id=case.pk)
        link, created = CaseReport.objects.get_or_create(
            case=case, report_id=report_id, defaults={"linked_by_id": actor.user_id}
        )
        if created:
            audit_record(
                actor=actor,
                action=CASE_REPORT_LINKED,
                object_type="case",
                object_id=case.pk,
                details={"report": str(report_id)},
            )
            report = report_selectors.report_get(actor=actor, report_id=report_id)
            mentions = report.vehicles.filter(partial=False)  # part of a plate is no vehicle
            for registration in mentions.values_list("registration", flat=True):
                vehicle_link(
                    actor=actor,
                    case_id=case.pk,
                    registration=registration,
                    role=SubjectRole.ASSOCIATE,
                )
    return link


def case_link_report_by_reference(*, actor: Actor, case_id: uuid.UUID, reference: str) -> Any:
    from lantern.reports.reference import normalise_reference

    ref = normalise_reference(reference)
    report = report_selectors.report_list(actor=actor).filter(reference=ref).first()
    if report is None:
        raise ValidationFailed({"reference": ["No report has that reference"]})
    return case_link_report(actor=actor, case_id=case_id, report_id=report.pk)
