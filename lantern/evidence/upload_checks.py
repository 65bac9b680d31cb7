"""What a tus upload says about itself before any bytes arrive: the Upload-Metadata header
(capture details, and the footage request a signed-in camera owner answers), and whether an
upload against a footage request may start at all. ``UploadError`` is a refusal with the HTTP
status to answer with."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.evidence.models import DeviceKind, LinkKind
from lantern.places.models import FootageRequest
from lantern.places.selectors import footage_request_get


class UploadError(Exception):
    """A tus request that must be refused: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- capture details from tus metadata --------------------------------------------------------


@dataclass(frozen=True)
class Capture:
    device_kind: str = ""
    claimed_capture_at: datetime | None = None
    clock_offset_seconds: int | None = None
    audio_recorded: bool | None = None


def parse_metadata(header: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated "key base64value" pairs."""
    result: dict[str, str] = {}
    if not header:
        return result
    if len(header) > 8192:
        raise UploadError(400, "Upload-Metadata is too long")
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if not parts[0] or len(parts) > 2:
            raise UploadError(400, "Upload-Metadata is not in the tus format")
        key = parts[0]
        try:
            value = base64.b64decode(parts[1], validate=True).decode() if len(parts) == 2 else ""
        except (ValueError, UnicodeDecodeError):
            raise UploadError(400, f"Upload-Metadata value of {key!r} is not base64") from None
        result[key] = value
    return result


def capture_from_metadata(meta: dict[str, str]) -> Capture:
    errors: dict[str, list[str]] = {}
    device = meta.get("device_kind", "").strip().lower()
    if device and device not in DeviceKind.values:
        errors["device_kind"] = ["Choose doorbell, CCTV, phone, dashcam or other"]
    captured: datetime | None = None
    if meta.get("captured_at"):
        try:
            captured = datetime.fromisoformat(meta["captured_at"].strip())
        except ValueError:
            errors["captured_at"] = ["Give the capture time as a date and time"]
        else:
            if captured.tzinfo is None:
                captured = captured.replace(tzinfo=ZoneInfo("Europe/London"))
    offset: int | None = None
    if meta.get("clock_offset_seconds", "").strip():
        try:
            offset = int(meta["clock_offset_seconds"])
        except ValueError:
            errors["clock_offset_seconds"] = ["Give the clock offset in whole seconds"]
        else:
            if abs(offset) > 10 * 365 * 24 * 3600:
                errors["clock_offset_seconds"] = ["The clock offset is too large"]
    audio_text = meta.get("audio", "").strip().lower()
    audio = {"yes": True, "true": True, "no": False, "false": False, "": None}.get(audio_text)
    if audio_text not in ("yes", "true", "no", "false", "", "unknown"):
        errors["audio"] = ["Say yes, no or unknown for audio"]
    if errors:
        raise ValidationFailed(errors)
    return Capture(device, captured, offset, audio)


# --- links ---------------------------------------------------------------------------------------


def link_from_metadata(metadata: dict[str, str]) -> tuple[str, uuid.UUID] | None:
    """A signed-in camera owner answering a footage request names it in the tus metadata
    (link_kind "footage_request", link_id its id). Reports are reached through their upload
    capability instead, so no other kind is accepted here."""
    kind = metadata.get("link_kind", "").strip()
    raw_id = metadata.get("link_id", "").strip()
    if not kind and not raw_id:
        return None
    if kind != LinkKind.FOOTAGE_REQUEST:
        raise UploadError(400, "Uploads can name a footage request here, nothing else")
    try:
        return kind, uuid.UUID(raw_id)
    except ValueError:
        raise UploadError(400, "The footage request's id is not valid") from None


def footage_request_check(*, actor: Actor, request_id: uuid.UUID, by_capability: bool) -> None:
    """Refuse (UploadError) an upload against a footage request unless the uploader is the
    camera's owner (signed in, or holding the request's upload capability) and the request
    is still open (sent, seen, or already answered with other files) and not expired."""
    try:
        request = footage_request_get(actor=SYSTEM if by_capability else actor, id=request_id)
    except NotFound:
        raise UploadError(404, "There is no such footage request for your cameras") from None
    if not by_capability and not can(actor, Permission.FOOTAGE_REQUEST_RESPOND, request):
        raise UploadError(403, "Only the camera's owner can upload footage for this request")
    status = FootageRequest.Status
    if request.status == status.DECLINED:
        raise UploadError(
            409, "You declined this request, so it is closed: ask the officer to send a new one"
        )
    if request.status == status.EXPIRED or request.expires_at <= clock.now():
        raise UploadError(
            410, "This request has expired: the camera no longer keeps footage from that time"
        )
    if request.status not in (status.SENT, status.SEEN, status.ANSWERED):
        raise UploadError(409, "This request is closed: it cannot take uploads")
