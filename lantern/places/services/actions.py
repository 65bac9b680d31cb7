"""The places app's audit actions (declared once, here) and its limits."""

from __future__ import annotations

from typing import Any

from lantern.audit import catalogue
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can

E = catalogue.declare
AREA_CREATED = E("area.created", "A named area (a GeoJSON polygon) was created.")
AREA_UPDATED = E("area.updated", "A named area's name or polygon was changed.")
AREA_PUBLICITY_CHANGED = E(
    "area.publicity_changed",
    "A named area was made a public neighbourhood page, or taken off; details say which.",
)
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
CAMERA_DELETED = E(
    "camera.deleted",
    "A camera no footage was ever requested from was deleted because its owner closed their "
    "account.",
)
CAMERA_OWNER_DETAILS_REMOVED = E(
    "camera.owner_details_removed",
    "A camera's owner closed their account: the camera was taken off the register and the "
    "phone number given with it removed; kept for the footage requests made to it.",
)
FOOTAGE_DELETION_REMINDED = E(
    "camera.footage_deletion_reminded",
    "A camera's owner was reminded, at the retention period they declared, to delete footage "
    "no open footage request needs (details: the period, how many windows to keep, how told).",
)
FOOTAGE_DELETION_DONE = E(
    "camera.footage_deletion_done",
    "A camera's owner said they had deleted the footage a reminder asked them to delete.",
)

MAX_RANGE_M = 200
MAX_RETENTION_DAYS = 366
MAX_WINDOW_HOURS = 24  # a request asks for a specific incident, not a day's trawl
MAX_ITEMS = 10_000


def require(actor: Actor, permission: Permission, record: Any = None) -> None:
    if not can(actor, permission, record):
        raise PermissionDenied(f"{permission} refused")
