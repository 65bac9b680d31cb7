"""My cameras (registration, change, removal) and the officers' camera search."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core import clock
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table
from lantern.frontend.forms import errors_to_form
from lantern.places import selectors, services
from lantern.places.forms import CameraForm, PlaceSearchForm, SearchForm
from lantern.places.guidance import ICO_GUIDANCE, ICO_URL
from lantern.places.models import Camera
from lantern.places.views.common import camera_summary, map_context, when

# --- my cameras (residents and businesses) ------------------------------------------------------


@require_permission(Permission.CAMERA_REGISTER)
def camera_list(request: LanternRequest) -> HttpResponse:
    cameras = list(selectors.camera_list_own(actor=request.actor))
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("places:camera", args=[c.pk]),
                c.label,
            ),
            f"{c.direction}°, {c.angle}° wide, {c.range_m} m",
            f"{c.retention_days} days",
            ", ".join(c.flags) or "None",
        )
        for c in cameras
    ]
    return render(
        request,
        "places/camera_list.html",
        {
            "cameras": cameras,
            "table": table(
                caption="Your registered cameras",
                caption_hidden=True,
                head=["Camera", "Field of view", "Footage kept", "Flags"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "open_requests": selectors.open_request_count(actor=request.actor),
        },
    )


def _camera_form_page(
    request: LanternRequest, *, camera: Camera | None, template: str
) -> HttpResponse:
    editing = camera is not None
    if request.method == "POST":
        form = CameraForm(request.POST, editing=editing)
    else:
        form = CameraForm(
            initial=CameraForm.initial_for(camera) if camera else None, editing=editing
        )
    if request.method == "POST" and form.is_valid():
        try:
            if camera is None:
                saved = services.camera_register(
                    actor=request.actor,
                    guidance_acknowledged=form.cleaned_data["guidance_acknowledged"],
                    **form.service_fields(),
                )
                messages.success(request, "Your camera is registered")
            else:
                saved = services.camera_update(
                    actor=request.actor, camera_id=camera.pk, **form.service_fields()
                )
                messages.success(request, "Your camera's details are saved")
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            return redirect("places:camera", camera_id=saved.pk)
    return render(
        request,
        template,
        {"form": form, "camera": camera, "guidance": ICO_GUIDANCE, **map_context(request)},
    )


@require_permission(Permission.CAMERA_REGISTER)
@require_http_methods(["GET", "POST"])
def camera_register(request: LanternRequest) -> HttpResponse:
    return _camera_form_page(request, camera=None, template="places/camera_form.html")


def _own_camera(request: LanternRequest, camera_id: uuid.UUID) -> Camera:
    try:
        return selectors.camera_get_own(actor=request.actor, camera_id=camera_id)
    except NotFound:
        raise Http404 from None


@require_permission(Permission.CAMERA_REGISTER)
@require_http_methods(["GET", "POST"])
def camera_edit(request: LanternRequest, camera_id: uuid.UUID) -> HttpResponse:
    camera = _own_camera(request, camera_id)
    return _camera_form_page(request, camera=camera, template="places/camera_form.html")


@require_permission(Permission.CAMERA_REGISTER)
def camera_detail(request: LanternRequest, camera_id: uuid.UUID) -> HttpResponse:
    camera = _own_camera(request, camera_id)
    return render(
        request,
        "places/camera_detail.html",
        {
            "camera": camera,
            "summary": camera_summary(camera, for_owner=True),
            "sector": selectors.camera_sector(camera),
            "guidance": ICO_GUIDANCE,
            "deletion": _deletion(camera),
            **map_context(request),
        },
    )


def _deletion(camera: Camera) -> dict[str, Any]:
    """What the owner may delete now, and what to keep (lantern.places.services.reminders)."""
    from lantern.places.services.reminders import keep_text

    delete_before = clock.now() - timedelta(days=camera.retention_days)
    return {
        "delete_before": delete_before,
        "keep": keep_text(selectors.footage_to_keep(camera, delete_before)),
        "reminder": selectors.last_deletion_reminder(camera),
        "ico_url": ICO_URL,
    }


@require_permission(Permission.CAMERA_REGISTER)
@require_POST
def camera_footage_deleted(request: LanternRequest, camera_id: uuid.UUID) -> HttpResponse:
    """The owner says they deleted the footage the latest reminder asked them to."""
    try:
        services.footage_deletion_done(actor=request.actor, camera_id=camera_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, "Thank you: we will remind you again at the end of the next period")
    return redirect("places:camera", camera_id)


@require_permission(Permission.CAMERA_REGISTER)
@require_http_methods(["GET", "POST"])
def camera_remove(request: LanternRequest, camera_id: uuid.UUID) -> HttpResponse:
    camera = _own_camera(request, camera_id)
    if request.method == "POST":
        services.camera_deregister(actor=request.actor, camera_id=camera.pk)
        messages.success(request, f"{camera.label} is no longer registered")
        return redirect("places:cameras")
    return render(request, "places/camera_remove.html", {"camera": camera})


# --- the officers' camera search -----------------------------------------------------------------


@require_permission(Permission.CAMERA_SEARCH)
def camera_search(request: LanternRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    matches: list[selectors.CameraMatch] | None = None
    result_table = None
    cameras_json: list[dict] = []
    if request.GET and form.is_valid():
        data = form.cleaned_data
        matches = selectors.cameras_that_may_have_seen(
            actor=request.actor,
            latitude=data["latitude"],
            longitude=data["longitude"],
            at=data["at"],
        )
        query = {"at": localtime(data["at"]).strftime("%Y-%m-%dT%H:%M")}
        if data.get("report"):
            query["report"] = str(data["report"])
        rows = []
        for m in matches:
            cam = m.camera
            params = "&".join(f"{k}={v}" for k, v in query.items())
            rows.append(
                (
                    cam.business_name or cam.label,
                    f"{m.distance_m:.0f} m",
                    f"{cam.direction}°, {cam.angle}° wide",
                    when(m.footage_kept_until),
                    ", ".join(cam.flags) or "None",
                    format_html(
                        '<a class="govuk-link" href="{}?{}">Request footage'
                        '<span class="govuk-visually-hidden"> from {}</span></a>',
                        reverse("places:request-new", args=[cam.pk]),
                        params,
                        cam.business_name or cam.label,
                    ),
                )
            )
            cameras_json.append(
                {"label": cam.business_name or cam.label, "sector": selectors.camera_sector(cam)}
            )
        result_table = table(
            caption=f"{len(matches)} camera{'s' if len(matches) != 1 else ''} may have seen it",
            head=["Camera", "Distance", "Points", "Footage kept until", "Flags", ""],
            rows=rows,
            html_columns=frozenset({5}),
        )
    return render(
        request,
        "places/search.html",
        {
            "form": form,
            "matches": matches,
            "table": result_table,
            "cameras_json": cameras_json,
            "place_form": PlaceSearchForm(auto_id="place-%s"),
            "radius": selectors.search_metres(),
            **map_context(request),
        },
    )
