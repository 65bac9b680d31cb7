"""The resident home page and the staff dashboard."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localtime

from lantern.accounts.selectors import own_memberships
from lantern.audit import catalogue
from lantern.audit.selectors import last_verification, own_activity
from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import table


def _describe(action: str) -> str:
    event_type = catalogue.get(action)
    return event_type.description if event_type else action


def home(request: LanternRequest) -> HttpResponse:
    """Signed-out visitors see what Lantern is; residents their home; staff the dashboard."""
    actor = request.actor
    if not request.user.is_authenticated:
        return render(request, "frontend/start.html")
    if can(actor, Permission.STAFF_DASHBOARD_VIEW):
        return redirect("frontend:dashboard")
    return render(
        request,
        "frontend/resident_home.html",
        {"activity": own_activity(actor=actor, limit=5), "describe": catalogue.get},
    )


@require_permission(Permission.STAFF_DASHBOARD_VIEW)
def dashboard(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    memberships = own_memberships(actor=actor)
    activity = own_activity(actor=actor, limit=10)
    return render(
        request,
        "frontend/dashboard.html",
        {
            "memberships": memberships,
            "activity": activity,
            "activity_table": table(
                caption="Your recent activity",
                caption_hidden=True,
                head=["When", "What"],
                rows=[
                    (
                        localtime(event.occurred_at).strftime("%-d %b %Y, %H:%M"),
                        _describe(event.action),
                    )
                    for event in activity
                ],
            ),
            "can_audit": can(actor, Permission.AUDIT_VIEW),
            "last_verification": last_verification(actor=actor),
        },
    )
