"""Camera registration, my cameras, the officers' camera search, and footage requests.
Thin: parse, call a service or selector, render."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods

from lantern.core import clock
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.places import selectors, services
from lantern.places.forms import CameraForm, DeclineForm, FootageRequestForm, SearchForm
from lantern.places.guidance import ICO_GUIDANCE
from lantern.places.models import Camera, FootageRequest


def _when(value) -> str:
    return localtime(value).strftime("%-d %B %Y, %H:%M") if value else ""


def _copy_errors(form, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _map_context(request: LanternRequest) -> dict:
    centre = getattr(settings, "LANTERN_MAP_CENTRE", (51.5412, 0.7183))
    return {"tile_url": settings.LANTERN_TILE_URL, "centre": centre}


def _camera_summary(camera: Camera, *, for_owner: bool) -> object:
    rows: list[tuple[str, object]] = [("Name", camera.label)]
    if camera.owner_kind == Camera.OwnerKind.BUSINESS:
        rows.append(("Business", camera.business_name))
    rows += [
        ("Location", f"{camera.latitude:.5f}, {camera.longitude:.5f}"),
        ("Points", f"{camera.direction} degrees from north"),
        ("Field of view", f"{camera.angle} degrees, up to {camera.range_m} metres"),
        ("Records sound", "Yes" if camera.records_audio else "No"),
        ("Captures beyond the boundary", "Yes" if camera.covers_street else "No"),
        ("Footage kept for", f"{camera.retention_days} days"),
        ("Contact", camera.get_contact_preference_display()),
    ]
    if for_owner and camera.contact_phone:
        rows.append(("Phone", camera.contact_phone))
    return summary_list(rows)


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
            _copy_errors(form, exc)
        else:
            return redirect("places:camera", camera_id=saved.pk)
    return render(
        request,
        template,
        {"form": form, "camera": camera, "guidance": ICO_GUIDANCE, **_map_context(request)},
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
            "summary": _camera_summary(camera, for_owner=True),
            "sector": selectors.camera_sector(camera),
            "guidance": ICO_GUIDANCE,
            **_map_context(request),
        },
    )


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
                    _when(m.footage_kept_until),
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
            "radius": selectors.search_metres(),
            **_map_context(request),
        },
    )


# --- footage requests ------------------------------------------------------------------------------


@require_permission(Permission.FOOTAGE_REQUEST_SEND)
@require_http_methods(["GET", "POST"])
def request_new(request: LanternRequest, camera_id: uuid.UUID) -> HttpResponse:
    try:
        camera = selectors.camera_get(actor=request.actor, camera_id=camera_id)
    except NotFound:
        raise Http404 from None
    if not camera.active:
        raise Http404
    initial: dict = {}
    if request.method == "GET":
        initial["report_id"] = request.GET.get("report", "")
        at = SearchForm.base_fields["at"]
        try:
            when = at.clean(request.GET.get("at", ""))
        except Exception:
            when = None
        if when:
            from datetime import timedelta

            start = localtime(when - timedelta(minutes=30))
            end = localtime(min(when + timedelta(minutes=30), clock.now()))
            initial["window_start"] = start.strftime("%Y-%m-%dT%H:%M")
            initial["window_end"] = end.strftime("%Y-%m-%dT%H:%M")
    form = FootageRequestForm(request.POST or None, initial=initial)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.footage_request_send(
                actor=request.actor,
                camera_id=camera.pk,
                report_id=data["report_id"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                message=data["message"],
            )
        except ValidationFailed as exc:
            _copy_errors(form, exc)
        except RuleRefused as exc:
            refusal = exc
        else:
            messages.success(request, "Footage request sent to the camera's owner")
            return redirect("places:request", request_id=sent.pk)
    return render(
        request,
        "places/request_new.html",
        {
            "form": form,
            "camera": camera,
            "summary": _camera_summary(camera, for_owner=False),
            "refusal": refusal,
        },
    )


def _request_rows(requests, *, for_owner: bool) -> list:
    rows = []
    for r in requests:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("places:request", args=[r.pk]),
            r.camera.label if for_owner else (r.camera.business_name or r.camera.label),
        )
        rows.append(
            (
                link,
                f"{_when(r.window_start)} to {_when(r.window_end)}",
                r.get_status_display(),
                _when(r.created_at),
            )
        )
    return rows


@require_permission(Permission.FOOTAGE_REQUEST_RESPOND)
def request_list(request: LanternRequest) -> HttpResponse:
    requests = list(selectors.footage_request_list_received(actor=request.actor)[:200])
    return render(
        request,
        "places/request_list.html",
        {
            "requests": requests,
            "table": table(
                caption="Requests for footage from your cameras",
                caption_hidden=True,
                head=["Camera", "Time window", "Status", "Sent"],
                rows=_request_rows(requests, for_owner=True),
                html_columns=frozenset({0}),
            ),
        },
    )


@require_permission(Permission.FOOTAGE_REQUEST_VIEW)
def request_sent_list(request: LanternRequest) -> HttpResponse:
    requests = list(selectors.footage_request_list_sent(actor=request.actor)[:200])
    return render(
        request,
        "places/request_sent_list.html",
        {
            "requests": requests,
            "table": table(
                caption="Footage requests your organisation sent",
                caption_hidden=True,
                head=["Camera", "Time window", "Status", "Sent"],
                rows=_request_rows(requests, for_owner=False),
                html_columns=frozenset({0}),
            ),
        },
    )


def request_detail(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = request.actor
    try:
        record = selectors.footage_request_get(actor=actor, id=request_id)
    except NotFound:
        raise Http404 from None
    is_owner = can(actor, Permission.FOOTAGE_REQUEST_RESPOND, record)
    if is_owner:
        record = services.footage_request_mark_seen(actor=actor, request_id=record.pk)
    rows: list[tuple[str, object]] = [
        ("Camera", record.camera.label),
        ("Time window", f"{_when(record.window_start)} to {_when(record.window_end)}"),
        ("Status", record.get_status_display()),
        ("Asked by", record.organisation.name),
        ("Sent", _when(record.created_at)),
        ("Footage is kept until", _when(record.expires_at)),
    ]
    if record.message:
        rows.append(("Message", record.message))
    if record.status == FootageRequest.Status.DECLINED:
        rows.append(("Reason for declining", record.decline_reason or "None given"))
    if record.item_count:
        rows.append(("Files uploaded", record.item_count))
    if not is_owner:
        rows.insert(1, ("Report id", record.report_id))
    return render(
        request,
        "places/request_detail.html",
        {
            "record": record,
            "is_owner": is_owner,
            "summary": summary_list(rows),
            "can_decline": is_owner and record.is_open,
            "can_upload": is_owner,
        },
    )


@require_permission(Permission.FOOTAGE_REQUEST_RESPOND)
@require_http_methods(["GET", "POST"])
def request_decline(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    try:
        record = selectors.footage_request_get(actor=request.actor, id=request_id)
    except NotFound:
        raise Http404 from None
    if not can(request.actor, Permission.FOOTAGE_REQUEST_RESPOND, record):
        raise Http404
    form = DeclineForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            services.footage_request_decline(
                actor=request.actor, request_id=record.pk, reason=form.cleaned_data["reason"]
            )
        except RuleRefused as exc:
            refusal = exc
        except ValidationFailed as exc:
            _copy_errors(form, exc)
        else:
            messages.success(request, "You declined the request. Thank you for letting us know.")
            return redirect("places:request", request_id=record.pk)
    return render(
        request, "places/request_decline.html", {"form": form, "record": record, "refusal": refusal}
    )
