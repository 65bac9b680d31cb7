"""The support agency workspace: a worker's agency's referrals and outreach contacts within
the worker's own partnerships, and whether the agency may see what the person agreed to
share."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.safeguarding.models import OutreachContact, Purpose, Referral
from lantern.safeguarding.selectors.access import agency_ids, listed, logged
from lantern.safeguarding.selectors.records import consent_in_force
from lantern.safeguarding.selectors.scope import own

P = Permission


def agency_referrals(*, actor: Actor) -> list[Referral]:
    if not can(actor, P.AGENCY_REFERRAL_VIEW):
        return []
    referrals = Referral.objects.filter(own(actor), agency_id__in=agency_ids(actor)).select_related(
        "agency"
    )
    return listed(actor, "referral", referrals[:200])


def agency_referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    referral = Referral.objects.select_related("agency").filter(pk=referral_id).first()
    if referral is None or not can(actor, P.AGENCY_REFERRAL_VIEW, referral):
        raise NotFound("referral")
    logged(actor, "referral", referral)
    return referral


def agency_contacts(*, actor: Actor) -> QuerySet[OutreachContact]:
    if not can(actor, P.OUTREACH_LOG):
        return OutreachContact.objects.none()
    return OutreachContact.objects.filter(own(actor), agency_id__in=agency_ids(actor))


def agency_shares_information(*, referral: Referral) -> bool:
    """The agency sees the shared information only while information sharing is consented
    to (or the referral rests on a lawful override)."""
    if referral.override:
        return True
    return consent_in_force(
        person_id=referral.person_id,
        purpose=Purpose.INFORMATION_SHARING,
        partnership_id=referral.partnership_id,
    ) is not None or bool(referral.consent and referral.consent.in_force)
