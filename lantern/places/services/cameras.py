"""The camera registry: owners register, change and remove their cameras. A camera belongs
to the partnership whose area holds it (``partnership_at``); a camera where no partnership
works yet is refused with a plain message, since no officer could ever ask it for footage."""

from __future__ import annotations

import math
import uuid
from typing import Any, TypeGuard

from django.db import transaction

from lantern.accounts.selectors import partnership_at
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.places.models import MAX_CLOCK_OFFSET_SECONDS, Camera
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
    "clock_offset_seconds",
    "contact_preference",
    "contact_phone",
)


# The numbers a registration gives: (lowest, highest, the message when it is not a number
# in that range). All but the position are kept as whole numbers, the direction as 0..359.
NUMBERS: dict[str, tuple[float, float, str]] = {
    "latitude": (-90, 90, "Enter a latitude between -90 and 90"),
    "longitude": (-180, 180, "Enter a longitude between -180 and 180"),
    "direction": (
        0,
        360,
        "Enter the direction as a whole number of degrees from 0 (north) to 359",
    ),
    "angle": (1, 360, "Enter the field of view in degrees, from 1 to 360"),
    "range_m": (1, MAX_RANGE_M, f"Enter how far the camera sees, from 1 to {MAX_RANGE_M} metres"),
    "retention_days": (
        1,
        MAX_RETENTION_DAYS,
        f"Enter how many days footage is kept, from 1 to {MAX_RETENTION_DAYS}",
    ),
}
WHOLE_NUMBERS = ("direction", "angle", "range_m", "retention_days")
YES_NO = {
    "records_audio": "Select whether the camera records sound",
    "covers_street": "Select whether the camera captures anything beyond your boundary",
}
MAX_BUSINESS_NAME = 150
MAX_LABEL = 80


def _clean_camera(data: dict[str, Any]) -> dict[str, Any]:
    """The registration fields checked and tidied, in CAMERA_FIELDS; every problem found is
    raised at once in one ValidationFailed, under its field."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        **_clean_owner(data, errors),
        "label": _clean_label(data.get("label"), errors),
        **_clean_numbers(data, errors),
        **_clean_yes_no(data, errors),
        "clock_offset_seconds": _clean_clock_offset(data.get("clock_offset_seconds"), errors),
        **_clean_contact(data, errors),
    }
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _clean_owner(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """A home or a business; a business camera gives the business's name (kept only then)."""
    kind = data.get("owner_kind")
    if kind not in Camera.OwnerKind.values:
        errors["owner_kind"] = ["Select whether the camera is at a home or a business"]
    business = (data.get("business_name") or "").strip()
    is_business = kind == Camera.OwnerKind.BUSINESS
    if is_business and not business:
        errors["business_name"] = ["Enter the business's name"]
    if len(business) > MAX_BUSINESS_NAME:
        errors["business_name"] = [
            f"The business name must be {MAX_BUSINESS_NAME} characters or fewer"
        ]
    return {"owner_kind": kind, "business_name": business if is_business else ""}


def _clean_label(value: Any, errors: dict[str, list[str]]) -> str:
    label = (value or "").strip()
    if not label:
        errors["label"] = ["Enter a name for the camera, like 'Front doorbell'"]
    elif len(label) > MAX_LABEL:
        errors["label"] = [f"The camera's name must be {MAX_LABEL} characters or fewer"]
    return label


def _clean_numbers(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Each of NUMBERS, or None (and an error) when it is not a number in its range."""
    numbers: dict[str, Any] = {}
    for field, (lowest, highest, message) in NUMBERS.items():
        value = data.get(field)
        if _is_number_between(value, lowest, highest):
            numbers[field] = round(value) if field in WHOLE_NUMBERS else value
        else:
            errors[field] = [message]
            numbers[field] = None
    if numbers["direction"] is not None:
        numbers["direction"] %= 360  # 360 degrees is north, as 0 is
    return numbers


def _is_number_between(value: Any, lowest: float, highest: float) -> TypeGuard[int | float]:
    """An int or a float (not a bool, not NaN or infinite) from lowest to highest."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and lowest <= value <= highest


def _clean_yes_no(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Each of YES_NO must be answered True or False."""
    for field, question in YES_NO.items():
        if not isinstance(data.get(field), bool):
            errors[field] = [question]
    return {field: data.get(field) for field in YES_NO}


CLOCK_OFFSET_MESSAGE = (
    "Enter how far the camera's clock is out as a whole number of seconds, like 180 if it "
    "runs 3 minutes fast or -60 if it is a minute slow, or leave it empty"
)


def _clean_clock_offset(value: Any, errors: dict[str, list[str]]) -> int | None:
    """How far the camera's clock is ahead (seconds, negative when behind), or None when the
    owner does not say. Optional: most owners do not know."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        errors["clock_offset_seconds"] = [CLOCK_OFFSET_MESSAGE]
        return None
    if abs(value) > MAX_CLOCK_OFFSET_SECONDS:
        errors["clock_offset_seconds"] = [
            "The clock offset must be at most ten years (315,360,000 seconds) either way"
        ]
        return None
    return value


def _clean_contact(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """How to contact the owner; a phone number (kept only when that is the choice) is
    10 to 15 digits, perhaps after a +, with spaces, dashes and brackets taken out."""
    preference = data.get("contact_preference")
    if preference not in Camera.Contact.values:
        errors["contact_preference"] = ["Select how we should contact you"]
    if preference != Camera.Contact.PHONE:
        return {"contact_preference": preference, "contact_phone": ""}
    phone = "".join(ch for ch in str(data.get("contact_phone") or "") if ch not in " -()")
    digits = phone.removeprefix("+")
    if not digits.isdigit() or not 10 <= len(digits) <= 15:
        errors["contact_phone"] = ["Enter a phone number, like 01632 960 001 or +44 7700 900 982"]
    return {"contact_preference": preference, "contact_phone": phone}


NOT_SERVED = (
    "Lantern does not serve this place yet, so no officer could ask this camera for footage. "
    "If something has happened, report it to the police on 101 or to your council"
)


def _partnership_of_place(cleaned: dict[str, Any]) -> uuid.UUID:
    """The partnership whose area holds the camera; ValidationFailed when none does."""
    found = partnership_at(cleaned["latitude"], cleaned["longitude"])
    if found is None:
        raise ValidationFailed({"latitude": [NOT_SERVED]})
    return found.pk


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
    partnership_id = _partnership_of_place(cleaned)
    with transaction.atomic():
        camera = Camera.objects.create(
            owner_id=actor.user_id,
            partnership_id=partnership_id,
            guidance_acknowledged_at=clock.now(),
            **cleaned,
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
    """The owner changes their camera's registration (any of the registration fields). A
    camera moved is filed again under the partnership of its new place (its past footage
    requests follow it); a move to a place no partnership serves is refused."""
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
        if {"latitude", "longitude"} & set(changed):
            camera.partnership_id = _partnership_of_place(cleaned)
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
