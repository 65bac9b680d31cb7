"""Every write to cases, subjects, designations and ASB Case Reviews. Enforcement actions
are written by workflow.py (the transition table)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from lantern.accounts import selectors as account_selectors
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases import rules as case_rules
from lantern.cases import (
    selectors,
    workflow,  # noqa: F401  (declares the enforcement audit events)
)
from lantern.cases.models import (
    Body,
    Case,
    CaseNote,
    CaseReport,
    CaseReview,
    CaseSubject,
    Designation,
    Person,
    SubjectRole,
    Vehicle,
)
from lantern.core import clock
from lantern.core.actor import Actor, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.core.registration import InvalidRegistration, normalise
from lantern.reports import selectors as report_selectors
from lantern.reports import services as report_services

E = catalogue.declare
CASE_OPENED = E("case.opened", "A case was opened.")
CASE_UPDATED = E("case.updated", "A case's lead officer, partners, review date or area changed.")
CASE_STAGE_CHANGED = E("case.sara_stage_changed", "A place-based problem moved SARA stage.")
CASE_RISK_ASSESSED = E("case.victim_risk_assessed", "A victim risk assessment was recorded.")
CASE_CLOSED = E("case.closed", "A case was closed with a reason.")
CASE_REPORT_LINKED = E("case.report_linked", "A report was linked to a case.")
SUBJECT_LINKED = E("case.subject_linked", "A person, vehicle or body was linked to a case.")
SUBJECT_ROLE_CHANGED = E(
    "case.subject_role_changed", "The role of a person, vehicle or body on a case changed."
)
CASE_REVIEWED = E("case.reviewed", "A case review was recorded and the next review date set.")
PERSON_RECORDED = E("person.recorded", "A person was recorded as the subject of casework.")
VEHICLE_RECORDED = E("vehicle.recorded", "A vehicle was recorded by its registration.")
DESIGNATION_GRANTED = E("designation.granted", "A user was designated to issue notices.")
DESIGNATION_REVOKED = E("designation.revoked", "A user's designation to issue was revoked.")
REVIEW_APPLIED = E("case_review.applied", "A resident applied for an ASB Case Review.")
REVIEW_DECIDED = E("case_review.threshold_decided", "An ASB Case Review threshold was decided.")
REVIEW_MEETING = E("case_review.meeting_held", "An ASB Case Review meeting was recorded.")
REVIEW_OUTCOME = E("case_review.outcome_sent", "An ASB Case Review outcome letter was sent.")

REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
# ASB Case Review timescales (local practice: Castle Point and Southend, DOMAIN.md 2).
REVIEW_DECISION_WORKING_DAYS = 10
REVIEW_MEETING_WORKING_DAYS = 10
REVIEW_OUTCOME_WORKING_DAYS = 10


def add_working_days(day: date, days: int) -> date:
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _reference(prefix: str) -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def _require(actor: Actor, permission: Permission, record: Any = None) -> None:
    if not can(actor, permission, record):
        raise PermissionDenied(str(permission))


def _case_for_update(actor: Actor, case_id: uuid.UUID) -> Case:
    case = selectors.case_list(actor=actor).filter(pk=case_id).first()
    if case is None:
        raise NotFound("case")
    _require(actor, Permission.CASE_MANAGE, case)
    if case.status == Case.Status.CLOSED:
        raise ValidationFailed({"case": ["This case is closed"]})
    return case


def _validate_area(area: Any, field: str = "area") -> dict | None:
    if area in (None, "", {}):
        return None
    from shapely.geometry import shape

    try:
        geometry = shape(area)
    except Exception:
        raise ValidationFailed({field: ["Draw the area as a polygon on the map"]}) from None
    if geometry.geom_type != "Polygon" or not geometry.is_valid or geometry.is_empty:
        raise ValidationFailed({field: ["Draw the area as one polygon whose edges do not cross"]})
    return dict(area)


# --- cases -------------------------------------------------------------------------------------


@dataclass
class CaseInput:
    kind: str
    title: str
    summary: str = ""
    area: dict | None = None
    lead_officer_id: uuid.UUID | None = None
    next_review_on: date | None = None


def case_open(*, actor: Actor, data: CaseInput) -> Case:
    _require(actor, Permission.CASE_MANAGE)
    errors: dict[str, list[str]] = {}
    if data.kind not in Case.Kind.values:
        errors["kind"] = ["Choose the kind of case"]
    if not data.title.strip():
        errors["title"] = ["Give the case a title"]
    elif len(data.title) > 200:
        errors["title"] = ["The title must be 200 characters or fewer"]
    if errors:
        raise ValidationFailed(errors)
    area = _validate_area(data.area)
    organisation = sorted(
        (org for org, role in actor.memberships if org is not None and role is not Role.RESIDENT),
        key=str,
    )
    if not organisation:
        raise PermissionDenied("case.manage")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=_reference("C"),
                    kind=data.kind,
                    title=data.title.strip(),
                    summary=data.summary.strip(),
                    area=area,
                    organisation_id=organisation[0],
                    lead_officer_id=data.lead_officer_id or actor.user_id,
                    next_review_on=data.next_review_on,
                    sara_stage=Case.Sara.SCANNING if data.kind == Case.Kind.PLACE else "",
                )
                audit_record(
                    actor=actor,
                    action=CASE_OPENED,
                    object_type="case",
                    object_id=case.pk,
                    details={"kind": case.kind, "reference": case.reference},
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
    partner's), its partner organisations, next review date or area. Each change is a line on
    the timeline and one audit event."""
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        changed: list[str] = []
        notes: list[str] = []
        if partner_ids is not None:
            from lantern.accounts.models import Organisation

            wanted = set(partner_ids) - {case.organisation_id}
            partners = list(Organisation.objects.filter(pk__in=wanted).order_by("name"))
            if len(partners) != len(wanted):
                raise ValidationFailed({"partners": ["Choose organisations from the list"]})
            before = set(case.partners.values_list("pk", flat=True))
            if before != wanted:
                case.partners.set(partners)
                changed.append("partners")
                names = ", ".join(p.name for p in partners) or "none"
                notes.append(f"Partner organisations with access: {names}")
        if lead_officer_id is not None and lead_officer_id != case.lead_officer_id:
            officers = dict(selectors.lead_officer_choices(case=case))
            if lead_officer_id not in officers:
                raise ValidationFailed(
                    {"lead_officer": ["Choose someone who may manage cases for this case"]}
                )
            case.lead_officer_id = lead_officer_id
            changed.append("lead_officer")
            notes.append(f"Lead officer: {officers[lead_officer_id]}")
        if next_review_on is not None and next_review_on != case.next_review_on:
            if next_review_on < clock.now().date():
                raise ValidationFailed({"next_review_on": ["The review date must not be past"]})
            case.next_review_on = next_review_on
            changed.append("next_review_on")
            notes.append(f"Next review: {next_review_on:%-d %B %Y}")
        if area is not None:
            case.area = _validate_area(area)
            changed.append("area")
            notes.append("Area redrawn")
        if not changed:
            return case
        case.save()
        for text in notes:
            CaseNote.objects.create(case=case, kind="update", text=text, author_id=actor.user_id)
        audit_record(
            actor=actor,
            action=CASE_UPDATED,
            object_type="case",
            object_id=case.pk,
            details={"fields": changed},
        )
    return case


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
        case = _case_for_update(actor, case_id)
        case.next_review_on = next_review_on
        case.save(update_fields=["next_review_on", "updated_at"])
        CaseNote.objects.create(
            case=case,
            kind="review",
            text=f"Case reviewed: {note.strip()} (next review {next_review_on:%-d %B %Y})",
            author_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=CASE_REVIEWED,
            object_type="case",
            object_id=case.pk,
            details={"next_review_on": next_review_on.isoformat()},
        )
    return case


def case_set_stage(*, actor: Actor, case_id: uuid.UUID, stage: str, note: str = "") -> Case:
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        if case.kind != Case.Kind.PLACE or stage not in Case.Sara.values:
            raise ValidationFailed({"stage": ["Choose a SARA stage for a place-based problem"]})
        previous, case.sara_stage = case.sara_stage, stage
        case.save(update_fields=["sara_stage", "updated_at"])
        CaseNote.objects.create(
            case=case,
            kind="sara",
            text=f"Moved to {Case.Sara(stage).label}" + (f": {note}" if note else ""),
            author_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=CASE_STAGE_CHANGED,
            object_type="case",
            object_id=case.pk,
            details={"from": previous, "to": stage},
        )
    return case


def case_assess_risk(*, actor: Actor, case_id: uuid.UUID, level: str, notes: str) -> Case:
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        if level not in ("standard", "medium", "high"):
            raise ValidationFailed({"level": ["Choose the risk level"]})
        if not notes.strip():
            raise ValidationFailed({"notes": ["Record how the risk was assessed"]})
        case.victim_risk, case.victim_risk_notes = level, notes.strip()
        case.victim_risk_assessed_at = clock.now()
        case.save()
        CaseNote.objects.create(
            case=case, kind="risk", text=f"Victim risk assessed: {level}", author_id=actor.user_id
        )
        audit_record(
            actor=actor,
            action=CASE_RISK_ASSESSED,
            object_type="case",
            object_id=case.pk,
            details={"level": level},
        )
    return case


def case_close(*, actor: Actor, case_id: uuid.UUID, reason: str) -> Case:
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        if not reason.strip():
            raise ValidationFailed({"reason": ["Give the reason for closing the case"]})
        case.status, case.closed_at, case.closure_reason = "closed", clock.now(), reason.strip()
        case.save()
        CaseNote.objects.create(
            case=case, kind="closed", text=f"Closed: {reason.strip()}", author_id=actor.user_id
        )
        audit_record(actor=actor, action=CASE_CLOSED, object_type="case", object_id=case.pk)
    return case


def case_link_report(*, actor: Actor, case_id: uuid.UUID, report_id: uuid.UUID) -> CaseReport:
    """Link a report to a case. The reports app records its side and checks the actor may
    triage the report; every registration the report names becomes a vehicle on the case."""
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
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
            for registration in report.vehicles.values_list("registration", flat=True):
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


# --- subjects ----------------------------------------------------------------------------------


@dataclass
class PersonInput:
    given_name: str = ""
    family_name: str = ""
    aliases: list[str] | None = None
    date_of_birth: date | None = None
    estimated_age: int | None = None
    description: str = ""
    address: str = ""
    # A fixed id, only for fictional demo people that other apps' demo data refer to.
    fixed_id: uuid.UUID | None = None


def _check_role(role: str) -> None:
    if role not in SubjectRole.values:
        raise ValidationFailed({"role": ["Choose the person's role in the case"]})


def person_link(*, actor: Actor, case_id: uuid.UUID, role: str, data: PersonInput) -> CaseSubject:
    """Record a person and link them to the case in a role."""
    _check_role(role)
    errors: dict[str, list[str]] = {}
    aliases = [a.strip() for a in (data.aliases or []) if a.strip()]
    if not (data.given_name.strip() or data.family_name.strip() or aliases):
        errors["family_name"] = ["Enter a name or an alias"]
    today = clock.now().date()
    if data.date_of_birth and not (date(1900, 1, 1) <= data.date_of_birth <= today):
        errors["date_of_birth"] = ["The date of birth must be in the past"]
    if data.estimated_age is not None and not 0 <= data.estimated_age <= 120:
        errors["estimated_age"] = ["Enter an age between 0 and 120"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        person = Person.objects.create(
            id=data.fixed_id or uuid.uuid4(),
            organisation_id=case.organisation_id,
            given_name=data.given_name.strip()[:100],
            family_name=data.family_name.strip()[:100],
            aliases=aliases,
            date_of_birth=data.date_of_birth,
            estimated_age=data.estimated_age if data.date_of_birth is None else None,
            estimated_on=today if data.estimated_age is not None else None,
            description=data.description.strip(),
            address=data.address.strip()[:300],
        )
        audit_record(actor=actor, action=PERSON_RECORDED, object_type="person", object_id=person.pk)
        return _link(actor, case, role, person=person)


def person_link_existing(
    *, actor: Actor, case_id: uuid.UUID, person_id: uuid.UUID, role: str
) -> CaseSubject:
    _check_role(role)
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        person = selectors.person_get(actor=actor, person_id=person_id, log=False)
        return _link(actor, case, role, person=person)


def vehicle_link(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    registration: str,
    role: str = SubjectRole.ASSOCIATE,
    make: str = "",
    model: str = "",
    colour: str = "",
) -> CaseSubject:
    try:
        compact = normalise(registration)
    except InvalidRegistration as exc:
        raise ValidationFailed({"registration": [str(exc)]}) from None
    _check_role(role)
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        vehicle, created = Vehicle.objects.get_or_create(registration=compact)
        if created:
            audit_record(
                actor=actor,
                action=VEHICLE_RECORDED,
                object_type="vehicle",
                object_id=vehicle.pk,
                details={"registration": compact},
            )
        changed = False
        for name, value in (("make", make), ("model", model), ("colour", colour)):
            if value.strip() and getattr(vehicle, name) != value.strip()[:60]:
                setattr(vehicle, name, value.strip()[:60])
                changed = True
        if changed:
            vehicle.save()
        existing = CaseSubject.objects.filter(case=case, vehicle=vehicle).first()
        if existing is not None:
            return existing
        return _link(actor, case, role, vehicle=vehicle)


def vehicle_set_keeper(
    *, actor: Actor, case_id: uuid.UUID, vehicle_id: uuid.UUID, name: str, address: str
) -> Vehicle:
    """Record the registered keeper (from a DVLA enquiry) of a vehicle on the case, for the
    keeper letter."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["keeper_name"] = ["Enter the keeper's name"]
    if not address.strip():
        errors["keeper_address"] = ["Enter the keeper's address"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        link = CaseSubject.objects.filter(case=case, vehicle_id=vehicle_id).first()
        if link is None or link.vehicle is None:
            raise NotFound("vehicle")
        vehicle = link.vehicle
        vehicle.keeper_name, vehicle.keeper_address = name.strip()[:200], address.strip()[:300]
        vehicle.save()
        audit_record(
            actor=actor,
            action=CASE_UPDATED,
            object_type="vehicle",
            object_id=vehicle.pk,
            details={"fields": ["keeper"], "case": str(case.pk)},
        )
    return vehicle


def body_link(
    *, actor: Actor, case_id: uuid.UUID, role: str, name: str, address: str = ""
) -> CaseSubject:
    _check_role(role)
    if not name.strip():
        raise ValidationFailed({"name": ["Enter the organisation's name"]})
    with transaction.atomic():
        case = _case_for_update(actor, case_id)
        body = Body.objects.create(name=name.strip()[:200], address=address.strip()[:300])
        return _link(actor, case, role, body=body)


def subject_set_role(*, actor: Actor, subject_id: uuid.UUID, role: str) -> CaseSubject:
    """Change the role a person, vehicle or body has on a case (a witness found to be a
    victim, say). The change is on the timeline."""
    _check_role(role)
    with transaction.atomic():
        link = (
            CaseSubject.objects.select_for_update(of=("self",))
            .filter(pk=subject_id, case__in=selectors.case_list(actor=actor).values("pk"))
            .select_related("person", "vehicle", "body")
            .first()
        )
        if link is None:
            raise NotFound("subject")
        case = _case_for_update(actor, link.case_id)
        previous = link.role
        if previous == role:
            return link
        link.role = role
        link.save(update_fields=["role", "updated_at"])
        what = link.person or link.vehicle or link.body
        CaseNote.objects.create(
            case=case,
            kind="subject",
            text=f"{what}: {SubjectRole(previous).label} is now {SubjectRole(role).label}",
            author_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=SUBJECT_ROLE_CHANGED,
            object_type="case",
            object_id=case.pk,
            details={"subject": str(link.pk), "from": previous, "to": role},
        )
    return link


def _link(actor: Actor, case: Case, role: str, **subject: Any) -> CaseSubject:
    link = CaseSubject.objects.create(case=case, role=role, added_by_id=actor.user_id, **subject)
    kind = next(iter(subject))
    audit_record(
        actor=actor,
        action=SUBJECT_LINKED,
        object_type="case",
        object_id=case.pk,
        details={"subject": kind, "subject_id": str(subject[kind].pk), "role": role},
    )
    return link


# --- designations ------------------------------------------------------------------------------


def designation_grant(*, actor: Actor, user_id: uuid.UUID, kind: str) -> Designation:
    _require(actor, Permission.DESIGNATION_MANAGE)
    if kind not in Designation.Kind.values:
        raise ValidationFailed({"kind": ["Choose the designation"]})
    account_selectors.user_get(actor=actor, user_id=user_id)  # NotFound if not visible
    with transaction.atomic():
        designation = Designation.objects.create(
            user_id=user_id, kind=kind, granted_by_id=actor.user_id
        )
        audit_record(
            actor=actor,
            action=DESIGNATION_GRANTED,
            object_type="user",
            object_id=user_id,
            details={"kind": kind},
        )
    return designation


def designation_revoke(*, actor: Actor, designation_id: uuid.UUID) -> Designation:
    _require(actor, Permission.DESIGNATION_MANAGE)
    with transaction.atomic():
        designation = Designation.objects.filter(pk=designation_id, revoked_at=None).first()
        if designation is None:
            raise NotFound("designation")
        account_selectors.user_get(actor=actor, user_id=designation.user_id)
        designation.revoked_at = clock.now()
        designation.save()
        audit_record(
            actor=actor,
            action=DESIGNATION_REVOKED,
            object_type="user",
            object_id=designation.user_id,
            details={"kind": designation.kind},
        )
    return designation


# --- ASB Case Review ---------------------------------------------------------------------------


def case_review_apply(*, actor: Actor, statement: str = "") -> CaseReview:
    """A resident applies for an ASB Case Review on their own reports."""
    _require(actor, Permission.CASE_REVIEW_APPLY)
    applicant_id = actor.user_id
    if applicant_id is None:
        raise PermissionDenied("case_review.apply")
    eligibility = selectors.resident_eligibility(actor=actor)
    case_rules.CaseReviewThreshold().enforce(eligibility)
    if len(statement) > 5000:
        raise ValidationFailed({"statement": ["Keep it to 5,000 characters or fewer"]})
    today = clock.now().date()
    with transaction.atomic():
        review = CaseReview.objects.create(
            reference=_reference("T"),
            applicant_id=applicant_id,
            report_ids=list(eligibility.qualifying_report_ids),
            hate_incident=bool(eligibility.hate_report_ids),
            eligible_on_application=eligibility.eligible,
            statement=statement.strip(),
            decision_due_on=add_working_days(today, REVIEW_DECISION_WORKING_DAYS),
        )
        audit_record(
            actor=actor,
            action=REVIEW_APPLIED,
            object_type="case_review",
            object_id=review.pk,
            details={
                "reports": len(review.report_ids),
                "hate": review.hate_incident,
            },
        )
    return review


def _review_for_update(actor: Actor, review_id: uuid.UUID) -> CaseReview:
    review = (
        selectors.case_review_list(actor=actor)
        .select_for_update(of=("self",))
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise NotFound("case review")
    return review


def case_review_decide(
    *, actor: Actor, review_id: uuid.UUID, threshold_met: bool, reason: str = ""
) -> CaseReview:
    """Record whether the application meets the local threshold. A refusal gives its reason,
    which the outcome letter repeats."""
    with transaction.atomic():
        review = _review_for_update(actor, review_id)
        if review.status != CaseReview.Status.APPLIED:
            raise ValidationFailed({"status": ["The threshold has already been decided"]})
        if not threshold_met and not reason.strip():
            raise ValidationFailed({"reason": ["Say why the threshold is not met"]})
        if len(reason) > 5000:
            raise ValidationFailed({"reason": ["Keep it to 5,000 characters or fewer"]})
        today = clock.now().date()
        review.threshold_met, review.decided_on = threshold_met, today
        review.decision_reason = reason.strip()
        review.decided_by_id = actor.user_id
        if threshold_met:
            review.status = CaseReview.Status.THRESHOLD_MET
            review.meeting_due_on = add_working_days(today, REVIEW_MEETING_WORKING_DAYS)
        else:
            review.status = CaseReview.Status.NOT_MET
            review.outcome_due_on = add_working_days(today, REVIEW_OUTCOME_WORKING_DAYS)
        review.save()
        audit_record(
            actor=actor,
            action=REVIEW_DECIDED,
            object_type="case_review",
            object_id=review.pk,
            details={"threshold_met": threshold_met, "on_time": today <= review.decision_due_on},
        )
    return review


def case_review_meeting(
    *, actor: Actor, review_id: uuid.UUID, held_on: date, recommendations: str
) -> CaseReview:
    with transaction.atomic():
        review = _review_for_update(actor, review_id)
        if review.status != CaseReview.Status.THRESHOLD_MET:
            raise ValidationFailed(
                {"status": ["A meeting follows a decision that the threshold is met"]}
            )
        if not recommendations.strip():
            raise ValidationFailed({"recommendations": ["Record the panel's recommendations"]})
        if held_on > clock.now().date():
            raise ValidationFailed({"held_on": ["The meeting date must not be in the future"]})
        if review.decided_on and held_on < review.decided_on:
            raise ValidationFailed(
                {"held_on": ["The meeting must be on or after the threshold decision"]}
            )
        review.meeting_on, review.recommendations = held_on, recommendations.strip()
        review.status = CaseReview.Status.MEETING_HELD
        review.outcome_due_on = add_working_days(held_on, REVIEW_OUTCOME_WORKING_DAYS)
        review.save()
        audit_record(
            actor=actor,
            action=REVIEW_MEETING,
            object_type="case_review",
            object_id=review.pk,
            details={"on_time": bool(review.meeting_due_on and held_on <= review.meeting_due_on)},
        )
    return review


def case_review_outcome(*, actor: Actor, review_id: uuid.UUID, letter: str) -> CaseReview:
    """Send the outcome letter: its PDF is rendered once and frozen with its SHA-256."""
    if len(letter) > 10000:
        raise ValidationFailed({"letter": ["Keep the letter to 10,000 characters or fewer"]})
    with transaction.atomic():
        review = _review_for_update(actor, review_id)
        if review.status not in (CaseReview.Status.MEETING_HELD, CaseReview.Status.NOT_MET):
            raise ValidationFailed({"status": ["The outcome follows the meeting or decision"]})
        if not letter.strip():
            raise ValidationFailed({"letter": ["Write the outcome letter"]})
        today = clock.now().date()
        review.outcome_letter, review.outcome_sent_on = letter.strip(), today
        review.status = CaseReview.Status.CLOSED
        # Imported here, not at the top: documents loads reportlab (and Pillow), which every web
        # process would otherwise hold in memory for the few requests that make a PDF.
        from lantern.cases import documents

        content = documents.render_review_outcome(
            review, name=review.applicant.display_name, sent_on=today
        )
        review.outcome_pdf, review.outcome_sha256 = content, documents.sha256(content)
        review.save()
        audit_record(
            actor=actor,
            action=REVIEW_OUTCOME,
            object_type="case_review",
            object_id=review.pk,
            details={
                "on_time": bool(review.outcome_due_on and today <= review.outcome_due_on),
                "sha256": review.outcome_sha256,
                "bytes": len(content),
            },
        )
    return review
