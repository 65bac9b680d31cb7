"""ASB Case Reviews (ss.104-105 ASBCPA 2014) in the JSON API."""

import uuid

from ninja import Status
from ninja.pagination import paginate

from lantern.cases import selectors, services
from lantern.cases.api.router import Refused, pdf_openapi, pdf_response, router
from lantern.cases.models import CaseReview
from lantern.cases.schemas import (
    CaseReviewApplicationIn,
    EligibilityOut,
    ReviewDecisionIn,
    ReviewDetailOut,
    ReviewMeetingIn,
    ReviewOut,
    ReviewOutcomeIn,
)
from lantern.core.api import BoundedPagination, ErrorOut, FieldErrorsOut, actor_of
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can


@router.get(
    "/case-reviews/eligibility", response={200: EligibilityOut, 403: ErrorOut, 404: ErrorOut}
)
def case_review_eligibility(request: LanternRequest, council_id: uuid.UUID | None = None):
    """Your eligibility under a council's threshold (by default the one council Lantern
    knows; the defaults when it knows several and none is given)."""
    actor = actor_of(request)
    if not can(actor, Permission.CASE_REVIEW_APPLY):
        return Status(403, {"detail": "You may not do this"})
    council = None
    if council_id is not None:
        council = selectors.review_councils().filter(pk=council_id).first()
        if council is None:
            raise NotFound("council")
    result = selectors.resident_eligibility(actor=actor, council=council)
    policy = result.policy
    return EligibilityOut(
        eligible=result.eligible,
        qualifying_reports=len(result.qualifying_report_ids),
        hate_incidents=len(result.hate_report_ids),
        should_be_told=result.should_be_told,
        council_id=policy.authority_id,
        council_name=policy.authority_name,
        threshold=policy.threshold_text(),
        threshold_incidents=policy.case_review_incidents,
        threshold_months=policy.case_review_months,
        threshold_hate_incidents=policy.case_review_hate_incidents,
    )


@router.post("/case-reviews", response={201: ReviewOut, 403: ErrorOut, 422: Refused})
def case_review_apply(request: LanternRequest, payload: CaseReviewApplicationIn):
    review = services.case_review_apply(
        actor=actor_of(request), statement=payload.statement, council_id=payload.council_id
    )
    return Status(201, ReviewOut.from_orm(review))


def _review(review: CaseReview) -> ReviewDetailOut:
    step = selectors.review_next_step(review)
    return ReviewDetailOut(
        **ReviewOut.from_orm(review).dict(),
        statement=review.statement,
        hate_incident=review.hate_incident,
        qualifying_reports=len(review.report_ids),
        threshold_met=review.threshold_met,
        decided_on=review.decided_on,
        decision_reason=review.decision_reason,
        meeting_on=review.meeting_on,
        recommendations=review.recommendations,
        outcome_sent_on=review.outcome_sent_on,
        outcome_sha256=review.outcome_sha256,
        next_step=step.name if step else None,
        next_step_due_on=step.due_on if step else None,
        next_step_late=bool(step and step.late),
        council_id=review.council_id,
        threshold=selectors.review_policy(review=review).threshold_text(),
    )


@router.get("/case-reviews", response={200: list[ReviewOut], 403: ErrorOut})
@paginate(BoundedPagination)
def case_review_list(request: LanternRequest):
    """Every application, for the partnership's officers; a resident's own, for a resident."""
    actor = actor_of(request)
    if can(actor, Permission.CASE_REVIEW_MANAGE):
        return selectors.case_review_list(actor=actor)
    if can(actor, Permission.CASE_REVIEW_APPLY):
        return selectors.own_case_reviews(actor=actor).order_by("-created_at")
    raise PermissionDenied("case_review.manage")


@router.get("/case-reviews/{uuid:review_id}", response={200: ReviewDetailOut, 404: ErrorOut})
def case_review_get(request: LanternRequest, review_id: uuid.UUID):
    return _review(selectors.case_review_get(actor=actor_of(request), review_id=review_id))


@router.post(
    "/case-reviews/{uuid:review_id}/decision",
    response={200: ReviewDetailOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_review_decide(request: LanternRequest, review_id: uuid.UUID, payload: ReviewDecisionIn):
    return _review(
        services.case_review_decide(
            actor=actor_of(request),
            review_id=review_id,
            threshold_met=payload.threshold_met,
            reason=payload.reason,
        )
    )


@router.post(
    "/case-reviews/{uuid:review_id}/meeting",
    response={200: ReviewDetailOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_review_meeting(request: LanternRequest, review_id: uuid.UUID, payload: ReviewMeetingIn):
    return _review(
        services.case_review_meeting(
            actor=actor_of(request),
            review_id=review_id,
            held_on=payload.held_on,
            recommendations=payload.recommendations,
        )
    )


@router.post(
    "/case-reviews/{uuid:review_id}/outcome",
    response={200: ReviewDetailOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_review_outcome(request: LanternRequest, review_id: uuid.UUID, payload: ReviewOutcomeIn):
    """Send the outcome letter: rendered as PDF once, frozen with its SHA-256."""
    return _review(
        services.case_review_outcome(
            actor=actor_of(request), review_id=review_id, letter=payload.letter
        )
    )


@router.get(
    "/case-reviews/{uuid:review_id}/letter",
    response={200: None, 404: ErrorOut},
    openapi_extra=pdf_openapi("The outcome letter as sent (PDF)"),
)
def case_review_letter(request: LanternRequest, review_id: uuid.UUID):
    """The outcome letter's PDF, byte for byte as sent; its SHA-256 in X-Content-SHA256."""
    review = selectors.case_review_get(actor=actor_of(request), review_id=review_id)
    if not review.outcome_pdf:
        raise NotFound("outcome letter")
    return pdf_response(bytes(review.outcome_pdf), review.outcome_sha256)
