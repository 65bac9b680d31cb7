"""The camera registry: owners register, change and remove their cameras."""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.places.models import Camera
from lantern.places.services.actions import (
    CAMERA_DEREGISTERED,
    CAMERA_REGISTERED,
    CAMERA_UPDATED,
    MAX_RANGE_M,
    MAX_RETENTION_DAYS,
    require,
)

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
    require(actor, Permission.CAMERA_REGISTER)
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
    require(actor, Permission.CAMERA_REGISTER)
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
    require(actor, Permission.CAMERA_REGISTER)
    with transaction.atomic():
        camera = _own_camera_for_update(actor, camera_id)
        camera.active = False
        camera.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor, action=CAMERA_DEREGISTERED, object_type="camera", object_id=camera.pk
        )
    return camera
