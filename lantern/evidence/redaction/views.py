"""The redaction pages: start a redaction from an item, the editor (a still of a frame with the
boxes outlined, suggestions to accept or reject, forms to add a box or muted sound), the check
page that asks for the copy, and the progress while it is made. Forms only: everything works
with a keyboard and without JavaScript. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from govuk_frontend_django.components.error_summary import (
    ErrorSummaryErrorlist,
    GovUKErrorSummary,
)

from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import services as item_services
from lantern.evidence.blobstore import BlobStoreError
from lantern.evidence.events import ITEM_VIEWED
from lantern.evidence.redaction import selectors, services
from lantern.evidence.redaction.forms import (
    ERROR_FIELDS,
    FrameForm,
    MuteForm,
    RegionForm,
    StartForm,
)
from lantern.evidence.redaction.geometry import Box
from lantern.evidence.redaction.models import Redaction
from lantern.evidence.redaction.pages import editor_context, progress_of
from lantern.evidence.views.items import item_or_404
from lantern.frontend import forms as forms_helper


def _redaction_or_404(request: LanternRequest, redaction_id: uuid.UUID) -> Redaction:
    try:
        return selectors.redaction_get(actor=request.actor, redaction_id=redaction_id)
    except NotFound:
        raise Http404 from None


def _back(redaction: Redaction) -> dict[str, str]:
    return {
        "back_url": reverse("evidence:item", args=[redaction.item_id]),
        "back_text": "Back to the item",
    }


@require_permission(Permission.EVIDENCE_REDACT)
def item_redact(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    """Start a redaction of an item (its reason and style), with its earlier redactions."""
    item = item_or_404(request, item_id)
    if not selectors.may_redact(actor=request.actor, item=item):
        raise Http404
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            redaction = services.redaction_create(
                actor=request.actor,
                item_id=item.pk,
                reason=form.cleaned_data["reason"],
                style=form.cleaned_data["style"],
            )
        except ValidationFailed as exc:
            forms_helper.errors_to_form(form, exc)
        else:
            return redirect("evidence:redaction", redaction.pk)
    earlier = list(selectors.redactions_of(actor=request.actor, item=item))
    return render(
        request,
        "evidence/redaction/start.html",
        {"item": item, "form": form, "earlier": earlier},
    )


def _editor(request: LanternRequest, redaction: Redaction, **forms: Any) -> HttpResponse:
    context = editor_context(request, redaction, **forms)
    status = 200
    if any(form is not None and form.errors for form in forms.values()):
        context["has_errors"] = True
    return render(
        request, "evidence/redaction/editor.html", {**context, **_back(redaction)}, status=status
    )


@require_safe
@require_permission(Permission.EVIDENCE_REDACT)
def redaction_page(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    redaction = _redaction_or_404(request, redaction_id)
    frame_form = FrameForm(request.GET) if "at" in request.GET else None
    return _editor(request, redaction, frame_form=frame_form)


@require_safe
@require_permission(Permission.EVIDENCE_REDACT)
def redaction_progress(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    """How far the redacted copy has got, for the editor's status region (its script asks
    every few seconds while the copy is made). Nothing personal: status and a percentage."""
    redaction = _redaction_or_404(request, redaction_id)
    response = JsonResponse(progress_of(redaction))
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@require_permission(Permission.EVIDENCE_REDACT)
def redaction_frame(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    """A still of the original at ``at`` seconds with the boxes outlined (a JPEG made now),
    recorded in the original's chain of custody."""
    from lantern.evidence.redaction.frames import still  # PyAV, OpenCV and Pillow

    redaction = _redaction_or_404(request, redaction_id)
    form = FrameForm(request.GET if "at" in request.GET else {"at": "0"})
    at = form.cleaned_data["at"] if form.is_valid() else 0.0
    at = min(at, redaction.seconds)
    try:
        shown_at, data = still(redaction, at)
    except BlobStoreError as exc:
        return render(request, "evidence/store_error.html", {"message": exc.message}, status=503)
    if data is None:
        raise Http404
    item_services.item_custody_event(
        actor=request.actor,
        item=redaction.item,
        action=ITEM_VIEWED,
        shown_as="redaction frame",
        redaction=str(redaction.pk),
        at_ms=round(shown_at * 1000),
    )
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _write(request: LanternRequest, redaction: Redaction, call, done: str) -> HttpResponse:
    """Run a service; a message (what was done, or why not) and back to the editor."""
    try:
        call()
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise Http404 from None
    except ValidationFailed as exc:
        for errors in exc.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("evidence:redaction", redaction.pk)
    messages.success(request, done)
    return redirect("evidence:redaction", redaction.pk)


@require_POST
@require_permission(Permission.EVIDENCE_REDACT)
def region_add(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    redaction = _redaction_or_404(request, redaction_id)
    form = RegionForm(request.POST, is_video=redaction.is_video)
    if form.is_valid():
        data = form.cleaned_data
        box = Box(data["x"], data["y"], data["width"], data["height"])
        end_box = None
        if data.get("end_x") is not None:
            end_box = Box(data["end_x"], data["end_y"], data["end_width"], data["end_height"])
        try:
            services.region_add(
                actor=request.actor,
                redaction_id=redaction.pk,
                data=services.RegionInput(
                    label=data["label"],
                    box=box,
                    start=data.get("start") or 0.0,
                    end=data.get("end") or 0.0,
                    end_box=end_box,
                ),
            )
        except ValidationFailed as exc:
            forms_helper.errors_to_form(form, exc, rename=ERROR_FIELDS)
        else:
            messages.success(request, "The box was added")
            return redirect("evidence:redaction", redaction.pk)
    return _editor(request, redaction, region_form=form)


@require_POST
@require_permission(Permission.EVIDENCE_REDACT)
def mute_add(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    redaction = _redaction_or_404(request, redaction_id)
    form = MuteForm(request.POST)
    if form.is_valid():
        try:
            services.mute_add(
                actor=request.actor,
                redaction_id=redaction.pk,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationFailed as exc:
            forms_helper.errors_to_form(form, exc)
        else:
            messages.success(request, "The sound will be muted there")
            return redirect("evidence:redaction", redaction.pk)
    return _editor(request, redaction, mute_form=form)


def _posted_id(request: LanternRequest, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


@require_POST
@require_permission(Permission.EVIDENCE_REDACT)
def part_remove(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    """Take a box (``region``) or a muted range (``mute``) off a draft."""
    redaction = _redaction_or_404(request, redaction_id)
    if "mute" in request.POST:
        mute_id = _posted_id(request, "mute")
        return _write(
            request,
            redaction,
            lambda: services.mute_remove(
                actor=request.actor, redaction_id=redaction.pk, mute_id=mute_id
            ),
            "The muted range was taken off",
        )
    region_id = _posted_id(request, "region")
    return _write(
        request,
        redaction,
        lambda: services.region_remove(
            actor=request.actor, redaction_id=redaction.pk, region_id=region_id
        ),
        "The box was taken off",
    )


@require_POST
@require_permission(Permission.EVIDENCE_REDACT)
def suggestions_ask(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    redaction = _redaction_or_404(request, redaction_id)
    return _write(
        request,
        redaction,
        lambda: services.suggestions_ask(actor=request.actor, redaction_id=redaction.pk),
        "Lantern is looking for faces and number plates",
    )


@require_POST
@require_permission(Permission.EVIDENCE_REDACT)
def suggestion_decide(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    redaction = _redaction_or_404(request, redaction_id)
    suggestion_id = _posted_id(request, "suggestion")
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        raise Http404
    return _write(
        request,
        redaction,
        lambda: services.suggestion_decide(
            actor=request.actor,
            redaction_id=redaction.pk,
            suggestion_id=suggestion_id,
            accept=decision == "accept",
        ),
        "The suggestion was accepted: it is now a box"
        if decision == "accept"
        else "The suggestion was rejected",
    )


@require_permission(Permission.EVIDENCE_REDACT)
def redaction_check(request: LanternRequest, redaction_id: uuid.UUID) -> HttpResponse:
    """Check what will be obscured and muted, then ask for the redacted copy."""
    redaction = _redaction_or_404(request, redaction_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.render_ask(actor=request.actor, redaction_id=redaction.pk)
        except ValidationFailed as exc:
            errors = [e for messages_ in exc.errors.values() for e in messages_]
        else:
            return redirect("evidence:redaction", redaction.pk)
    context = editor_context(request, redaction)
    return render(
        request,
        "evidence/redaction/check.html",
        {
            **context,
            "error_summary": GovUKErrorSummary(
                titleText="There is a problem",
                errorList=[ErrorSummaryErrorlist(text=e, href="#boxes") for e in errors],
            ).render()
            if errors
            else None,
            "back_url": reverse("evidence:redaction", args=[redaction.pk]),
            "back_text": "Back to the redaction",
        },
        status=200,
    )
