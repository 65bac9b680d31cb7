"""Every write to places data: areas, cameras and footage requests, each with its audit
event in the same transaction. Details carry ids, codes and counts only.

Other apps call: ``footage_request_mark_answered(actor=, request_id=, item_count=)`` (the
evidence app, when an upload linked to a footage request completes), and
``gazetteer_add(actor=, source=, points=)`` (the analytics app, after a police.uk import).
"""

from lantern.places.services.actions import (
    AREA_CREATED,
    AREA_PUBLICITY_CHANGED,
    AREA_UPDATED,
    CAMERA_DELETED,
    CAMERA_DEREGISTERED,
    CAMERA_OWNER_DETAILS_REMOVED,
    CAMERA_REGISTERED,
    CAMERA_UPDATED,
    FOOTAGE_DELETION_DONE,
    FOOTAGE_DELETION_REMINDED,
    FOOTAGE_REQUEST_ANSWERED,
    FOOTAGE_REQUEST_DECLINED,
    FOOTAGE_REQUEST_EXPIRED,
    FOOTAGE_REQUEST_SEEN,
    FOOTAGE_REQUEST_SENT,
    MAX_ITEMS,
    MAX_RANGE_M,
    MAX_RETENTION_DAYS,
    MAX_WINDOW_HOURS,
)
from lantern.places.services.areas import area_create, area_set_public, area_update
from lantern.places.services.cameras import (
    CAMERA_FIELDS,
    camera_deregister,
    camera_register,
    camera_update,
)
from lantern.places.services.closing import cameras_close_for_owner
from lantern.places.services.footage import (
    footage_request_decline,
    footage_request_mark_answered,
    footage_request_mark_seen,
    footage_request_send,
    footage_requests_expire,
)
from lantern.places.services.gazetteer import GAZETTEER_LOADED, NamedPoint, gazetteer_add
from lantern.places.services.reminders import (
    footage_deletion_done,
    footage_deletion_reminders_send,
)

__all__ = [
    "AREA_CREATED",
    "AREA_PUBLICITY_CHANGED",
    "AREA_UPDATED",
    "CAMERA_DELETED",
    "CAMERA_DEREGISTERED",
    "CAMERA_FIELDS",
    "CAMERA_OWNER_DETAILS_REMOVED",
    "CAMERA_REGISTERED",
    "CAMERA_UPDATED",
    "FOOTAGE_DELETION_DONE",
    "FOOTAGE_DELETION_REMINDED",
    "FOOTAGE_REQUEST_ANSWERED",
    "FOOTAGE_REQUEST_DECLINED",
    "FOOTAGE_REQUEST_EXPIRED",
    "FOOTAGE_REQUEST_SEEN",
    "FOOTAGE_REQUEST_SENT",
    "GAZETTEER_LOADED",
    "MAX_ITEMS",
    "MAX_RANGE_M",
    "MAX_RETENTION_DAYS",
    "MAX_WINDOW_HOURS",
    "NamedPoint",
    "area_create",
    "area_set_public",
    "area_update",
    "camera_deregister",
    "camera_register",
    "camera_update",
    "cameras_close_for_owner",
    "footage_deletion_done",
    "footage_deletion_reminders_send",
    "footage_request_decline",
    "footage_request_mark_answered",
    "footage_request_mark_seen",
    "footage_request_send",
    "footage_requests_expire",
    "gazetteer_add",
]
