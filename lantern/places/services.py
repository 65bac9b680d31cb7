"""Every write to places data: areas, cameras and footage requests, each with its audit
event in the same transaction. Details carry ids, codes and counts only."""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.places import geometry, workflow
from lantern.places.models import Area, Camera, FootageRequest

E = catalogue.declare
AREA_CREATED = E("area.created", "A named area (a GeoJSON polygon) was created.")
AREA_UPDATED = E("area.updated", "A named area's name or polygon was changed.")
CAMERA_REGISTERED = E(
    "camera.registered",
    "A resident or business registered a camera; details flag audio and street coverage.",
)
CAMERA_UPDATED = E("camera.updated", "A camera's owner changed its registration.")
CAMERA_DEREGISTERED = E("camera.deregistered", "A camera's owner removed it from the registry.")
FOOTAGE_REQUEST_SENT = E(
    "footage_request.sent", "An officer asked a camera's owner for footage of a time window."
)
FOOTAGE_REQUEST_SEEN = E("footage_request.seen", "The camera's owner opened a footage request.")
FOOTAGE_REQUEST_DECLINED = E(
    "footage_request.declined", "The camera's owner declined a footage request."
)
FOOTAGE_REQUEST_ANSWERED = E(
    "footage_request.answered", "Footage was uploaded against a footage request."
)
FOOTAGE_REQUEST_EXPIRED = E(
    "footage_request.expired",
    "A footage request lapsed: the camera's retention has passed the end of its window.",
)

MAX_RANGE_M = 200
MAX_RETENTION_DAYS = 366
MAX_WINDOW_HOURS = 24  # a request asks for a specific incident, not a day's trawl
MAX_ITEMS = 10_000


def _require(actor: Actor, permission: Permission, record: Any = None) -> None:
    if not can(actor, permission, record):
        raise PermissionDenied(f"{permission} refused")


# --- areas ------------------------------------------------------------------------------------


def _clean_area(name: str, geojson: Any) -> tuple[str, Any, tuple[float, float, float, float]]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["Enter the area's name"]
    elif len(name) > 120:
        errors["name"] = ["The name must be 120 characters or fewer"]
    bounds = (0.0, 0.0, 0.0, 0.0)
    try:
        shape = geometry.parse_area_geojson(geojson)
        bounds = shape.bounds
    except geometry.InvalidGeometry as exc:
        errors["geojson"] = [str(exc)]
    if errors:
        raise ValidationFailed(errors)
    return name, shape.__geo_interface__, bounds


def area_create(*, actor: Actor, name: str, geojson: Any) -> Area:
    _require(actor, Permission.AREA_MANAGE)
    name, geo, (min_lng, min_lat, max_lng, max_lat) = _clean_area(name, geojson)
    with transaction.atomic():
        if Area.objects.filter(name__iexact=name).exists():
            raise ValidationFailed({"name": ["An area with this name already exists"]})
        area = Area.objects.create(
            name=name,
            geojson=_jsonable(geo),
            min_lat=min_lat,
            min_lng=min_lng,
            max_lat=max_lat,
            max_lng=max_lng,
        )
        audit_record(actor=actor, action=AREA_CREATED, object_type="area", object_id=area.pk)
    return area


def area_update(*, actor: Actor, area_id: uuid.UUID, name: str, geojson: Any) -> Area:
    _require(actor, Permission.AREA_MANAGE)
    name, geo, (min_lng, min_lat, max_lng, max_lat) = _clean_area(name, geojson)
    with transaction.atomic():
        area = Area.objects.select_for_update().filter(pk=area_id).first()
        if area is None:
            raise NotFound("area")
        if Area.objects.filter(name__iexact=name).exclude(pk=area.pk).exists():
            raise ValidationFailed({"name": ["An area with this name already exists"]})
        area.name, area.geojson = name, _jsonable(geo)
        area.min_lat, area.min_lng, area.max_lat, area.max_lng = min_lat, min_lng, max_lat, max_lng
        area.save()
        audit_record(actor=actor, action=AREA_UPDATED, object_type="area", object_id=area.pk)
    return area


def _jsonable(value: Any) -> Any:
    """Shapely's __geo_interface__ uses tuples; store plain lists."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# --- cameras ----------------------------------------------------------------------------------

CAMERA_FIELDS = (
    "owner_kind",
    "business_name",
    "label",
    "latitude",
    "longitude",
    "direction",
    "angle",
    "range_m",
    "records_audio",
    "covers_street",
    "retention_days",
    "contact_preference",
    "contact_phone",
)


def _number(errors: dict, field: str, value: Any, lo: float, hi: float, message: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        errors[field] = [message]
        return None
    if not lo <= value <= hi:
        errors[field] = [message]
        return None
    return value


def _clean_camera(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    if data.get("owner_kind") not in Camera.OwnerKind.values:
        errors["owner_kind"] = ["Select whether the camera is at a home or a business"]
    out["owner_kind"] = data.get("owner_kind")
    business = (data.get("business_name") or "").strip()
    if out["owner_kind"] == Camera.OwnerKind.BUSINESS and not business:
        errors["business_name"] = ["Enter the business's name"]
    if len(business) > 150:
        errors["business_name"] = ["The business name must be 150 characters or fewer"]
    out["business_name"] = business if out["owner_kind"] == Camera.OwnerKind.BUSINESS else ""
    label = (data.get("label") or "").strip()
    if not label:
        errors["label"] = ["Enter a name for the camera, like 'Front doorbell'"]
    elif len(label) > 80:
        errors["label"] = ["The camera's name must be 80 characters or fewer"]
    out["label"] = label
    out["latitude"] = _number(
        errors, "latitude", data.get("latitude"), -90, 90, "Enter a latitude between -90 and 90"
    )
    out["longitude"] = _number(
        errors,
        "longitude",
        data.get("longitude"),
        -180,
        180,
        "Enter a longitude between -180 and 180",
    )
    direction = _number(
        errors,
        "direction",
        data.get("direction"),
        0,
        360,
        "Enter the direction as a whole number of degrees from 0 (north) to 359",
    )
    out["direction"] = None if direction is None else round(direction) % 360
    out["angle"] = _number(
        errors,
        "angle",
        data.get("angle"),
        1,
        360,
        "Enter the field of view in degrees, from 1 to 360",
    )
    out["range_m"] = _number(
        errors,
        "range_m",
        data.get("range_m"),
        1,
        MAX_RANGE_M,
        f"Enter how far the camera sees, from 1 to {MAX_RANGE_M} metres",
    )
    out["retention_days"] = _number(
        errors,
        "retention_days",
        data.get("retention_days"),
        1,
        MAX_RETENTION_DAYS,
        f"Enter how many days footage is kept, from 1 to {MAX_RETENTION_DAYS}",
    )
    for field, question in (
        ("records_audio", "Select whether the camera records sound"),
        ("covers_street", "Select whether the camera captures anything beyond your boundary"),
    ):
        if not isinstance(data.get(field), bool):
            errors[field] = [question]
        out[field] = data.get(field)
    if data.get("contact_preference") not in Camera.Contact.values:
        errors["contact_preference"] = ["Select how we should contact you"]
    out["contact_preference"] = data.get("contact_preference")
    phone = "".join(ch for ch in str(data.get("contact_phone") or "") if ch not in " -()")
    if out["contact_preference"] == Camera.Contact.PHONE:
        digits = phone[1:] if phone.startswith("+") else phone
        if not digits.isdigit() or not 10 <= len(digits) <= 15:
            errors["contact_phone"] = [
                "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
            ]
    out["contact_phone"] = phone if out["contact_preference"] == Camera.Contact.PHONE else ""
    for field in ("angle", "range_m", "retention_days"):
        if out[field] is not None:
            out[field] = round(out[field])
    if errors:
        raise ValidationFailed(errors)
    return out


def camera_register(*, actor: Actor, guidance_acknowledged: bool, **fields: Any) -> Camera:
    """A resident registers a camera (for their home or their business). They must have
    been shown the ICO guidance on domestic CCTV (DOMAIN.md 7.4) and said they read it."""
    _require(actor, Permission.CAMERA_REGISTER)
    assert actor.user_id is not None  # noqa: S101  (residents are signed-in people)
    unknown = set(fields) - set(CAMERA_FIELDS)
    if unknown:
        raise TypeError(f"unknown camera fields: {sorted(unknown)}")
    data = dict(fields)
    try:
        cleaned = _clean_camera(data)
    except ValidationFailed as exc:
        if not guidance_acknowledged:
            exc.errors["guidance_acknowledged"] = [_ACK_MESSAGE]
        raise
    if not guidance_acknowledged:
        raise ValidationFailed({"guidance_acknowledged": [_ACK_MESSAGE]})
    with transaction.atomic():
        camera = Camera.objects.create(
            owner_id=actor.user_id, guidance_acknowledged_at=clock.now(), **cleaned
        )
        audit_record(
            actor=actor,
            action=CAMERA_REGISTERED,
            object_type="camera",
            object_id=camera.pk,
            details=_camera_details(camera),
        )
    return camera


_ACK_MESSAGE = "Confirm that you have read the guidance on using cameras at home"


def _camera_details(camera: Camera) -> dict[str, Any]:
    return {
        "owner_kind": camera.owner_kind,
        "records_audio": camera.records_audio,
        "covers_street": camera.covers_street,
        "retention_days": camera.retention_days,
    }


def _own_camera_for_update(actor: Actor, camera_id: uuid.UUID) -> Camera:
    camera = Camera.objects.select_for_update().filter(pk=camera_id, active=True).first()
    if camera is None or not can(actor, Permission.CAMERA_REGISTER, camera):
        raise NotFound("camera")
    return camera


def camera_update(*, actor: Actor, camera_id: uuid.UUID, **fields: Any) -> Camera:
    """The owner changes their camera's registration (any of the registration fields)."""
    _require(actor, Permission.CAMERA_REGISTER)
    unknown = set(fields) - set(CAMERA_FIELDS)
    if unknown:
        raise TypeError(f"unknown camera fields: {sorted(unknown)}")
    with transaction.atomic():
        camera = _own_camera_for_update(actor, camera_id)
        data = {field: getattr(camera, field) for field in CAMERA_FIELDS}
        data.update(fields)
        cleaned = _clean_camera(data)
        changed = sorted(f for f in CAMERA_FIELDS if getattr(camera, f) != cleaned[f])
        for field, value in cleaned.items():
            setattr(camera, field, value)
        camera.save()
        audit_record(
            actor=actor,
            action=CAMERA_UPDATED,
            object_type="camera",
            object_id=camera.pk,
            details={**_camera_details(camera), "fields": changed},
        )
    return camera


def camera_deregister(*, actor: Actor, camera_id: uuid.UUID) -> Camera:
    """The owner removes the camera; its past footage requests stay on record."""
    _require(actor, Permission.CAMERA_REGISTER)
    with transaction.atomic():
        camera = _own_camera_for_update(actor, camera_id)
        camera.active = False
        camera.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor, action=CAMERA_DEREGISTERED, object_type="camera", object_id=camera.pk
        )
    return camera


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
    """An officer asks a camera's owner for footage of a time window, for a report.

    The window is at most ``MAX_WINDOW_HOURS`` long, already past, and some of it must still
    be within the camera's retention. The request expires when the retention has passed the
    end of the window (by then the owner no longer holds any of it)."""
    _require(actor, Permission.FOOTAGE_REQUEST_SEND)
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
        camera = Camera.objects.select_for_update().filter(pk=camera_id, active=True).first()
        if camera is None or not can(actor, Permission.FOOTAGE_REQUEST_SEND, camera):
            raise NotFound("camera")
        expires_at = end + timedelta(days=camera.retention_days)
        if expires_at <= now:
            raise RuleRefused(
                "FOOTAGE_RETAINED",
                f"This camera keeps footage for {camera.retention_days} days: none of this "
                "window is still held, so the owner cannot supply it.",
                "The camera's registered retention period (owner's declaration)",
            )
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
    if not workflow.allowed(request, name):
        raise RuleRefused(
            "FOOTAGE_REQUEST_STATUS",
            f"This request is {request.get_status_display().lower()}: it cannot be "
            f"{workflow.TRANSITIONS[name].label.lower()} now.",
            "Lantern's footage request workflow (lantern/places/workflow.py)",
        )
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
