"""Updates Open311 clients sent on reports (mySociety's servicerequestupdates), for
officers: every update on the reports they may see, newest first. A client's update never
changes a report's status: officers read it here, or on the report's page, and decide."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import pagination, table
from lantern.reports.open311 import selectors as open311_selectors
from lantern.reports.open311.models import Open311Update
from lantern.reports.views.resident import _when

CLIENT_STATUS_LABELS = {
    "OPEN": "Open",
    "INVESTIGATING": "Investigating",
    "IN_PROGRESS": "In progress",
    "ACTION_SCHEDULED": "Action scheduled",
    "NO_FURTHER_ACTION": "No further action",
    "NOT_COUNCILS_RESPONSIBILITY": "Not the council's responsibility",
    "DUPLICATE": "Duplicate",
    "INTERNAL_REFERRAL": "Internal referral",
    "FIXED": "Fixed",
    "CLOSED": "Closed",
}


def client_status(value: str) -> str:
    """How a status a client sent reads to an officer."""
    return CLIENT_STATUS_LABELS.get(value, value.replace("_", " ").capitalize())


def sent_when(update: Open311Update) -> str:
    """When the client says it was sent, else when Lantern received it."""
    return _when(update.sent_at or update.created_at)


@require_permission(Permission.REPORT_VIEW)
def update_list(request: LanternRequest) -> HttpResponse:
    updates = open311_selectors.updates_received_list(actor=request.actor)
    page = Paginator(updates, 50).get_page(request.GET.get("page"))
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("reports:triage-detail", args=[u.report_id]),
                u.report.reference,
            ),
            sent_when(u),
            u.client.name,
            client_status(u.status),
            u.report.get_status_display(),
            u.description or "No words sent",
        )
        for u in page
    ]
    return render(
        request,
        "reports/client_updates.html",
        {
            "count": page.paginator.count,
            "table": table(
                caption="Updates from Open311 clients, newest first",
                caption_hidden=True,
                head=["Report", "Sent", "From", "Their status", "Lantern status", "Update"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": pagination(page, request.GET),
        },
    )
