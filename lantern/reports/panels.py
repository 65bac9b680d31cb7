"""The reports app's panels: reports waiting for triage on the staff dashboard, and the
resident's own recent reports on their home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lantern.core.actor import Actor, Role
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.notifications.waiting import WAITING_LIMIT, WaitingItem, register_provider
from lantern.reports.models import Report
from lantern.reports.selectors import TriageFilters, own_reports, report_list, triage_count

COUNT_UP_TO = 1000  # as the triage list: the count stops there (docs/scale.md)


def _to_triage(request: LanternRequest) -> dict[str, Any] | None:
    count = triage_count(actor=request.actor, up_to=COUNT_UP_TO)
    return {"count": min(count, COUNT_UP_TO), "more": count > COUNT_UP_TO}


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


# --- "Waiting for you" (lantern.notifications.waiting): new reports for officers to triage ---
def _waiting(actor: Actor) -> list[WaitingItem]:
    if not actor.has_role(Role.POLICE_OFFICER, Role.PCSO, Role.COUNCIL_OFFICER):
        return []
    if not can(actor, Permission.REPORT_TRIAGE):
        return []
    new = report_list(actor=actor, filters=TriageFilters(status=Report.Status.NEW))
    return [
        WaitingItem(
            title=f"New report {report.reference} to triage: {report.category.name}",
            url=reverse("reports:triage-detail", args=[report.pk]),
            since=report.created_at,
        )
        for report in new.order_by("created_at")[:WAITING_LIMIT]
    ]


register_provider("reports.to_triage", _waiting)
