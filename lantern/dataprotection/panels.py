"""The data protection officer's panel on the staff dashboard: what waits for review."""

from __future__ import annotations

from typing import Any

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.dataprotection.models import ReviewItem
from lantern.dataprotection.selectors import review_queue
from lantern.frontend.panels import Column, Page, Panel, register


def _retention(request: LanternRequest) -> dict[str, Any] | None:
    return {
        "pending": review_queue(actor=request.actor).count(),
        "to_dispose": review_queue(actor=request.actor, status=ReviewItem.Status.DISPOSE).count(),
    }


register(
    Panel(
        name="dataprotection.retention",
        page=Page.STAFF_DASHBOARD,
        column=Column.MAIN,
        template="dataprotection/panels/retention.html",
        permission=Permission.RETENTION_REVIEW,
        context=_retention,
        order=20,
    )
)
