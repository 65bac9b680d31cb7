"""What SAFEGUARDING_BEFORE_ENFORCEMENT and the status panels know about a person: whether
enforcement may go ahead, never the content of a record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from lantern.core import directory
from lantern.safeguarding.models import CONCERN_OUTCOMES, AgeBand, Review, Screening


@dataclass(frozen=True)
class GateStatus:
    """What SAFEGUARDING_BEFORE_ENFORCEMENT knows about a person. Holds no content."""

    child: bool
    open_concern: bool  # a concern with no review since
    concern_on_record: bool
    review_decision: str  # the latest covering review's decision, or ""
    reviewed_on: date | None

    @property
    def allows_enforcement(self) -> bool:
        if self.open_concern:
            return False
        if self.child and not self.review_decision:
            return False
        return self.review_decision != Review.Decision.DO_NOT_PROCEED


def gate_status(*, person_id: uuid.UUID, person_age: int | None) -> GateStatus:
    """For the rule and the status panel (no access event: it returns no content)."""
    screenings = Screening.objects.filter(person_id=person_id).order_by("-created_at")
    latest = screenings.first()
    concern = screenings.filter(outcome__in=CONCERN_OUTCOMES).first()
    if person_age is not None:
        child = person_age < 18
    else:
        child = latest is not None and latest.age_band == AgeBand.CHILD
    reviews = Review.objects.filter(person_id=person_id).order_by("-created_at")
    covering = reviews.filter(screening=concern).first() if concern is not None else reviews.first()
    return GateStatus(
        child=child,
        open_concern=concern is not None and covering is None,
        concern_on_record=concern is not None,
        review_decision=covering.decision if covering else "",
        reviewed_on=covering.decided_on if covering else None,
    )


def support_advised(person_id: uuid.UUID) -> bool:
    """Whether the review covering the person's latest concern (else their latest review)
    decided that enforcement may proceed with support: the warning or notice then says
    where support is. A yes or no for the cases app's documents, so no access event."""
    status = gate_status(person_id=person_id, person_age=None)
    return status.review_decision == Review.Decision.PROCEED_WITH_SUPPORT


directory.register_support_lookup(support_advised)


def people_screened_in_case(*, case_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids only (for the case page's status panel): people screened in this case."""
    ids = Screening.objects.filter(case_id=case_id).values_list("person_id", flat=True)
    return list(dict.fromkeys(ids))[:20]
