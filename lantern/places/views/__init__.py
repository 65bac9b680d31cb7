"""Camera registration, my cameras, the officers' camera search, and footage requests.
Thin: parse, call a service or selector, render."""

from lantern.places.views.cameras import (
    camera_detail,
    camera_edit,
    camera_footage_deleted,
    camera_list,
    camera_register,
    camera_remove,
    camera_search,
)
from lantern.places.views.requests import (
    request_decline,
    request_detail,
    request_list,
    request_new,
    request_sent_list,
)

__all__ = [
    "camera_detail",
    "camera_edit",
    "camera_footage_deleted",
    "camera_list",
    "camera_register",
    "camera_remove",
    "camera_search",
    "request_decline",
    "request_detail",
    "request_list",
    "request_new",
    "request_sent_list",
]
