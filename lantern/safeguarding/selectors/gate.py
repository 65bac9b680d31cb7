"""What SAFEGUARDING_BEFORE_ENFORCEMENT and the status panels know about a person: whether
enforcement may go ahead, never the content of a record.

The gate reads one partnership's records only: the case's (the enforcement action's), else
the person's (gate_partnership). A screening or review held by another partnership never
opens, closes or resets it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db.models import QuerySet

from lantern.core import directory
from lantern.safeguarding.models import CONCERN_OUTCOMES, Referral, Review, Screening


@dataclass(frozen=True)
class GateStatus:
    """What SAFEGUARDING_BEFORE_ENFORCEMENT and CHILDRENS_SERVICES_REFERRAL know about a
    person. Holds no content."""

    child: bool
    open_concern: bool  # a concern with no review since
    concern_on_record: bool
    review_decision: str  # the latest covering review's decision, or ""
    reviewed_on: date | None
    childrens_referral: bool = False  # a referral to children's social care is on record

    @property
    def review_allows(self) -> bool:
        """SAFEGUARDING_BEFORE_ENFORCEMENT: a review covers any concern (and any child), and
        does not say enforcement should not proceed."""
        if self.open_concern:
            return False
        if self.child and not self.review_decision:
            return False
        return self.review_decision != Review.Decision.DO_NOT_PROCEED

    @property
    def needs_childrens_referral(self) -> bool:
        """CHILDRENS_SERVICES_REFERRAL: a child, and no referral to children's social care."""
        return self.child and not self.childrens_referral

    @property
    def allows_enforcement(self) -> bool:
        return self.review_allows and not self.needs_childrens_referral


def gate_partnership(*, person_id: uuid.UUID, case_id: uuid.UUID | None = None) -> uuid.UUID | None:
    """The partnership whose records decide a person's gate: the case's, where an action on a
    case is checked, else the person's (the cases app knows both; a person is linked only to
    cases of their own partnership). None when it knows neither: then every record counts,
    as before partnerships, and the records about a person it does not know can only be
    their writers' own."""
    found = directory.case_partnership(case_id) if case_id is not None else None
    return found or directory.person_partnership(person_id)


M = TypeVar("M", Screening, Review, Referral)


def held_by(records: QuerySet[M], partnership_id: uuid.UUID | None) -> QuerySet[M]:
    """The records of one partnership (all of them when it is not known)."""
    return records if partnership_id is None else records.filter(partnership_id=partnership_id)


def childrens_referral_made(person_id: uuid.UUID, partnership_id: uuid.UUID | None) -> bool:
    referrals = Referral.objects.filter(
        person_id=person_id, kind=Referral.Kind.CHILDRENS_SOCIAL_CARE
    )
    return held_by(referrals, partnership_id).exists()


def gate_status(
    *, person_id: uuid.UUID, person_age: int | None, case_id: uuid.UUID | None = None
) -> GateStatus:
    """For the rules and the status panel (no access event: it returns no content), from the
    records of gate_partnership only. A person is a child when their age (the cases app's) is
    under 18 or, not known, when the latest screening saw them as under 18 or recorded
    reasonable grounds to believe they may be (Modern Slavery Act 2015 s.51): an age "not
    known" alone is not a child's."""
    partnership_id = gate_partnership(person_id=person_id, case_id=case_id)
    screenings = held_by(Screening.objects.filter(person_id=person_id), partnership_id).order_by(
        "-created_at"
    )
    latest = screenings.first()
    concern = screenings.filter(outcome__in=CONCERN_OUTCOMES).first()
    if person_age is not None:
        child = person_age < 18
    else:
        child = latest is not None and latest.treated_as_child
    reviews = held_by(Review.objects.filter(person_id=person_id), partnership_id).order_by(
        "-created_at"
    )
    covering = reviews.filter(screening=concern).first() if concern is not None else reviews.first()
    return GateStatus(
        child=child,
        open_concern=concern is not None and covering is None,
        concern_on_record=concern is not None,
        review_decision=covering.decision if covering else "",
        reviewed_on=covering.decided_on if covering else None,
        childrens_referral=child and childrens_referral_made(person_id, partnership_id),
    )


def support_advised(person_id: uuid.UUID) -> bool:
    """Whether the review covering the person's latest concern (else their latest review)
    decided that enforcement may proceed with support: the warning or notice then says
    where support is. A yes or no for the cases app's documents, so no access event."""
    status = gate_status(person_id=person_id, person_age=None)
    return status.review_decision == Review.Decision.PROCEED_WITH_SUPPORT


directory.register_support_lookup(support_advised)


def people_screened_in_case(*, case_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids only (for the case page's status panel): people screened in this case, by the
    case's partnership."""
    partnership_id = directory.case_partnership(case_id)
    screenings = held_by(Screening.objects.filter(case_id=case_id), partnership_id)
    ids = screenings.values_list("person_id", flat=True)
    return list(dict.fromkeys(ids))[:20]


def potential_victims(person_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these people, those the safeguarding records say may be victims: an exploitation
    concern on record (a screening with a concern outcome, in any partnership: marking
    someone as a possible victim only protects them), or seen as a child at their latest
    screening. Ids only, no content: the intelligence app flags them in every chart, table
    and export and never lists them as disruption targets (DESIGN.md principle 9)."""
    ids = list(dict.fromkeys(person_ids))
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            Screening.objects.filter(person_id__in=chunk, outcome__in=CONCERN_OUTCOMES)
            .values_list("person_id", flat=True)
            .distinct()
        )
        latest: dict[uuid.UUID, Screening] = {}
        for screening in Screening.objects.filter(person_id__in=chunk).order_by("created_at"):
            latest[screening.person_id] = screening
        found.update(pid for pid, s in latest.items() if s.treated_as_child)
    return found
