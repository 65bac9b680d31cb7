"""The places app's panels: a camera owner's open footage requests (resident home), and
the organisation's footage requests (staff dashboard)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse

from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.notifications.services import short_reference
from lantern.notifications.waiting import WAITING_LIMIT, WaitingItem, register_provider
from lantern.places import selectors
from lantern.places.models import FootageRequest

OPEN = [FootageRequest.Status.SENT, FootageRequest.Status.SEEN]


def _owner_requests(request: LanternRequest) -> dict[str, Any] | None:
    actor = request.actor
    if not selectors.camera_list_own(actor=actor).exists():
        return None
    open_requests = selectors.footage_request_list_received(actor=actor).filter(status__in=OPEN)
    return {"open_count": open_requests.count(), "requests": list(open_requests[:5])}


def _sent_requests(request: LanternRequest) -> dict[str, Any] | None:
    sent = selectors.footage_request_list_sent(actor=request.actor)
    return {
        "open_count": sent.filter(status__in=OPEN).count(),
        "answered_count": sent.filter(status=FootageRequest.Status.ANSWERED).count(),
    }


register(
    Panel(
        name="places.footage_requests",
        page=Page.RESIDENT_HOME,
        column=Column.MAIN,
        template="places/panels/requests.html",
        permission=Permission.FOOTAGE_REQUEST_RESPOND,
        context=_owner_requests,
        order=20,
    )
)
register(
    Panel(
        name="places.footage_requests_sent",
        page=Page.STAFF_DASHBOARD,
        column=Column.SIDE,
        template="places/panels/sent.html",
        permission=Permission.FOOTAGE_REQUEST_VIEW,
        context=_sent_requests,
        order=40,
    )
)


# --- "Waiting for you" (lantern.notifications.waiting): a camera owner's open requests, and
# the footage owners sent in answer to an officer's own requests in the last fortnight ---
ANSWERS_SHOWN_FOR = timedelta(days=14)


def _waiting(actor: Actor) -> list[WaitingItem]:
    items = []
    if can(actor, Permission.FOOTAGE_REQUEST_RESPOND):
        received = selectors.footage_request_list_received(actor=actor).filter(status__in=OPEN)
        items += [
            WaitingItem(
                title=f"Footage requested from your camera ({short_reference('FR', r.pk)})",
                url=reverse("places:request", args=[r.pk]),
                since=r.created_at,
            )
            for r in received.order_by("created_at")[:WAITING_LIMIT]
        ]
    if can(actor, Permission.FOOTAGE_REQUEST_VIEW) and actor.user_id is not None:
        answered = selectors.footage_request_list_sent(actor=actor).filter(
            status=FootageRequest.Status.ANSWERED,
            requested_by_id=actor.user_id,
            answered_at__gte=clock.now() - ANSWERS_SHOWN_FOR,
        )
        items += [
            WaitingItem(
                title=f"Footage received for your request {short_reference('FR', r.pk)}",
                url=reverse("places:request", args=[r.pk]),
                since=r.answered_at or r.created_at,
            )
            for r in answered.order_by("answered_at")[:WAITING_LIMIT]
        ]
    return items


def _deletion_waiting(actor: Actor) -> list[WaitingItem]:
    """A camera's owner: reminders to delete old footage they have not said they acted on
    (lantern.places.services.reminders), however they chose to be told."""
    return [
        WaitingItem(
            title=f"Delete old footage from your camera {short_reference('CAM', r.camera_id)}",
            url=reverse("places:camera", args=[r.camera_id]) + "#deleting-footage",
            since=r.created_at,
        )
        for r in selectors.deletion_reminders_waiting(actor=actor)[:WAITING_LIMIT]
    ]


register_provider("places.footage", _waiting)
register_provider("places.footage_deletion", _deletion_waiting)
