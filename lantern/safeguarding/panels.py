"""Safeguarding's panels on the cases app's person and case pages (registered here, shown
there, without either app importing the other). An officer without a safeguarding role sees
that a review exists and its decision, never its content; those who may see the content get
a link to it."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.notifications.services import short_reference
from lantern.notifications.waiting import WAITING_LIMIT, WaitingItem, register_provider
from lantern.safeguarding import selectors
from lantern.safeguarding.models import Referral, Review


def person_status(
    request: LanternRequest, person_id: uuid.UUID, case_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """The gate as the case's partnership (else the person's) sees it."""
    summary = directory.person(request.actor, person_id)
    age = summary.age_on(clock.now().date()) if summary else None
    status = selectors.gate_status(person_id=person_id, person_age=age, case_id=case_id)
    decisions = dict(Review.Decision.choices)
    return {
        "label": summary.label if summary else f"Person {str(person_id)[:8]}",
        "review_decision": decisions.get(status.review_decision, ""),
        "reviewed_on": status.reviewed_on,
        "blocked": not status.allows_enforcement,
        "content_link": (
            reverse("safeguarding:person", args=[person_id])
            if selectors.may_see_person(request.actor, person_id)
            else ""
        ),
    }


def _person(request: LanternRequest, *, person_id: uuid.UUID, **_: Any) -> dict[str, Any] | None:
    if not selectors.person_in_scope(request.actor, person_id):
        return None
    return {"people": [person_status(request, person_id)]}


def _case(request: LanternRequest, *, case_id: uuid.UUID, **_: Any) -> dict[str, Any] | None:
    people = selectors.people_screened_in_case(case_id=case_id)
    if not people:
        return None
    return {"people": [person_status(request, p, case_id) for p in people]}


register(
    Panel(
        name="safeguarding.person_status",
        page=Page.PERSON,
        column=Column.SIDE,
        template="safeguarding/panels/status.html",
        permission=Permission.SAFEGUARDING_STATUS_VIEW,
        context=_person,
        order=10,
    )
)
register(
    Panel(
        name="safeguarding.case_status",
        page=Page.CASE,
        column=Column.SIDE,
        template="safeguarding/panels/status.html",
        permission=Permission.SAFEGUARDING_STATUS_VIEW,
        context=_case,
        order=10,
    )
)


# --- "Waiting for you" (lantern.notifications.waiting): reviews the team's leads must record,
# and referrals a support agency's workers have received and not yet answered ---
def _waiting(actor: Actor) -> list[WaitingItem]:
    items = [
        WaitingItem(
            title=f"Safeguarding review needed ({short_reference('SC', screening.pk)})",
            url=reverse("safeguarding:screening", args=[screening.pk]),
            since=screening.created_at,
        )
        for screening in selectors.open_concerns(actor=actor, limit=WAITING_LIMIT)
    ]
    received = [
        r for r in selectors.agency_referrals(actor=actor) if r.status == Referral.Status.SENT
    ]
    items += [
        WaitingItem(
            title=f"Referral received ({short_reference('RF', referral.pk)})",
            url=reverse("safeguarding:agency-referral", args=[referral.pk]),
            since=referral.created_at,
        )
        for referral in received[:WAITING_LIMIT]
    ]
    return items


register_provider("safeguarding.team", _waiting)
