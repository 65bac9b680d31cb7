"""The places app's panels: a camera owner's open footage requests (resident home), and
the organisation's footage requests (staff dashboard)."""

from __future__ import annotations

from typing import Any

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.panels import Column, Page, Panel, register
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
