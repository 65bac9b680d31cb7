"""Referrals, the Duty to Notify (NRM or MS1), and support agencies' outreach contacts."""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.db import transaction
from django.utils.timezone import localdate

from lantern.accounts import selectors as accounts
from lantern.accounts.models import Organisation
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import can
from lantern.safeguarding import notices, selectors
from lantern.safeguarding.models import (
    Consent,
    DutyRecord,
    Outcome,
    OutreachContact,
    Purpose,
    QueuedMs1,
    Referral,
    Screening,
)
from lantern.safeguarding.rules import DutyStep, NrmConsent, ReferralNeedsConsent, ReferralStep
from lantern.safeguarding.services.common import (
    MAX_TEXT,
    MS1_QUEUED,
    MS1_RECORDED,
    NRM_REFERRAL_RECORDED,
    OUTREACH_LOGGED,
    REFERRAL_SENT,
    REFERRAL_UPDATED,
    P,
    _not_future,
    _organisation,
    _require,
    _text,
    _uid,
)
from lantern.safeguarding.services.scope import person_partnership_for_write, require_own
from lantern.safeguarding.services.shared_items import shared_items_clean

# --- referrals ------------------------------------------------------------------------------


@dataclass
class ReferralInput:
    person_id: uuid.UUID
    kind: str
    reason: str
    service: str = Referral.Service.SOCIAL_CARE
    agency_id: uuid.UUID | None = None
    shared_information: str = ""
    override: str = ""
    override_rationale: str = ""
    s42_care_needs: bool | None = None
    s42_abuse_or_risk: bool | None = None
    s42_unable_to_protect: bool | None = None
    # What the person consented to the agency knowing, item by item (SharedItem codes), and
    # each item's value (by code): services/shared_items.py.
    shared_items: Sequence[str] = ()
    shared_details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Checked:
    """A referral's input, validated: what is written."""

    partnership_id: uuid.UUID
    kind: str
    service: str
    agency: Organisation | None
    reason: str
    shared_items: list[str]
    shared_values: dict[str, str]


def referral_check(*, actor: Actor, data: ReferralInput) -> None:
    """Everything referral_send checks, its rules included, writing nothing: for the page
    that asks the referrer to check their answers before sending."""
    checked = _referral_validate(actor, data)
    _consent_or_override(actor, data, checked.partnership_id)


def referral_send(*, actor: Actor, data: ReferralInput) -> Referral:
    """Send a referral. Without consent in force it needs a recorded lawful override
    (REFERRAL_NEEDS_CONSENT)."""
    checked = _referral_validate(actor, data)
    with transaction.atomic():
        consent, override = _consent_or_override(actor, data, checked.partnership_id)
        referral = _create_referral(actor, data, checked, consent=consent, override=override)
    notices.referral_received(referral)
    return referral


def _referral_validate(actor: Actor, data: ReferralInput) -> _Checked:
    _require(actor, P.REFERRAL_MAKE)
    selectors.person_to_write_about(actor=actor, person_id=data.person_id)
    partnership_id = person_partnership_for_write(actor, data.person_id)
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", data.reason, "Say why you are referring")
    kind, service = data.kind, data.service
    agency = None
    if kind not in Referral.Kind.values:
        errors["kind"] = ["Choose who the referral is to"]
    elif kind == Referral.Kind.SUPPORT_AGENCY:
        # Only an agency of the referral's partnership: its workers see the referral.
        agency = (
            selectors.referral_agencies(actor=actor, partnership_ids=[partnership_id])
            .filter(pk=data.agency_id)
            .first()
            if data.agency_id
            else None
        )
        if agency is None:
            errors["agency"] = ["Choose a partner support agency of this partnership"]
        if service not in Referral.Service.values or service == Referral.Service.SOCIAL_CARE:
            errors["service"] = ["Choose the kind of support"]
    else:
        service = Referral.Service.SOCIAL_CARE
    if kind == Referral.Kind.ADULT_SOCIAL_CARE and None in (
        data.s42_care_needs,
        data.s42_abuse_or_risk,
        data.s42_unable_to_protect,
    ):
        errors["s42"] = ["Answer each of the three Care Act s.42 conditions"]
    if data.override not in Referral.Override.values:
        errors["override"] = ["Choose an override from the list"]
    if len(data.shared_information) > MAX_TEXT or len(data.override_rationale) > MAX_TEXT:
        errors["shared_information"] = [f"Must be {MAX_TEXT:,} characters or fewer"]
    items, values = shared_items_clean(errors, data.shared_items, data.shared_details)
    if errors:
        raise ValidationFailed(errors)
    return _Checked(partnership_id, kind, service, agency, reason, items, values)


def _consent_or_override(
    actor: Actor, data: ReferralInput, partnership_id: uuid.UUID
) -> tuple[Consent | None, str]:
    """The consent to a referral in force, else the lawful override (REFERRAL_NEEDS_CONSENT)."""
    consent = selectors.consent_in_force(
        person_id=data.person_id,
        purpose=Purpose.SUPPORT_REFERRAL,
        partnership_id=partnership_id,
    )
    child = selectors.person_treated_as_child(
        actor=actor, person_id=data.person_id, partnership_id=partnership_id
    )
    override = "" if consent else data.override
    ReferralNeedsConsent().enforce(
        ReferralStep(
            consented=consent is not None,
            child=child,
            override=override,
            override_rationale=data.override_rationale,
        )
    )
    return consent, override


def _create_referral(
    actor: Actor,
    data: ReferralInput,
    checked: _Checked,
    *,
    consent: Consent | None,
    override: str,
) -> Referral:
    agency = checked.agency
    referral = Referral.objects.create(
        person_id=data.person_id,
        partnership_id=checked.partnership_id,
        kind=checked.kind,
        service=checked.service,
        agency=agency,
        consent=consent,
        override=override,
        override_rationale=data.override_rationale.strip() if override else "",
        s42_care_needs=data.s42_care_needs,
        s42_abuse_or_risk=data.s42_abuse_or_risk,
        s42_unable_to_protect=data.s42_unable_to_protect,
        reason=checked.reason,
        shared_information=data.shared_information.strip(),
        shared_items=checked.shared_items,
        **checked.shared_values,
        referred_by_id=_uid(actor),
        sent_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action=REFERRAL_SENT,
        object_type="referral",
        object_id=referral.pk,
        details={
            "person_id": str(data.person_id),
            "kind": checked.kind,
            "service": checked.service,
            "agency_id": str(agency.pk) if agency else "",
            "consent_id": str(consent.pk) if consent else "",
            "override": override,
            # Which items the person agreed the agency may know: codes, never their values.
            "shared_items": checked.shared_items,
        },
    )
    return referral


def referral_update(
    *, actor: Actor, referral_id: uuid.UUID, status: str, outcome: str = ""
) -> Referral:
    """The agency referred to (or the safeguarding lead) records its status and outcome."""
    if status not in Referral.Status.values:
        raise ValidationFailed({"status": ["Choose a status"]})
    if len(outcome) > MAX_TEXT:
        raise ValidationFailed({"outcome": [f"Must be {MAX_TEXT:,} characters or fewer"]})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
        # The agency referred to, or a safeguarding lead: of the referral's own partnership.
        allowed = (
            referral is not None
            and (actor.is_system or referral.partnership_id in actor.partnership_ids)
            and (
                can(actor, P.AGENCY_REFERRAL_UPDATE, referral)
                or (actor.has_role(Role.SAFEGUARDING_LEAD) and can(actor, P.REFERRAL_MAKE))
            )
        )
        if referral is None or not allowed:
            raise NotFound("referral")
        referral.status = status
        referral.outcome = outcome.strip()
        referral.save(update_fields=["status", "outcome", "updated_at"])
        audit_record(
            actor=actor,
            action=REFERRAL_UPDATED,
            object_type="referral",
            object_id=referral.pk,
            details={"status": status, "has_outcome": bool(referral.outcome)},
        )
    return referral


# --- NRM and the Duty to Notify (NRM_CONSENT) ------------------------------------------------


@dataclass(frozen=True)
class DutyOutcome:
    route: str  # "nrm" or "ms1"
    met_on: date
    record: DutyRecord | None  # the NRM referral; None for an MS1 (queued for the batch)
    childrens_referral: Referral | None


def duty_to_notify(
    *, actor: Actor, screening_id: uuid.UUID, exploitation_type: str = "", reference: str = ""
) -> DutyOutcome:
    """Meet the Duty to Notify for a potential victim, by the route the law sets: a child
    goes into the NRM with a children's services referral; an adult who consents goes into
    the NRM; an adult who does not is notified on an anonymous MS1 (NRM_CONSENT).

    An MS1 is only queued here, with no person, screening, user or time (QueuedMs1); the
    screening records that the duty was met by an MS1 and on which day. The daily batch
    (ms1_batch_write) writes the MS1 records later, shuffled, so that neither an id, nor a
    time, nor the order of the rows or of the audit events links an MS1 to its person."""
    _require(actor, P.DUTY_TO_NOTIFY_RECORD)
    if len(exploitation_type) > 40 or len(reference) > 40:
        raise ValidationFailed({"reference": ["Must be 40 characters or fewer"]})
    with transaction.atomic():
        screening = Screening.objects.select_for_update().filter(pk=screening_id).first()
        if screening is None or not can(actor, P.SAFEGUARDING_RECORD_VIEW, screening):
            raise NotFound("screening")
        require_own(actor, screening, "screening")
        if screening.outcome != Outcome.POTENTIAL_VICTIM:
            raise ValidationFailed(
                {"screening": ["The Duty to Notify applies to a potential victim"]}
            )
        if screening.duty_met_by:
            raise ValidationFailed({"screening": ["The Duty to Notify is already met"]})
        person_id, partnership_id = screening.person_id, screening.partnership_id
        child = selectors.person_treated_as_child(
            actor=actor, person_id=person_id, partnership_id=partnership_id
        )
        consent = selectors.consent_in_force(
            person_id=person_id, purpose=Purpose.NRM, partnership_id=partnership_id
        )
        route = "nrm" if child or consent else "ms1"
        NrmConsent().enforce(
            DutyStep(
                route=route,
                child=child,
                nrm_consent=consent is not None,
                identifies_person=route == "nrm",
            )
        )
        today = localdate(clock.now())
        if route == "ms1":
            return _queue_ms1(actor, screening, today, exploitation_type, reference)
        childrens = _childrens_referral(actor, person_id, partnership_id) if child else None
        record = DutyRecord.objects.create(
            kind=DutyRecord.Kind.NRM,
            person_id=person_id,
            partnership_id=partnership_id,
            consent=consent,
            childrens_referral=childrens,
            is_child=child,
            organisation_id=_organisation(actor),
            recorded_by_id=_uid(actor),
            month=today.replace(day=1),
            exploitation_type=exploitation_type.strip(),
            indicators=list(screening.indicators),
            reference=reference.strip(),
        )
        screening.duty_met_by, screening.duty_met_on = "nrm", today
        screening.save(update_fields=["duty_met_by", "duty_met_on", "updated_at"])
        audit_record(
            actor=actor,
            action=NRM_REFERRAL_RECORDED,
            object_type="duty_record",
            object_id=record.pk,
            details={"person_id": str(person_id), "child": child},
        )
    return DutyOutcome(route="nrm", met_on=today, record=record, childrens_referral=childrens)


def _childrens_referral(actor: Actor, person_id: uuid.UUID, partnership_id: uuid.UUID) -> Referral:
    reason = "A child who may be a victim of modern slavery or exploitation."
    data = ReferralInput(
        person_id=person_id,
        kind=Referral.Kind.CHILDRENS_SOCIAL_CARE,
        reason=reason,
        override=Referral.Override.CHILD,
        override_rationale="A child: no consent is needed (MSA statutory guidance).",
    )
    checked = _Checked(
        partnership_id=partnership_id,
        kind=Referral.Kind.CHILDRENS_SOCIAL_CARE,
        service=Referral.Service.SOCIAL_CARE,
        agency=None,
        reason=reason,
        shared_items=[],
        shared_values={},
    )
    return _create_referral(actor, data, checked, consent=None, override=Referral.Override.CHILD)


def _queue_ms1(
    actor: Actor, screening: Screening, today: date, exploitation_type: str, reference: str
) -> DutyOutcome:
    """Queue the MS1 (nothing in it points at the person or the screening) and record on the
    screening only the route and the day; its audit event names the screening, not the MS1."""
    QueuedMs1.objects.create(
        day=today,
        partnership_id=screening.partnership_id,
        organisation_id=_organisation(actor),
        exploitation_type=exploitation_type.strip(),
        reference=reference.strip(),
    )
    screening.duty_met_by, screening.duty_met_on = "ms1", today
    screening.save(update_fields=["duty_met_by", "duty_met_on", "updated_at"])
    audit_record(
        actor=actor,
        action=MS1_QUEUED,
        object_type="screening",
        object_id=screening.pk,
        details={"day": today.isoformat()},
    )
    return DutyOutcome(route="ms1", met_on=today, record=None, childrens_referral=None)


def ms1_batch_write(*, actor: Actor, through: date, rng: random.Random | None = None) -> int:
    """The daily batch: write every MS1 queued on or before ``through`` as a DutyRecord, in
    a shuffled order (``rng``, by default the system's random source), each stamped with
    midnight (UTC) of its day and no recorder, with an audit event that names only the
    MS1; then delete the queue. The scheduled task passes yesterday, so a day's MS1s are
    written together once the day is over. Returns how many were written."""
    if not actor.is_system:
        _require(actor, P.DUTY_TO_NOTIFY_RECORD)
    shuffle = rng or random.SystemRandom()
    with transaction.atomic():
        queued = list(QueuedMs1.objects.select_for_update().filter(day__lte=through))
        shuffle.shuffle(queued)
        for item in queued:
            midnight = datetime.combine(item.day, time(0), UTC)
            record = DutyRecord.objects.create(
                kind=DutyRecord.Kind.MS1,
                person_id=None,
                partnership_id=item.partnership_id,
                organisation_id=item.organisation_id,
                recorded_by=None,
                month=item.day.replace(day=1),
                exploitation_type=item.exploitation_type,
                reference=item.reference,
                created_at=midnight,
                updated_at=midnight,
            )
            audit_record(
                actor=actor,
                action=MS1_RECORDED,
                object_type="duty_record",
                object_id=record.pk,
                details={},
            )
        QueuedMs1.objects.filter(pk__in=[item.pk for item in queued]).delete()
    return len(queued)


# --- the support agency workspace ------------------------------------------------------------


def outreach_contact_log(
    *,
    actor: Actor,
    contacted_on: date,
    area: str = "",
    support: Sequence[str] = (),
    referral_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
) -> OutreachContact:
    """Minimal data: a date, an area, what was offered, and the referral it was part of. It
    belongs to the referral's partnership, else to the worker's (the one they choose when
    they have several), and to their agency that is a member of it."""
    _require(actor, P.OUTREACH_LOG)
    agencies = selectors.agency_ids(actor)
    errors: dict[str, list[str]] = {}
    _not_future(errors, "contacted_on", contacted_on)
    codes = list(dict.fromkeys(support))
    if any(code not in OutreachContact.Support.values for code in codes):
        errors["support"] = ["Choose from the list"]
    if len(area) > 100:
        errors["area"] = ["Must be 100 characters or fewer"]
    referral = None
    if referral_id is not None:  # one of the actor's agency's referrals, else NotFound
        referral = selectors.agency_referral_get(actor=actor, referral_id=referral_id)
    if not agencies:
        errors["agency"] = ["You are not a member of a support agency"]
    if errors:
        raise ValidationFailed(errors)
    if referral is not None:  # one of the agency's: its agency_id is one of theirs
        partnership = referral.partnership_id
        agency_id = referral.agency_id or _agency_in(actor, partnership, agencies)
    else:
        partnership = accounts.partnership_for_creator(actor=actor, partnership_id=partnership_id)
        agency_id = _agency_in(actor, partnership, agencies)
    with transaction.atomic():
        contact = OutreachContact.objects.create(
            agency_id=agency_id,
            partnership_id=partnership,
            logged_by_id=_uid(actor),
            contacted_on=contacted_on,
            area=area.strip(),
            support=codes,
            referral=referral,
        )
        audit_record(
            actor=actor,
            action=OUTREACH_LOGGED,
            object_type="outreach_contact",
            object_id=contact.pk,
            details={"agency_id": str(agency_id), "support": codes},
        )
    return contact


def _agency_in(actor: Actor, partnership_id: uuid.UUID, agencies: list[uuid.UUID]) -> uuid.UUID:
    """The worker's agency that is a member of the partnership (the first by id if several)."""
    partnership = accounts.partnership_get(actor=actor, partnership_id=partnership_id)
    members = accounts.partnership_members(partnership=partnership).filter(pk__in=agencies)
    found = sorted(members.values_list("pk", flat=True), key=str)
    if not found:
        raise ValidationFailed({"partnership": ["Your agency is not a member of this partnership"]})
    return found[0]
