"""The audit actions safeguarding records, and helpers its services share."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.utils.timezone import localdate

from lantern.audit import catalogue
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can

E = catalogue.declare
SCREENING_RECORDED = E(
    "screening.recorded", "Exploitation indicators observed at a contact were recorded."
)
REVIEW_RECORDED = E(
    "safeguarding_review.recorded",
    "A safeguarding lead recorded a review of enforcement against a person.",
)
CONSENT_RECORDED = E(
    "consent.recorded", "A person's consent (or refusal) for a purpose was recorded."
)
CONSENT_WITHDRAWN = E("consent.withdrawn", "A person withdrew their consent for a purpose.")
REFERRAL_SENT = E("referral.sent", "A safeguarding referral was sent to an agency or social care.")
REFERRAL_UPDATED = E("referral.updated", "A referral's status or outcome changed.")
NRM_REFERRAL_RECORDED = E(
    "duty_to_notify.nrm", "A referral into the National Referral Mechanism was recorded."
)
MS1_QUEUED = E(
    "duty_to_notify.ms1_queued",
    "A screening's Duty to Notify was met by an anonymous MS1, queued for the daily batch "
    "(the event names the screening and the day, never the MS1).",
)
MS1_RECORDED = E(
    "duty_to_notify.ms1",
    "The daily batch wrote an anonymous MS1 notification (Duty to Notify), in a shuffled "
    "order, naming no person, screening or user.",
)
OUTREACH_LOGGED = E("outreach_contact.logged", "A support agency logged an outreach contact.")

P = Permission
MAX_TEXT = 5000


def _require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(str(permission))


def _uid(actor: Actor) -> uuid.UUID:
    """The user recording something: safeguarding records are always made by a person."""
    if actor.user_id is None:
        raise PermissionDenied("a person must record this")
    return actor.user_id


def _text(errors: dict[str, list[str]], field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, []).append(message)
    elif len(value) > MAX_TEXT:
        errors.setdefault(field, []).append(f"Must be {MAX_TEXT:,} characters or fewer")
    return value


def _not_future(errors: dict[str, list[str]], field: str, when: datetime | date | None) -> None:
    if when is None:
        errors.setdefault(field, []).append("Enter a date")
        return
    now = clock.now()
    # A date is a date in the UK: just after midnight in summer, today there is still
    # yesterday in UTC.
    limit = now + timedelta(minutes=5) if isinstance(when, datetime) else localdate(now)
    if when > limit:
        errors.setdefault(field, []).append("The date must be today or in the past")


def _organisation(actor: Actor) -> uuid.UUID | None:
    return next(iter(sorted(actor.organisation_ids, key=str)), None)
