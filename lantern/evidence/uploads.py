"""Resumable uploads (the server side of tus 1.0): start, append, finish, cancel, expire.

Bytes go to a partial file named by the upload's id under ``LANTERN_UPLOAD_DIR``; the
database row's ``offset`` is the truth, and each append first cuts the file back to it, so a
request that died half-way leaves nothing unaccounted for. SHA-256 is computed while the bytes
arrive. The hash state stays in this process between requests (``_HASHERS``); if another
process (or a restart) took the upload over, the partial file is re-hashed once, streaming.
Memory never grows with the file: bodies are read in chunks of ``CHUNK`` bytes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.evidence import services
from lantern.evidence.blobstore import BlobStoreError
from lantern.evidence.filetypes import HEAD_BYTES, classify
from lantern.evidence.models import EvidenceItem, LinkKind, Upload
from lantern.evidence.upload_checks import (
    UploadError,
    capture_from_metadata,
    footage_request_check,
    link_from_metadata,
)
from lantern.places.services import footage_request_mark_answered

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
DEFAULT_MAX_BYTES = 4 * 1024**3


def max_bytes() -> int:
    return int(getattr(settings, "LANTERN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def expiry() -> timedelta:
    return timedelta(hours=int(getattr(settings, "LANTERN_UPLOAD_EXPIRY_HOURS", 24)))


def upload_dir() -> Path:
    path = Path(getattr(settings, "LANTERN_UPLOAD_DIR", Path(settings.VAR_DIR) / "uploads"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def partial_path(upload_id: uuid.UUID) -> Path:
    return upload_dir() / f"{uuid.UUID(str(upload_id)).hex}.part"


# --- hash state kept between requests in this process ----------------------------------------

_HASHERS: dict[uuid.UUID, tuple[int, Any]] = {}
_HASHERS_LOCK = threading.Lock()


def _hasher_at(upload_id: uuid.UUID, offset: int, path: Path) -> Any:
    with _HASHERS_LOCK:
        cached = _HASHERS.get(upload_id)
    if cached is not None and cached[0] == offset:
        return cached[1]
    hasher = hashlib.sha256()  # this process lost the state: re-hash the partial bytes once
    remaining = offset
    with path.open("rb") as f:
        while remaining > 0 and (chunk := f.read(min(CHUNK, remaining))):
            hasher.update(chunk)
            remaining -= len(chunk)
    return hasher


def _remember(upload_id: uuid.UUID, offset: int, hasher: Any) -> None:
    with _HASHERS_LOCK:
        _HASHERS[upload_id] = (offset, hasher)


def _forget(upload_id: uuid.UUID) -> None:
    with _HASHERS_LOCK:
        _HASHERS.pop(upload_id, None)


# --- the services -------------------------------------------------------------------------------


def upload_create(
    *,
    actor: Actor,
    length: int,
    metadata: dict[str, str],
    token: str = "",
) -> Upload:
    """Start an upload. A signed-in actor owns it; otherwise ``token`` (an upload capability)
    must be valid, and the upload is attached to the record the capability names."""
    if length < 0:
        raise UploadError(400, "Upload-Length must be a whole number of bytes")
    if length > max_bytes():
        raise UploadError(413, f"Files may be at most {max_bytes()} bytes")
    link_kind, link_id, digest = "", None, ""
    if token:
        grant = services.upload_token_read(token)
        if grant is None:
            raise UploadError(401, "The upload link has expired or is not valid")
        link_kind, link_id = grant
        digest = services.token_digest(token)
    elif actor.user_id is None:
        raise UploadError(401, "Sign in, or use the upload link from your report")
    asked = link_from_metadata(metadata)
    if asked is not None:
        if token and asked != (link_kind, link_id):
            raise UploadError(403, "This upload link is for something else: use the right link")
        link_kind, link_id = asked
    if link_kind == LinkKind.FOOTAGE_REQUEST and link_id is not None:
        # Before any bytes arrive: is this upload an answer this uploader may give?
        footage_request_check(actor=actor, request_id=link_id, by_capability=bool(token))
    try:
        capture = capture_from_metadata(metadata)
    except ValidationFailed as exc:
        raise UploadError(400, str(exc)) from None
    with transaction.atomic():
        upload = Upload.objects.create(
            owner_id=actor.user_id,
            token_digest=digest,
            link_kind=link_kind,
            link_id=link_id,
            length=length,
            expires_at=clock.now() + expiry(),
            filename=metadata.get("filename", "")[:255],
            client_type=metadata.get("filetype", "")[:100],
            device_kind=capture.device_kind,
            claimed_capture_at=capture.claimed_capture_at,
            clock_offset_seconds=capture.clock_offset_seconds,
            audio_recorded=capture.audio_recorded,
        )
        audit_record(
            actor=actor,
            action=services.UPLOAD_STARTED,
            object_type=services.UPLOAD,
            object_id=upload.pk,
            details={"bytes": length, "link_kind": link_kind},
        )
    partial_path(upload.pk).touch(exist_ok=False)
    _remember(upload.pk, 0, hashlib.sha256())
    _sweep_soon()
    return upload


def _sweep_soon() -> None:
    """Each new upload asks the background worker to delete abandoned partial uploads, so
    expiry needs no scheduler (the sweep is one indexed query when nothing is stale)."""
    from lantern.evidence.tasks import expire_uploads

    transaction.on_commit(expire_uploads.enqueue)


ReadFn = Callable[[int], bytes]


def upload_append(
    *,
    actor: Actor,
    upload: Upload,
    offset: int,
    read: ReadFn,
    content_length: int | None,
    checksum: tuple[str, bytes] | None = None,
) -> Upload:
    """Append the bytes of one PATCH at ``offset``; finish the upload when it is whole.
    ``read(n)`` gives at most n bytes of the body (b"" at its end or when the client went)."""
    if upload.status == Upload.Status.COMPLETE:
        raise UploadError(403, "This upload is already complete")
    if upload.status == Upload.Status.REJECTED:
        raise UploadError(415, upload.problem or "This file was not accepted")
    if upload.expires_at <= clock.now():
        raise UploadError(410, "This upload has expired: start again")
    if offset != upload.offset:
        raise UploadError(409, f"Upload-Offset must be {upload.offset}")
    if content_length is not None and offset + content_length > upload.length:
        raise UploadError(413, "The body goes past the declared Upload-Length")
    if checksum is not None and checksum[0] != "sha256":
        raise UploadError(400, "Only sha256 checksums are supported")
    path = partial_path(upload.pk)
    if not path.exists():
        raise UploadError(410, "This upload's bytes are gone: start again")
    with path.open("r+b") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UploadError(423, "Another request is appending to this upload") from None
        upload.refresh_from_db()
        if offset != upload.offset:
            raise UploadError(409, f"Upload-Offset must be {upload.offset}")
        f.truncate(upload.offset)  # bytes past the recorded offset were never accounted for
        f.seek(upload.offset)
        hasher = _hasher_at(upload.pk, upload.offset, path)
        before = hasher.copy() if checksum is not None else None
        chunk_hash = hashlib.sha256() if checksum is not None else None
        wanted = upload.length - upload.offset if content_length is None else content_length
        received = 0
        try:
            while received < wanted:
                try:
                    chunk = read(min(CHUNK, wanted - received))
                except OSError:
                    chunk = b""  # the client went away: keep what arrived
                if not chunk:
                    break
                f.write(chunk)
                hasher.update(chunk)
                if chunk_hash is not None:
                    chunk_hash.update(chunk)
                received += len(chunk)
        except OSError as exc:  # the disk filled up: drop this request's bytes
            f.truncate(upload.offset)
            _forget(upload.pk)
            raise UploadError(507, "The server's disk is full: try again later") from exc
        if checksum is not None and (
            chunk_hash is None or chunk_hash.digest() != checksum[1] or received != wanted
        ):
            f.truncate(upload.offset)
            _remember(upload.pk, upload.offset, before)
            raise UploadError(460, "Checksum mismatch: the bytes were not what was sent")
        f.flush()
        new_offset = upload.offset + received
        Upload.objects.filter(pk=upload.pk).update(offset=new_offset)
        upload.offset = new_offset
        _remember(upload.pk, new_offset, hasher)
    if upload.offset == upload.length:
        upload_finish(actor=actor, upload=upload)
    elif upload.offset - received < HEAD_BYTES <= upload.offset:
        _refuse_early(actor=actor, upload=upload, path=path)
    return upload


def _refuse_early(*, actor: Actor, upload: Upload, path: Path) -> None:
    """Once the first bytes are in, a file of a refused type is stopped there, so nobody
    sends gigabytes of something Lantern would not keep."""
    with path.open("rb") as f:
        verdict = classify(f.read(HEAD_BYTES))
    if verdict.accepted:
        return
    _reject(actor=actor, upload=upload, reason=verdict.reason, sha256="")
    raise UploadError(415, verdict.reason)


def _reject(*, actor: Actor, upload: Upload, reason: str, sha256: str) -> None:
    with transaction.atomic():
        Upload.objects.filter(pk=upload.pk).update(
            status=Upload.Status.REJECTED, problem=reason[:300]
        )
        audit_record(
            actor=actor,
            action=services.UPLOAD_REJECTED,
            object_type=services.UPLOAD,
            object_id=upload.pk,
            details={"reason": "file_type", "sha256": sha256},
        )
    _discard(upload.pk)


def upload_finish(*, actor: Actor, upload: Upload) -> EvidenceItem:
    """All bytes are here: decide the type by content, store the blob, make the item."""
    path = partial_path(upload.pk)
    hasher = _hasher_at(upload.pk, upload.offset, path)
    sha256 = hasher.hexdigest()
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    verdict = classify(head)
    if not verdict.accepted:
        _reject(actor=actor, upload=upload, reason=verdict.reason, sha256=sha256)
        raise UploadError(415, verdict.reason)
    try:
        item = services.item_create_from_upload(
            actor=actor,
            source=path,
            sha256=sha256,
            size=upload.length,
            verdict=verdict,
            filename=upload.filename,
            submitted_by=upload.owner_id,
            token_digest=upload.token_digest,
            device_kind=upload.device_kind,
            claimed_capture_at=upload.claimed_capture_at,
            clock_offset_seconds=upload.clock_offset_seconds,
            audio_recorded=upload.audio_recorded,
            link_kind=upload.link_kind,
            link_id=upload.link_id,
            upload_id=upload.pk,
            move=True,  # the partial file is not needed once stored
        )
    except BlobStoreError as exc:
        with transaction.atomic():
            Upload.objects.filter(pk=upload.pk).update(
                status=Upload.Status.FAILED, problem=exc.message[:300]
            )
            audit_record(
                actor=actor,
                action=services.UPLOAD_FAILED,
                object_type=services.UPLOAD,
                object_id=upload.pk,
                details={"sha256": sha256},
            )
        # The partial bytes stay until expiry: a PATCH of nothing at the end retries storing.
        raise UploadError(503, exc.message) from exc
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.COMPLETE, item=item, problem="")
    upload.status, upload.item = Upload.Status.COMPLETE, item
    transaction.on_commit(lambda: _discard(upload.pk))
    if upload.link_kind == LinkKind.FOOTAGE_REQUEST and upload.link_id:
        _answer_footage_request(actor=actor, request_id=upload.link_id)
    return item


def _answer_footage_request(*, actor: Actor, request_id: uuid.UUID) -> None:
    """Tell places that the camera's owner answered the request with one more item. The
    owner is the actor when signed in; someone with only the request's upload capability
    answers through Lantern (the capability, checked at creation, is the authority). The
    item is already stored and linked: a request that can no longer be answered (withdrawn)
    keeps the item, and the upload still succeeds."""
    try:
        footage_request_mark_answered(
            actor=actor if actor.user_id is not None else SYSTEM,
            request_id=request_id,
            item_count=1,
        )
    except (NotFound, RuleRefused) as exc:
        logger.warning("footage request %s not marked answered: %s", request_id, exc)


def upload_retry_store(*, actor: Actor, upload: Upload) -> EvidenceItem:
    """An upload whose bytes all arrived but could not be stored: try storing them again."""
    if upload.status != Upload.Status.FAILED or upload.offset != upload.length:
        raise UploadError(409, "Nothing to retry for this upload")
    return upload_finish(actor=actor, upload=upload)


def upload_terminate(*, actor: Actor, upload: Upload) -> None:
    """The uploader cancelled: forget the partial bytes (tus termination)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=services.UPLOAD_TERMINATED,
            object_type=services.UPLOAD,
            object_id=upload.pk,
            details={"received": upload.offset},
        )
        if upload.status != Upload.Status.COMPLETE:
            Upload.objects.filter(pk=upload.pk).delete()
    _discard(upload.pk)


def uploads_expire(*, actor: Actor, now: datetime | None = None) -> int:
    """Delete the partial bytes of uploads past their expiry time. Returns how many."""
    now = now or clock.now()
    stale = list(
        Upload.objects.filter(expires_at__lte=now)
        .exclude(status=Upload.Status.COMPLETE)
        .values_list("pk", flat=True)[:1000]
    )
    if not stale:
        return 0
    with transaction.atomic():
        Upload.objects.filter(pk__in=stale).delete()
        audit_record(
            actor=actor,
            action=services.UPLOADS_EXPIRED,
            object_type=services.UPLOAD,
            details={"count": len(stale)},
        )
    for upload_id in stale:
        _discard(upload_id)
    return len(stale)


def _discard(upload_id: uuid.UUID) -> None:
    _forget(upload_id)
    with contextlib.suppress(FileNotFoundError):
        partial_path(upload_id).unlink()
