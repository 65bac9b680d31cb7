"""ASB Case Reviews: a resident's own applications, the partnership's list, one application
with its steps and timescales, and a resident's eligibility to apply.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import councils, in_scope, scope_q
from lantern.audit.services import audit_access
from lantern.cases.models import CaseReview
from lantern.cases.policy import Policy, only_council, policy_for
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.reports import selectors as report_selectors


def _review_policy(actor: Actor, permission: Permission, review: CaseReview) -> bool:
    if permission is Permission.CASE_REVIEW_APPLY:
        return review.applicant_id == actor.user_id
    return in_scope(
        actor, object_type="case_review", object_id=review.pk, partnership_id=review.partnership_id
    )


register_object_policy(CaseReview, _review_policy)


def own_case_reviews(*, actor: Actor) -> QuerySet[CaseReview]:
    if actor.user_id is None or not can(actor, Permission.CASE_REVIEW_APPLY):
        return CaseReview.objects.none()
    return CaseReview.objects.filter(applicant_id=actor.user_id).defer("outcome_pdf")


def case_review_list(*, actor: Actor) -> QuerySet[CaseReview]:
    """Every application of the actor's partnerships (or shared with one), for their
    officers (reports, and so applications, are shared across the partnership). No personal
    data in the list: the applicant's name is on the application's page, whose read is
    logged."""
    if not can(actor, Permission.CASE_REVIEW_MANAGE):
        return CaseReview.objects.none()
    return (
        CaseReview.objects.filter(scope_q(actor, object_type="case_review"))
        .defer("outcome_pdf")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class ReviewStep:
    """One step of an ASB Case Review with its timescale: when it is due, when it was done."""

    name: str
    due_on: date | None
    done_on: date | None

    @property
    def late(self) -> bool:
        if self.due_on is None:
            return False
        if self.done_on is not None:
            return self.done_on > self.due_on
        return clock.now().date() > self.due_on


def review_steps(review: CaseReview) -> list[ReviewStep]:
    """The steps the review has taken or has still to take, in order."""
    steps = [ReviewStep("Decision on the threshold", review.decision_due_on, review.decided_on)]
    if review.threshold_met:
        steps.append(ReviewStep("Review meeting", review.meeting_due_on, review.meeting_on))
    if review.outcome_due_on or review.outcome_sent_on:
        steps.append(ReviewStep("Outcome letter", review.outcome_due_on, review.outcome_sent_on))
    return steps


def review_next_step(review: CaseReview) -> ReviewStep | None:
    """The first step not yet done, or None once the outcome letter has been sent."""
    return next((step for step in review_steps(review) if step.done_on is None), None)


def case_review_get(*, actor: Actor, review_id: uuid.UUID) -> CaseReview:
    review = CaseReview.objects.select_related("applicant").filter(pk=review_id).first()
    if review is None:
        raise NotFound("case review")
    if can(actor, Permission.CASE_REVIEW_MANAGE, review):
        audit_access(
            actor=actor,
            object_type="case_review",
            object_id=review.pk,
            data_class=DataClass.PERSONAL,
        )
        return review
    if can(actor, Permission.CASE_REVIEW_APPLY, review):
        return review
    raise NotFound("case review")


def case_review_reports(*, actor: Actor, review: CaseReview) -> list[Any]:
    """The qualifying reports the application was made on, as the actor may see them."""
    return list(
        report_selectors.report_list(actor=actor)
        .filter(pk__in=list(review.report_ids))
        .order_by("occurred_from")
    )


def _own_reports(actor: Actor) -> list[Any]:
    if actor.user_id is None:
        return []
    return list(
        report_selectors.reports_made_by(reporter_id=actor.user_id).select_related("category")
    )


def resident_eligibility(*, actor: Actor, council: Organisation | None = None) -> Any:
    """The actor's own ASB Case Review eligibility, from their own reports, under the
    threshold of ``council`` (by default the one council Lantern knows; the deployment's
    defaults when it knows none or several)."""
    from lantern.cases.rules import case_review_eligibility

    if actor.user_id is None:
        return None
    policy = policy_for(council or only_council())
    return case_review_eligibility(_own_reports(actor), clock.now(), policy)


def resident_eligibilities(*, actor: Actor) -> list[Any]:
    """The actor's eligibility under each council's threshold, by council name (one, under
    the deployment's defaults, when Lantern knows no council): a resident may apply to any
    of them, and each publishes its own."""
    from lantern.cases.rules import case_review_eligibility

    if actor.user_id is None:
        return []
    reports, now = _own_reports(actor), clock.now()
    authorities: list[Organisation | None] = list(review_councils()) or [None]
    return [case_review_eligibility(reports, now, policy_for(org)) for org in authorities]


def review_councils() -> QuerySet[Organisation]:
    """The councils an ASB Case Review may be made to (names only: public)."""
    return councils(actor=SYSTEM)


def review_policy(*, review: CaseReview) -> Policy:
    """The policy whose threshold applies to the application: its council's."""
    return policy_for(review.council)
