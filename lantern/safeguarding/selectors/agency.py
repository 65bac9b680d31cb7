"""The support agency workspace: a worker's agency's referrals and outreach contacts within
the worker's own partnerships, and whether the agency may see what the person agreed to
share: item by item (their name, how to reach them, where to find them, the referrer's
contact), only the items the person consented to, and only while that consent is in force.
Reading them is an access event (purpose ``consented_details``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.safeguarding.models import Consent, OutreachContact, Purpose, Referral, SharedItem
from lantern.safeguarding.selectors.access import agency_ids, listed, logged
from lantern.safeguarding.selectors.records import consent_in_force
from lantern.safeguarding.selectors.scope import own

P = Permission


def agency_referrals(*, actor: Actor) -> list[Referral]:
    if not can(actor, P.AGENCY_REFERRAL_VIEW):
        return []
    referrals = Referral.objects.filter(own(actor), agency_id__in=agency_ids(actor)).select_related(
        "agency", "consent"
    )
    return listed(actor, "referral", referrals[:200])


def agency_referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    referral = Referral.objects.select_related("agency", "consent").filter(pk=referral_id).first()
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


NOT_CONSENTED = "Not shared: the person did not consent"
NOT_IN_FORCE = "Not shared: the person's consent is no longer in force"


@dataclass(frozen=True)
class SharedDetail:
    """One item of what a referral may tell the agency about the person."""

    item: str  # a SharedItem code
    label: str
    value: str  # the value, or why it is not shown
    shared: bool


def agency_referral_shared(*, actor: Actor, referral: Referral) -> list[SharedDetail]:
    """Item by item, what the person consented to the agency knowing about them, for a
    worker of the agency referred to (else NotFound). An item not consented to, or consented
    to under a consent since withdrawn, is not shown, with the reason. Reading the items
    shown is an access event."""
    if not can(actor, P.AGENCY_REFERRAL_VIEW, referral):
        raise NotFound("referral")
    in_force = agency_shares_information(referral=referral)
    details = []
    for item in SharedItem:
        consented = item.value in referral.shared_items
        shown = consented and in_force
        details.append(
            SharedDetail(
                item=item.value,
                label=item.label,
                value=referral.shared_value(item)
                if shown
                else (NOT_IN_FORCE if consented else NOT_CONSENTED),
                shared=shown,
            )
        )
    if any(d.shared for d in details):
        logged(actor, "referral", referral, purpose="consented_details")
    return details


def agency_referral_names(*, referrals: Sequence[Referral]) -> dict[uuid.UUID, str]:
    """For the agency's list (already filtered and logged by agency_referrals): the name of
    each person who consented to the agency knowing it, while that consent is in force."""
    named = [r for r in referrals if SharedItem.NAME in r.shared_items and r.shared_name]
    sharing = _sharing_in_force(named)
    return {r.pk: r.shared_name for r in named if r.pk in sharing}


def _sharing_in_force(referrals: Sequence[Referral]) -> set[uuid.UUID]:
    """agency_shares_information for many referrals, in one query."""
    if not referrals:
        return set()
    latest: dict[tuple[uuid.UUID, uuid.UUID], Consent] = {}
    consents = Consent.objects.filter(
        person_id__in={r.person_id for r in referrals},
        partnership_id__in={r.partnership_id for r in referrals},
        purpose=Purpose.INFORMATION_SHARING,
    )  # newest first (Consent.Meta.ordering): the first of each person and partnership
    for consent in consents:
        latest.setdefault((consent.person_id, consent.partnership_id), consent)
    result = set()
    for r in referrals:
        sharing = latest.get((r.person_id, r.partnership_id))
        if (
            r.override
            or (sharing is not None and sharing.in_force)
            or (r.consent is not None and r.consent.in_force)
        ):
            result.add(r.pk)
    return result
