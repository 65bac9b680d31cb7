"""One safeguarding record, a person's records, and what services need to know about a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.safeguarding.models import (
    AgeBand,
    Consent,
    DutyRecord,
    Referral,
    Review,
    Screening,
)
from lantern.safeguarding.selectors.access import listed, may_see_person, one

# --- one record -----------------------------------------------------------------------------


def screening_get(*, actor: Actor, screening_id: uuid.UUID) -> Screening:
    return one(actor, Screening.objects.select_related("observed_by"), "screening", screening_id)


def review_get(*, actor: Actor, review_id: uuid.UUID) -> Review:
    return one(actor, Review.objects.select_related("reviewer"), "safeguarding_review", review_id)


def consent_get(*, actor: Actor, consent_id: uuid.UUID) -> Consent:
    return one(actor, Consent.objects.select_related("explained_by"), "consent", consent_id)


def referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    """A referral as the person's safeguarding team or case lead sees it."""
    return one(actor, Referral.objects.select_related("agency", "consent"), "referral", referral_id)


def duty_record_get(*, actor: Actor, record_id: uuid.UUID) -> DutyRecord:
    return one(actor, DutyRecord.objects.all(), "duty_record", record_id)


# --- a person's records ----------------------------------------------------------------------


@dataclass
class PersonRecords:
    person_id: uuid.UUID
    screenings: list[Screening]
    reviews: list[Review]
    consents: list[Consent]
    referrals: list[Referral]
    nrm_referrals: list[DutyRecord]


def person_records(*, actor: Actor, person_id: uuid.UUID) -> PersonRecords:
    """Everything safeguarding holds about a person, for those who may see it (else 404)."""
    if not may_see_person(actor, person_id):
        raise NotFound("person")
    return PersonRecords(
        person_id=person_id,
        screenings=listed(
            actor,
            "screening",
            Screening.objects.filter(person_id=person_id).select_related("observed_by"),
        ),
        reviews=listed(
            actor,
            "safeguarding_review",
            Review.objects.filter(person_id=person_id).select_related("reviewer"),
        ),
        consents=listed(
            actor,
            "consent",
            Consent.objects.filter(person_id=person_id).select_related("explained_by"),
        ),
        referrals=listed(
            actor, "referral", Referral.objects.filter(person_id=person_id).select_related("agency")
        ),
        nrm_referrals=listed(actor, "duty_record", DutyRecord.objects.filter(person_id=person_id)),
    )


# --- for services ---------------------------------------------------------------------------


def consent_in_force(*, person_id: uuid.UUID, purpose: str) -> Consent | None:
    """For services: the person's latest consent for ``purpose``, if given and not withdrawn."""
    consent = Consent.objects.filter(person_id=person_id, purpose=purpose).first()
    return consent if consent is not None and consent.in_force else None


def person_treated_as_child(*, actor: Actor, person_id: uuid.UUID) -> bool:
    """Under 18 by the cases app's record of their age, or else by the latest screening. An
    age not known is treated as a child's (Modern Slavery Act 2015 s.51, presumption of age)."""
    summary = directory.person(actor, person_id)
    age = summary.age_on(clock.now().date()) if summary else None
    if age is not None:
        return age < 18
    band = (
        Screening.objects.filter(person_id=person_id)
        .order_by("-created_at")
        .values_list("age_band", flat=True)
        .first()
    )
    return band in (AgeBand.CHILD, AgeBand.UNKNOWN)
