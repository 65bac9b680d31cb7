"""The audit app's panels: the user's own recent activity, and the chain's state for
administrators."""

from __future__ import annotations

from typing import Any

from lantern.audit import catalogue
from lantern.audit.selectors import last_verification, own_activity
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table
from lantern.frontend.dates import format_datetime
from lantern.frontend.panels import Column, Page, Panel, register


def _describe(action: str) -> str:
    event_type = catalogue.get(action)
    return event_type.description if event_type else action


def _activity(request: LanternRequest) -> dict[str, Any] | None:
    events = own_activity(actor=request.actor, limit=10)
    return {
        "events": events,
        "table": table(
            caption="Your recent activity",
            caption_hidden=True,
            head=["When", "What"],
            rows=[(format_datetime(e.occurred_at), _describe(e.action)) for e in events],
        ),
    }


def _audit_status(request: LanternRequest) -> dict[str, Any] | None:
    return {"last_verification": last_verification(actor=request.actor)}


for page, permission in (
    (Page.STAFF_DASHBOARD, Permission.STAFF_DASHBOARD_VIEW),
    (Page.RESIDENT_HOME, Permission.RESIDENT_HOME_VIEW),
):
    register(
        Panel(
            name=f"audit.activity.{page}",
            page=page,
            column=Column.MAIN,
            template="audit/panels/activity.html",
            permission=permission,
            context=_activity,
            order=50,
        )
    )

register(
    Panel(
        name="audit.status",
        page=Page.STAFF_DASHBOARD,
        column=Column.SIDE,
        template="audit/panels/status.html",
        permission=Permission.AUDIT_VIEW,
        context=_audit_status,
    )
)
