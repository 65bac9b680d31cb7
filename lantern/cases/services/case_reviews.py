"""The ASB Case Review (Community Trigger): a resident's application, the threshold
decision, the review meeting and the outcome letter, each within its local timescale."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import transaction

from lantern.accounts.models import Organisation
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases import rules as case_rules
from lantern.cases.models import CaseReview
from lantern.cases.selectors.case_reviews import (
    case_review_list,
    resident_eligibility,
    review_councils,
)
from lantern.cases.services.common import draw_reference, require
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission
from lantern.reports import selectors as report_selectors

E = catalogue.declare
REVIEW_APPLIED = E("case_review.applied", "A resident applied for an ASB Case Review.")
REVIEW_DECIDED = E("case_review.threshold_decided", "An ASB Case Review threshold was decided.")
REVIEW_MEETING = E("case_review.meeting_held", "An ASB Case Review meeting was recorded.")
REVIEW_OUTCOME = E("case_review.outcome_sent", "An ASB Case Review outcome letter was sent.")

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


def _council_applied_to(council_id: uuid.UUID | None) -> Organisation | None:
    """The council an application is made to: the one chosen, or the one council Lantern
    knows (None, the deployment's defaults, when it knows none)."""
    known = review_councils()
    if council_id is not None:
        council = known.filter(pk=council_id).first()
        if council is None:
            raise ValidationFailed({"council": ["Choose a council from the list"]})
        return council
    if known.count() > 1:
        raise ValidationFailed(
            {"council": ["Choose the council for the area where the incidents happened"]}
        )
    return known.first()


def _review_partnership(
    applicant_id: uuid.UUID, council: Organisation | None, report_ids: list[str]
) -> uuid.UUID:
    """The partnership that handles an application: the one whose area holds the place of
    the incidents it is made on (newest first), among the council's partnerships when the
    council is known; else the council's only partnership. Residents never choose it."""
    from lantern.accounts.selectors import partnership_at

    allowed = set(council.partnerships.values_list("pk", flat=True)) if council else None
    reports = (
        report_selectors.reports_made_by(reporter_id=applicant_id)
        .filter(pk__in=report_ids)
        .order_by("-occurred_from")
    )
    for latitude, longitude in reports.values_list("latitude", "longitude"):
        found = partnership_at(latitude, longitude)
        if found is not None and (allowed is None or found.pk in allowed):
            return found.pk
    if allowed is not None and len(allowed) == 1:
        return next(iter(allowed))
    raise ValidationFailed(
        {
            "council": [
                "Lantern cannot tell which community safety partnership deals with this "
                "place: ask the council about an ASB Case Review directly"
            ]
        }
    )


def case_review_apply(
    *, actor: Actor, statement: str = "", council_id: uuid.UUID | None = None
) -> CaseReview:
    """A resident applies for an ASB Case Review on their own reports, to a council, under
    that council's threshold (its enforcement policy). It belongs to the partnership of the
    place where the incidents happened (``_review_partnership``)."""
    require(actor, Permission.CASE_REVIEW_APPLY)
    applicant_id = actor.user_id
    if applicant_id is None:
        raise PermissionDenied("case_review.apply")
    council = _council_applied_to(council_id)
    eligibility = resident_eligibility(actor=actor, council=council)
    case_rules.CaseReviewThreshold().enforce(eligibility)
    if len(statement) > 5000:
        raise ValidationFailed({"statement": ["Keep it to 5,000 characters or fewer"]})
    partnership_id = _review_partnership(
        applicant_id, council, list(eligibility.qualifying_report_ids)
    )
    today = clock.now().date()
    with transaction.atomic():
        review = CaseReview.objects.create(
            reference=draw_reference("T"),
            partnership_id=partnership_id,
            applicant_id=applicant_id,
            council=council,
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
                "council": str(council.pk) if council else None,
            },
        )
    return review


def _review_for_update(actor: Actor, review_id: uuid.UUID) -> CaseReview:
    review = (
        case_review_list(actor=actor).select_for_update(of=("self",)).filter(pk=review_id).first()
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
