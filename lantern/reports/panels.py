"""The reports app's panels: reports waiting for triage on the staff dashboard, and the
resident's own recent reports on their home page."""

from __future__ import annotations

from typing import Any

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.reports.selectors import own_reports, triage_count


def _to_triage(request: LanternRequest) -> dict[str, Any] | None:
    return {"count": triage_count(actor=request.actor)}


def _yours(request: LanternRequest) -> dict[str, Any] | None:
    return {"reports": list(own_reports(actor=request.actor).order_by("-created_at")[:5])}


register(
    Panel(
        name="reports.to_triage",
        page=Page.STAFF_DASHBOARD,
        column=Column.MAIN,
        template="reports/panels/to_triage.html",
        permission=Permission.REPORT_TRIAGE,
        context=_to_triage,
        order=20,
    )
)

register(
    Panel(
        name="reports.yours",
        page=Page.RESIDENT_HOME,
        column=Column.MAIN,
        template="reports/panels/yours.html",
        permission=Permission.REPORT_VIEW_OWN,
        context=_yours,
        order=20,
    )
)
