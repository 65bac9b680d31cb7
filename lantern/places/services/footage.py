"""Footage requests: sent by officers, seen, declined or answered by owners, expired."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.audit.services import audit_record
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.places import notices, workflow
from lantern.places.models import FootageRequest
from lantern.places.rules import FootageRequestStatus, FootageRetained, RequestStep, Retention
from lantern.places.selectors import camera_get_for_request
from lantern.places.services.actions import (
    FOOTAGE_REQUEST_ANSWERED,
    FOOTAGE_REQUEST_DECLINED,
    FOOTAGE_REQUEST_EXPIRED,
    FOOTAGE_REQUEST_SEEN,
    FOOTAGE_REQUEST_SENT,
    MAX_ITEMS,
    MAX_WINDOW_HOURS,
    require,
)

# --- footage requests ---------------------------------------------------------------------------


def _aware(value: Any, field: str, errors: dict[str, list[str]]) -> datetime | None:
    if not isinstance(value, datetime):
        errors[field] = ["Enter a date and time"]
        return None
    if timezone.is_naive(value):
        raise ValueError(f"{field} must be an aware datetime")
    return value


def _requesting_organisation(actor: Actor) -> uuid.UUID:
    for org_id, role in sorted(actor.memberships, key=lambda m: str(m[0])):
        if org_id is not None and role in _send_roles():
            return org_id
    raise PermissionDenied("footage requests are sent on behalf of an organisation")


def _send_roles() -> frozenset:
    from lantern.core.permissions import roles_with

    return roles_with(Permission.FOOTAGE_REQUEST_SEND)


def footage_request_send(
    *,
    actor: Actor,
    camera_id: uuid.UUID,
    report_id: uuid.UUID,
    window_start: datetime,
    window_end: datetime,
    message: str = "",
) -> FootageRequest:
    """An officer asks a camera's owner for footage of a time window, for a report. The
    camera must be in one of the officer's partnerships (or shared with one): any other is
    NotFound, as if it did not exist.

    The window is at most ``MAX_WINDOW_HOURS`` long, already past, and some of it must still
    be within the camera's retention. The request expires when the retention has passed the
    end of the window (by then the owner no longer holds any of it)."""
    require(actor, Permission.FOOTAGE_REQUEST_SEND)
    errors: dict[str, list[str]] = {}
    start = _aware(window_start, "window_start", errors)
    end = _aware(window_end, "window_end", errors)
    message = (message or "").strip()
    if len(message) > 1000:
        errors["message"] = ["The message must be 1000 characters or fewer"]
    if not isinstance(report_id, uuid.UUID):
        errors["report_id"] = ["Give the report this request is for"]
    now = clock.now()
    if start and end:
        if end <= start:
            errors["window_end"] = ["The end of the window must be after its start"]
        elif end - start > timedelta(hours=MAX_WINDOW_HOURS):
            errors["window_end"] = [f"Ask for a window of {MAX_WINDOW_HOURS} hours or less"]
        elif start > now:
            errors["window_start"] = ["The window must start in the past"]
    if errors:
        raise ValidationFailed(errors)
    assert start is not None and end is not None  # noqa: S101  (checked above)
    organisation_id = _requesting_organisation(actor)
    assert actor.user_id is not None  # noqa: S101  (an officer in an organisation)
    with transaction.atomic():
        camera = camera_get_for_request(actor=actor, camera_id=camera_id)
        if directory.report(actor, report_id) is None:  # a report the officer may see
            raise NotFound("report")
        expires_at = end + timedelta(days=camera.retention_days)
        FootageRetained().enforce(Retention(expires_at=expires_at, now=now))
        duplicate = FootageRequest.objects.filter(
            camera=camera,
            report_id=report_id,
            status__in=[FootageRequest.Status.SENT, FootageRequest.Status.SEEN],
        ).exists()
        if duplicate:
            raise ValidationFailed(
                {"camera_id": ["An open request to this camera for this report already exists"]}
            )
        request = FootageRequest.objects.create(
            camera=camera,
            report_id=report_id,
            requested_by_id=actor.user_id,
            organisation=Organisation.objects.get(pk=organisation_id),
            window_start=start,
            window_end=end,
            message=message,
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            action=FOOTAGE_REQUEST_SENT,
            object_type="footage_request",
            object_id=request.pk,
            details={
                "camera_id": str(camera.pk),
                "report_id": str(report_id),
                "window_minutes": int((end - start).total_seconds() // 60),
            },
        )
    notices.footage_requested(request)
    return request


def _owned_request_for_update(actor: Actor, request_id: uuid.UUID) -> FootageRequest:
    request = (
        FootageRequest.objects.select_for_update(of=("self",))
        .select_related("camera")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound("footage request")
    if actor.is_system:
        return request
    if not can(actor, Permission.FOOTAGE_REQUEST_RESPOND, request):
        raise NotFound("footage request")
    return request


def _transition(request: FootageRequest, name: str) -> None:
    FootageRequestStatus().enforce(RequestStep(request=request, name=name))
    request.status = workflow.target(name)


def footage_request_mark_seen(*, actor: Actor, request_id: uuid.UUID) -> FootageRequest:
    """The owner opened the request. Opening it again changes nothing."""
    with transaction.atomic():
        request = _owned_request_for_update(actor, request_id)
        if request.status != FootageRequest.Status.SENT:
            return request
        _transition(request, "see")
        request.seen_at = clock.now()
        request.save(update_fields=["status", "seen_at", "updated_at"])
        audit_record(
            actor=actor,
            action=FOOTAGE_REQUEST_SEEN,
            object_type="footage_request",
            object_id=request.pk,
        )
    return request


def footage_request_decline(
    *, actor: Actor, request_id: uuid.UUID, reason: str = ""
) -> FootageRequest:
    """The owner declines, with an optional reason (which goes to the officer)."""
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise ValidationFailed({"reason": ["The reason must be 1000 characters or fewer"]})
    with transaction.atomic():
        request = _owned_request_for_update(actor, request_id)
        _transition(request, "decline")
        request.declined_at = clock.now()
        request.decline_reason = reason
        request.save(update_fields=["status", "declined_at", "decline_reason", "updated_at"])
        audit_record(
            actor=actor,
            action=FOOTAGE_REQUEST_DECLINED,
            object_type="footage_request",
            object_id=request.pk,
            details={"reason_given": bool(reason)},
        )
    return request


def footage_request_mark_answered(
    *, actor: Actor, request_id: uuid.UUID, item_count: int
) -> FootageRequest:
    """Called by the evidence app when an upload linked to this request completes
    (``item_count`` new items). The actor is the camera's owner who uploaded, or the system.
    An owner who declined or let the request lapse may still answer it."""
    if isinstance(item_count, bool) or not isinstance(item_count, int):
        raise ValidationFailed({"item_count": ["Give the number of items uploaded"]})
    if not 1 <= item_count <= MAX_ITEMS:
        raise ValidationFailed({"item_count": [f"Give a number from 1 to {MAX_ITEMS}"]})
    with transaction.atomic():
        request = _owned_request_for_update(actor, request_id)
        _transition(request, "answer")
        request.answered_at = request.answered_at or clock.now()
        request.item_count = min(request.item_count + item_count, MAX_ITEMS)
        request.save(update_fields=["status", "answered_at", "item_count", "updated_at"])
        audit_record(
            actor=actor,
            action=FOOTAGE_REQUEST_ANSWERED,
            object_type="footage_request",
            object_id=request.pk,
            details={"items": item_count, "total_items": request.item_count},
        )
    return request


def footage_requests_expire(*, actor: Actor) -> int:
    """Mark as expired every open request whose expiry has passed (a background task)."""
    if not actor.is_system:
        raise PermissionDenied("only Lantern expires footage requests")
    now = clock.now()
    count = 0
    with transaction.atomic():
        due = FootageRequest.objects.select_for_update().filter(
            status__in=[FootageRequest.Status.SENT, FootageRequest.Status.SEEN],
            expires_at__lte=now,
        )
        for request in due:
            _transition(request, "expire")
            request.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action=FOOTAGE_REQUEST_EXPIRED,
                object_type="footage_request",
                object_id=request.pk,
            )
            count += 1
    return count
