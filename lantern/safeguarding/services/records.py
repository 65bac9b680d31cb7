"""Screenings, reviews and consent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import can
from lantern.safeguarding import notices
from lantern.safeguarding.models import (
    AgeBand,
    Consent,
    Indicator,
    NrmExplained,
    Outcome,
    Purpose,
    Review,
    Screening,
)
from lantern.safeguarding.rules import (
    ChildrensServicesReferral,
    ConsentStep,
    NrmConsentInformed,
    ReviewStep,
)
from lantern.safeguarding.selectors import child_status, person_to_write_about, screening_get
from lantern.safeguarding.services.common import (
    CONSENT_RECORDED,
    CONSENT_WITHDRAWN,
    MAX_TEXT,
    REVIEW_RECORDED,
    SCREENING_RECORDED,
    P,
    _not_future,
    _organisation,
    _require,
    _text,
    _uid,
)
from lantern.safeguarding.services.scope import person_partnership_for_write, require_own

# --- screening and review --------------------------------------------------------------------


def screening_record(
    *,
    actor: Actor,
    person_id: uuid.UUID,
    observed_at: datetime,
    context: str,
    indicators: Sequence[str],
    age_band: str,
    outcome: str,
    notes: str = "",
    case_id: uuid.UUID | None = None,
    may_be_under_18: bool | None = None,
    may_be_under_18_reason: str = "",
) -> Screening:
    """Record what was observed. A person under 18 is always a concern (child sexual
    exploitation), whatever outcome was chosen. With the age not known, the screener says
    whether there are reasonable grounds to believe the person may be under 18, and why
    (Modern Slavery Act 2015 s.51(1)(b)): only "yes" makes them treated as a child.

    The person, and the case if one is named, are resolved for the actor first: one they may
    not see, or that does not exist, is NotFound and nothing is written."""
    _require(actor, P.SCREENING_RECORD)
    person_to_write_about(actor=actor, person_id=person_id)
    if case_id is not None and directory.case(actor, case_id) is None:
        raise NotFound("case")
    partnership_id = person_partnership_for_write(actor, person_id)
    errors: dict[str, list[str]] = {}
    context = _text(errors, "context", context, "Say where and how the contact happened")
    _not_future(errors, "observed_at", observed_at)
    codes = list(dict.fromkeys(indicators))
    if any(code not in Indicator.values for code in codes):
        errors["indicators"] = ["Choose indicators from the list"]
    if age_band not in AgeBand.values:
        errors["age_band"] = ["Say whether the person is 18 or over, under 18, or not known"]
    if outcome not in Outcome.values:
        errors["outcome"] = ["Choose an outcome"]
    if age_band == AgeBand.UNKNOWN:
        if may_be_under_18 is None:
            errors["may_be_under_18"] = [
                "Say whether there are reasonable grounds to believe the person may be under 18"
            ]
        may_be_under_18_reason = _text(
            errors,
            "may_be_under_18_reason",
            may_be_under_18_reason,
            "Give the reasons for your judgement about their age",
        )
    else:
        may_be_under_18, may_be_under_18_reason = None, ""
    if len(notes) > MAX_TEXT:
        errors["notes"] = [f"Must be {MAX_TEXT:,} characters or fewer"]
    if case_id is not None:
        summary = directory.person(actor, person_id)
        if summary is None or case_id not in summary.case_ids:
            errors["case"] = ["Choose a case this person is on"]
        elif directory.case_partnership(case_id) not in (None, partnership_id):
            errors["case"] = ["Choose a case of the partnership this person belongs to"]
    if errors:
        raise ValidationFailed(errors)
    child = age_band == AgeBand.CHILD or (age_band == AgeBand.UNKNOWN and bool(may_be_under_18))
    if child and outcome == Outcome.NO_CONCERN:
        outcome = Outcome.CONCERN
    with transaction.atomic():
        screening = Screening.objects.create(
            person_id=person_id,
            partnership_id=partnership_id,
            case_id=case_id,
            observed_by_id=_uid(actor),
            organisation_id=_organisation(actor),
            observed_at=observed_at,
            context=context,
            indicators=codes,
            age_band=age_band,
            may_be_under_18=may_be_under_18,
            may_be_under_18_reason=may_be_under_18_reason,
            outcome=outcome,
            child_sexual_exploitation=child,
            notes=notes.strip(),
        )
        audit_record(
            actor=actor,
            action=SCREENING_RECORDED,
            object_type="screening",
            object_id=screening.pk,
            details={
                "person_id": str(person_id),
                "outcome": outcome,
                "indicators": len(codes),
                "child": child,
                "may_be_under_18": may_be_under_18,
            },
        )
    notices.review_needed(screening)
    return screening


def review_check(
    *,
    actor: Actor,
    person_id: uuid.UUID,
    decision: str,
    rationale: str,
    decided_on: date,
    screening_id: uuid.UUID | None = None,
) -> None:
    """Everything review_record checks, its rule included, writing nothing: for the page
    that asks the lead to check their answers before recording the decision."""
    partnership_id, _, _ = _review_validate(
        actor, person_id, decision, rationale, decided_on, screening_id
    )
    _review_rule(actor, person_id, partnership_id, decision)


def review_record(
    *,
    actor: Actor,
    person_id: uuid.UUID,
    decision: str,
    rationale: str,
    decided_on: date,
    screening_id: uuid.UUID | None = None,
) -> Review:
    """A safeguarding lead's review. It covers the person's latest concern (or the screening
    named), which is what opens the gate for enforcement (SAFEGUARDING_BEFORE_ENFORCEMENT).
    For a child it may decide that enforcement can proceed only once they are referred to
    children's social care (CHILDRENS_SERVICES_REFERRAL)."""
    partnership_id, rationale, screening = _review_validate(
        actor, person_id, decision, rationale, decided_on, screening_id
    )
    with transaction.atomic():
        _review_rule(actor, person_id, partnership_id, decision)
        if screening is None:
            screening = (
                Screening.objects.select_for_update()
                .filter(
                    person_id=person_id,
                    partnership_id=partnership_id,
                    outcome__in=(Outcome.CONCERN, Outcome.POTENTIAL_VICTIM),
                )
                .order_by("-created_at")
                .first()
            )
        review = Review.objects.create(
            person_id=person_id,
            partnership_id=partnership_id,
            screening=screening,
            reviewer_id=_uid(actor),
            decision=decision,
            rationale=rationale,
            decided_on=decided_on,
        )
        audit_record(
            actor=actor,
            action=REVIEW_RECORDED,
            object_type="safeguarding_review",
            object_id=review.pk,
            details={
                "person_id": str(person_id),
                "decision": decision,
                "screening_id": str(screening.pk) if screening else "",
            },
        )
    return review


def _review_validate(
    actor: Actor,
    person_id: uuid.UUID,
    decision: str,
    rationale: str,
    decided_on: date,
    screening_id: uuid.UUID | None,
) -> tuple[uuid.UUID, str, Screening | None]:
    """The review's partnership, its rationale (stripped) and the screening it names."""
    _require(actor, P.SAFEGUARDING_REVIEW_RECORD)
    person_to_write_about(actor=actor, person_id=person_id)
    partnership_id = person_partnership_for_write(actor, person_id)
    errors: dict[str, list[str]] = {}
    rationale = _text(errors, "rationale", rationale, "Give the reasons for the decision")
    _not_future(errors, "decided_on", decided_on)
    if decision not in Review.Decision.values:
        errors["decision"] = ["Choose a decision"]
    screening = None
    if screening_id is not None:
        screening = screening_get(actor=actor, screening_id=screening_id)  # else NotFound
        if screening.person_id != person_id or screening.partnership_id != partnership_id:
            errors["screening"] = ["That screening is not about this person"]
    if errors:
        raise ValidationFailed(errors)
    return partnership_id, rationale, screening


def _review_rule(
    actor: Actor, person_id: uuid.UUID, partnership_id: uuid.UUID, decision: str
) -> None:
    """CHILDRENS_SERVICES_REFERRAL: a review letting enforcement proceed for a child needs
    the referral to children's social care first."""
    child = child_status(actor=actor, person_id=person_id, partnership_id=partnership_id)
    ChildrensServicesReferral().enforce(
        ReviewStep(
            proceeds=decision != Review.Decision.DO_NOT_PROCEED,
            child=child.child,
            childrens_referral=child.childrens_referral,
        )
    )


# --- consent --------------------------------------------------------------------------------


def consent_record(
    *,
    actor: Actor,
    person_id: uuid.UUID,
    purpose: str,
    given: bool,
    explanation: str,
    explained_at: datetime,
    nrm_explained: Sequence[str] = (),
) -> Consent:
    """Who explained what, and when; consent to the NRM needs all three points explained."""
    _require(actor, P.CONSENT_RECORD)
    person_to_write_about(actor=actor, person_id=person_id)
    partnership_id = person_partnership_for_write(actor, person_id)
    errors: dict[str, list[str]] = {}
    explanation = _text(errors, "explanation", explanation, "Say what was explained")
    _not_future(errors, "explained_at", explained_at)
    if purpose not in Purpose.values:
        errors["purpose"] = ["Choose what the consent is for"]
    points = list(dict.fromkeys(nrm_explained))
    if any(p not in NrmExplained.values for p in points):
        errors["nrm_explained"] = ["Choose from the list"]
    if errors:
        raise ValidationFailed(errors)
    NrmConsentInformed().enforce(
        ConsentStep(purpose=purpose, given=given, nrm_explained=frozenset(points))
    )
    with transaction.atomic():
        consent = Consent.objects.create(
            person_id=person_id,
            partnership_id=partnership_id,
            purpose=purpose,
            given=given,
            explained_by_id=_uid(actor),
            explained_at=explained_at,
            explanation=explanation,
            nrm_explained=points,
        )
        audit_record(
            actor=actor,
            action=CONSENT_RECORDED,
            object_type="consent",
            object_id=consent.pk,
            details={"person_id": str(person_id), "purpose": purpose, "given": given},
        )
    return consent


def consent_withdraw(*, actor: Actor, consent_id: uuid.UUID) -> Consent:
    _require(actor, P.CONSENT_RECORD)
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(pk=consent_id).first()
        if consent is None or not can(actor, P.SAFEGUARDING_RECORD_VIEW, consent):
            raise NotFound("consent")
        require_own(actor, consent, "consent")
        if not consent.in_force:
            raise ValidationFailed({"consent": ["This consent is not in force"]})
        consent.withdrawn_at = clock.now()
        consent.withdrawn_recorded_by_id = actor.user_id
        consent.save(update_fields=["withdrawn_at", "withdrawn_recorded_by", "updated_at"])
        audit_record(
            actor=actor,
            action=CONSENT_WITHDRAWN,
            object_type="consent",
            object_id=consent.pk,
            details={"person_id": str(consent.person_id), "purpose": consent.purpose},
        )
    return consent
