"""The start page, the resident home page and the staff dashboard. Their content comes from
the panels each app registers (lantern/frontend/panels.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.panels import Page, panels_for


def home(request: LanternRequest) -> HttpResponse:
    """Signed-out visitors see what Lantern is; residents their home; staff the dashboard."""
    if not request.user.is_authenticated:
        return render(request, "frontend/start.html")
    if can(request.actor, Permission.STAFF_DASHBOARD_VIEW):
        return redirect("frontend:dashboard")
    if not can(request.actor, Permission.RESIDENT_HOME_VIEW):
        # Signed in, but holding no role (or a staff role not yet past two-factor).
        raise PermissionDenied
    return render(
        request,
        "frontend/resident_home.html",
        {"panels": panels_for(request, Page.RESIDENT_HOME)},
    )


@require_permission(Permission.STAFF_DASHBOARD_VIEW)
def dashboard(request: LanternRequest) -> HttpResponse:
    return render(
        request,
        "frontend/dashboard.html",
        {"panels": panels_for(request, Page.STAFF_DASHBOARD)},
    )
