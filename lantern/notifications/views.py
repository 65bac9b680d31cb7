"""The notification settings page: a member of staff turns the daily email on or off."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.notifications import selectors, services
from lantern.notifications.forms import DigestForm


@require_permission(Permission.STAFF_DASHBOARD_VIEW)
def settings_page(request: LanternRequest) -> HttpResponse:
    enabled = selectors.digest_enabled(actor=request.actor)
    if request.method == "POST":
        form = DigestForm(request.POST)
        if form.is_valid():
            services.digest_preference_set(actor=request.actor, digest=form.cleaned_data["digest"])
            messages.success(request, "Your notification settings have been saved")
            return redirect("notifications:settings")
    else:
        form = DigestForm(initial={"digest": "yes" if enabled else "no"})
    return render(request, "notifications/settings.html", {"form": form, "enabled": enabled})
