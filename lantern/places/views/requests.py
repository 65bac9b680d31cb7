"""Footage requests: the officer's form and list, the owner's list, page and decline."""

from __future__ import annotations

import uuid

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
from lantern.frontend.forms import errors_to_form
from lantern.places import selectors, services
from lantern.places.forms import DeclineForm, FootageRequestForm, SearchForm
from lantern.places.models import FootageRequest
from lantern.places.views.common import camera_summary, when

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
            errors_to_form(form, exc)
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
            "summary": camera_summary(camera, for_owner=False),
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
                f"{when(r.window_start)} to {when(r.window_end)}",
                r.get_status_display(),
                when(r.created_at),
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


def _uploads_closed(record: FootageRequest) -> str:
    """Why the owner can no longer upload against this request ("" while they can). The
    same conditions as the upload endpoint's check, so the page never offers an uploader
    whose every file the server would refuse."""
    status = FootageRequest.Status
    if record.status == status.DECLINED:
        return (
            "You declined this request, so it is closed and cannot take footage. If you now "
            "want to share footage, ask the officer to send a new request."
        )
    if record.status == status.EXPIRED or record.expires_at <= clock.now():
        return (
            "This request has expired: your camera no longer keeps footage from that time, "
            "so it cannot take uploads."
        )
    if record.status not in (status.SENT, status.SEEN, status.ANSWERED):
        return "This request is closed, so it cannot take uploads."
    return ""


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
        ("Time window", f"{when(record.window_start)} to {when(record.window_end)}"),
        ("Status", record.get_status_display()),
        ("Asked by", record.organisation.name),
        ("Sent", when(record.created_at)),
        ("Footage is kept until", when(record.expires_at)),
    ]
    if record.message:
        rows.append(("Message", record.message))
    if record.status == FootageRequest.Status.DECLINED:
        rows.append(("Reason for declining", record.decline_reason or "None given"))
    if record.item_count:
        rows.append(("Files uploaded", record.item_count))
    if not is_owner:
        rows.insert(1, ("Report id", record.report_id))
    closed = _uploads_closed(record) if is_owner else ""
    return render(
        request,
        "places/request_detail.html",
        {
            "record": record,
            "is_owner": is_owner,
            "summary": summary_list(rows),
            "can_decline": is_owner and record.is_open,
            "can_upload": is_owner and not closed,
            "uploads_closed": closed,
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
            errors_to_form(form, exc)
        else:
            messages.success(request, "You declined the request. Thank you for letting us know.")
            return redirect("places:request", request_id=record.pk)
    return render(
        request, "places/request_decline.html", {"form": form, "record": record, "refusal": refusal}
    )
