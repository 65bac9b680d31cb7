"""The "Waiting for you" panel: first on the staff dashboard and on the resident's home page
(a camera owner's footage requests), listing what each app's provider says waits for the
person looking (lantern.notifications.waiting)."""

from __future__ import annotations

from typing import Any

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.notifications import selectors

SHOWN = 10


def _waiting(request: LanternRequest) -> dict[str, Any] | None:
    items = selectors.waiting_list(actor=request.actor)
    return {
        "count": len(items),
        "items": items[:SHOWN],
        "more": max(0, len(items) - SHOWN),
        "staff": request.actor.is_staff,
    }


for page, permission in (
    (Page.STAFF_DASHBOARD, Permission.STAFF_DASHBOARD_VIEW),
    (Page.RESIDENT_HOME, Permission.REPORT_VIEW_OWN),
):
    register(
        Panel(
            name=f"notifications.waiting.{page}",
            page=page,
            column=Column.MAIN,
            template="notifications/panels/waiting.html",
            permission=permission,
            context=_waiting,
            order=1,
        )
    )
