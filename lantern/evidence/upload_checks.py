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
from lantern.evidence import scope
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


# The name given to a file whose client sent none (never "undefined").
DEFAULT_FILENAME = "upload"
# What JavaScript clients send for a value they did not have: Uppy's tus plugin turns every
# allowed meta field into a string, so a field the file lacks arrives as "undefined".
_NOT_A_NAME = frozenset({"undefined", "null"})


def clean_filename(raw: str) -> str:
    """A file's name as its sender gave it (metadata only: never used as a path), without
    surrounding spaces, at most 255 characters with its extension kept. "" when it names
    nothing: empty, or a JavaScript client's "undefined" or "null"."""
    name = raw.strip()
    if name.lower() in _NOT_A_NAME:
        return ""
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 16:
            return f"{stem[: 254 - len(extension)]}.{extension}"
        return name[:255]
    return name


def filename_from_metadata(meta: dict[str, str]) -> str:
    """The file's name from tus metadata: ``filename`` (tusd's key, which tuspy and Uppy's
    tus plugin send), else ``name`` (Uppy's own meta field); ``DEFAULT_FILENAME`` when
    neither names anything."""
    for key in ("filename", "name"):
        name = clean_filename(meta.get(key, ""))
        if name:
            return name
    return DEFAULT_FILENAME


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
    """What a signed-in uploader says the files are about, in the tus metadata: a footage
    request to their camera (link_kind "footage_request", link_id its id), or a report they
    made (link_kind "report"). Cases are never named here."""
    kind = metadata.get("link_kind", "").strip()
    raw_id = metadata.get("link_id", "").strip()
    if not kind and not raw_id:
        return None
    if kind not in (LinkKind.FOOTAGE_REQUEST, LinkKind.REPORT):
        raise UploadError(400, "Uploads can name a report or a footage request, nothing else")
    try:
        return kind, uuid.UUID(raw_id)
    except ValueError:
        what = "report" if kind == LinkKind.REPORT else "footage request"
        raise UploadError(400, f"The {what}'s id is not valid") from None


def partnership_from_metadata(metadata: dict[str, str]) -> uuid.UUID | None:
    """The partnership a member of staff in several chose for files about nothing else."""
    raw = metadata.get("partnership_id", "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise UploadError(400, "The partnership's id is not valid") from None


def upload_partnership(
    *,
    actor: Actor,
    link: tuple[str, uuid.UUID] | None,
    by_capability: bool,
    chosen: uuid.UUID | None,
) -> uuid.UUID:
    """The partnership of the item an upload will become (``lantern.evidence.scope``): the
    partnership of what it is about, or the uploader's own. A signed-in uploader naming a
    report must have made it (residents) or see it (staff). Refusals are UploadErrors."""
    try:
        if link is None:
            return scope.maker_partnership(actor, chosen)
        kind, target_id = link
        if by_capability or kind == LinkKind.FOOTAGE_REQUEST:  # checked on its own already
            return scope.link_partnership(kind, target_id)
        if actor.is_staff:
            return scope.staff_may_attach(actor, kind, target_id)
        if not scope.resident_may_attach(actor, kind, target_id):
            raise UploadError(404, "There is no such report of yours")
        return scope.link_partnership(kind, target_id)
    except NotFound:
        raise UploadError(404, "There is no such report") from None
    except ValidationFailed as exc:
        raise UploadError(400, next(iter(exc.errors.values()))[0]) from None


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
