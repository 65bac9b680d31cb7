"""Telling the safeguarding team that a review is needed, and a support agency's workers
that a referral arrived: a reference and a link, never the person's name."""

from __future__ import annotations

from django.urls import reverse

from lantern.core.actor import Role
from lantern.notifications.services import short_reference, staff_told_on_commit
from lantern.safeguarding.models import CONCERN_OUTCOMES, Referral, Screening


def review_needed(screening: Screening) -> None:
    if screening.outcome not in CONCERN_OUTCOMES:
        return
    staff_told_on_commit(
        template="review_needed",
        path=reverse("safeguarding:screening", args=[screening.pk]),
        reference=short_reference("SC", screening.pk),
        role=Role.SAFEGUARDING_LEAD,
        partnership_id=screening.partnership_id,
    )


def referral_received(referral: Referral) -> None:
    if referral.agency_id is None:
        return
    staff_told_on_commit(
        template="referral_received",
        path=reverse("safeguarding:agency-referral", args=[referral.pk]),
        reference=short_reference("RF", referral.pk),
        role=Role.SUPPORT_WORKER,
        organisation_id=referral.agency_id,
    )
