"""One safeguarding record, a person's records, and what services need to know about a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.utils.timezone import localdate

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
from lantern.safeguarding.selectors.scope import own, scope

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
    """Everything safeguarding holds about a person that the actor's partnerships hold or
    were shared, for those who may see it (else 404)."""
    if not may_see_person(actor, person_id):
        raise NotFound("person")
    return PersonRecords(
        person_id=person_id,
        screenings=listed(
            actor,
            "screening",
            Screening.objects.filter(scope(actor, "screening"), person_id=person_id).select_related(
                "observed_by"
            ),
        ),
        reviews=listed(
            actor,
            "safeguarding_review",
            Review.objects.filter(
                scope(actor, "safeguarding_review"), person_id=person_id
            ).select_related("reviewer"),
        ),
        consents=listed(
            actor,
            "consent",
            Consent.objects.filter(scope(actor, "consent"), person_id=person_id).select_related(
                "explained_by"
            ),
        ),
        referrals=listed(
            actor,
            "referral",
            Referral.objects.filter(scope(actor, "referral"), person_id=person_id).select_related(
                "agency"
            ),
        ),
        nrm_referrals=listed(
            actor,
            "duty_record",
            DutyRecord.objects.filter(scope(actor, "duty_record"), person_id=person_id),
        ),
    )


# --- for services ---------------------------------------------------------------------------


def consent_in_force(
    *, person_id: uuid.UUID, purpose: str, partnership_id: uuid.UUID
) -> Consent | None:
    """For services: the person's latest consent for ``purpose`` recorded by the partnership
    (the one another partnership recorded does not count here), if given and not withdrawn."""
    consent = Consent.objects.filter(
        person_id=person_id, purpose=purpose, partnership_id=partnership_id
    ).first()
    return consent if consent is not None and consent.in_force else None


@dataclass(frozen=True)
class ChildStatus:
    """Whether a person is treated as under 18, and why (for the lead, on the review page)."""

    child: bool
    why: str  # "" when not a child
    age_band: str | None  # the band the police record's date of birth implies, if one does
    childrens_referral: bool  # a referral to children's social care is on record


BAND_LABELS = {directory.UNDER_18: "Under 18", directory.ADULT: "18 and over"}


def child_status(
    *, actor: Actor, person_id: uuid.UUID, partnership_id: uuid.UUID | None = None
) -> ChildStatus:
    """Under 18 by the police record's date of birth (its band, readable even where the case
    is not), else by the age the cases app shows this actor, else by the latest screening:
    seen as under 18, or an age not known with reasonable grounds to believe they may be
    under 18 (Modern Slavery Act 2015 s.51(1)(b), (2)). An age not known alone is not a
    child's. Screenings and referrals count from ``partnership_id`` (a service passes its
    record's), by default the person's partnership, else the actor's own."""
    held = partnership_id or directory.person_partnership(person_id)
    where = Q(partnership_id=held) if held else own(actor)
    screenings = Screening.objects.filter(where, person_id=person_id)
    today = localdate(clock.now())
    band = directory.age_band(actor, person_id, today)
    child, why = False, ""
    if band is not None:
        child = band == directory.UNDER_18
        why = "The date of birth on the police record puts them under 18." if child else ""
    else:
        summary = directory.person(actor, person_id)
        age = summary.age_on(today) if summary else None
        if age is not None:
            child = age < 18
            why = f"Their recorded age is {age}." if child else ""
        else:
            latest = screenings.order_by("-created_at").first()
            child = latest is not None and latest.treated_as_child
            if child and latest is not None and latest.age_band == AgeBand.CHILD:
                why = "The latest screening recorded them as under 18."
            elif child:
                why = (
                    "Their age is not known and the latest screening recorded reasonable "
                    "grounds to believe they may be under 18: they are treated as under 18 "
                    "until their age is determined (Modern Slavery Act 2015 s.51)."
                )
    return ChildStatus(
        child=child,
        why=why,
        age_band=band,
        childrens_referral=child
        and Referral.objects.filter(
            where, person_id=person_id, kind=Referral.Kind.CHILDRENS_SOCIAL_CARE
        ).exists(),
    )


def person_treated_as_child(
    *, actor: Actor, person_id: uuid.UUID, partnership_id: uuid.UUID
) -> bool:
    """For services, about the partnership's records: see child_status."""
    return child_status(actor=actor, person_id=person_id, partnership_id=partnership_id).child
