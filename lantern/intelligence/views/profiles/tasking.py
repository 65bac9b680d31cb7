"""The tasking pages: the open actions, adding one, completing and cancelling."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core import clock
from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.forms import errors_to_form
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.selectors import profiles as selectors
from lantern.intelligence.selectors import tasking as tasking_selectors
from lantern.intelligence.services import tasking as tasking_services
from lantern.intelligence.views.profiles.common import (
    CancelForm,
    TaskingForm,
    _page,
)

P = Permission


# --- tasking --------------------------------------------------------------------------------


def _back(data: dict[str, Any]) -> str:
    if data.get("profile_kind") == TaskingAction.Kind.SUBJECT and data.get("entity"):
        return reverse("intelligence:subject-profile", args=[data["entity"]])
    if data.get("profile_kind") == TaskingAction.Kind.PROBLEM:
        query = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k in ("place", "since", "until")
            if (v := data.get(k))
        }
        return reverse("intelligence:problem-profile") + "?" + urlencode(query)
    return reverse("intelligence:tasking")


@require_GET
@_page
def tasking(request: LanternRequest) -> HttpResponse:
    actions = list(tasking_selectors.tasking_list(request.actor))
    today = localdate(clock.now())
    rows = []
    for a in actions:
        if a.entity is not None:
            about = f"Subject profile: {a.entity.caption}"
        else:
            period = (
                f"{a.period_start:%-d %b %Y} to {a.period_end:%-d %b %Y}" if a.period_start else ""
            )
            about = f"Problem profile: {a.area_name} {period}".strip()
        rows.append(
            {
                "action": a,
                "about": about,
                "overdue": a.due_on < today,
                "may_close": tasking_selectors.may_close(request.actor, a),
                "done_label": format_html(
                    'Mark done<span class="govuk-visually-hidden">: {}</span>',
                    Truncator(a.action).chars(40),
                ),
                "may_cancel": can(request.actor, P.INTELLIGENCE_ANALYSE),
            }
        )
    return render(request, "intelligence/profiles/tasking.html", {"rows": rows})


@require_POST
@_page
def tasking_add(request: LanternRequest) -> HttpResponse:
    if not can(request.actor, P.INTELLIGENCE_ANALYSE):
        raise Http404
    data = request.POST
    partnership_hint = None
    entity_raw = data.get("entity") or ""
    try:
        if data.get("profile_kind") == TaskingAction.Kind.SUBJECT and entity_raw:
            entity = selectors.subject_entity(request.actor, entity_id=uuid.UUID(entity_raw))
            partnership_hint = entity.partnership_id
        elif data.get("place"):
            partnership_hint = selectors.problem_scope(
                request.actor, place=data.get("place", "")
            ).partnership_id
    except (ValueError, ValidationFailed):
        partnership_hint = None
    owners = tasking_selectors.owner_choices(partnership_hint) if partnership_hint else []
    form = TaskingForm(data, owners=owners)
    if form.is_valid():
        d = form.cleaned_data
        place = d.get("place") or ""
        kind, _, raw = place.partition(":")
        try:
            tasking_services.tasking_add(
                actor=request.actor,
                profile_kind=d["profile_kind"],
                action=d["action"],
                owner_id=d["owner"],
                due_on=d["due_on"],
                entity_id=d.get("entity"),
                area_id=uuid.UUID(raw) if kind == "a" and raw else None,
                partnership_id=uuid.UUID(raw) if kind == "p" and raw else None,
                period_start=d.get("since"),
                period_end=d.get("until"),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except ValueError:
            form.add_error(None, "Choose a place from the list")
        else:
            messages.success(request, "Tasking action recorded.")
            return redirect(_back(d))
    return render(
        request,
        "intelligence/profiles/tasking_form.html",
        {"form": form, "back_url": _back(form.cleaned_data if form.is_bound else {})},
    )


@require_POST
@_page
def tasking_complete(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    try:
        tasking_services.tasking_complete(actor=request.actor, action_id=action_id)
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    else:
        messages.success(request, "Tasking action marked done.")
    return redirect("intelligence:tasking")


@require_http_methods(["GET", "POST"])
@_page
def tasking_cancel(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    if not can(request.actor, P.INTELLIGENCE_ANALYSE):
        raise Http404
    action = tasking_selectors.tasking_get(request.actor, action_id=action_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tasking_services.tasking_cancel(
                actor=request.actor, action_id=action_id, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Tasking action cancelled.")
            return redirect("intelligence:tasking")
    return render(
        request,
        "intelligence/profiles/tasking_cancel.html",
        {"form": form, "action": action, "back_url": reverse("intelligence:tasking")},
    )
