"""Resumable uploads (the server side of tus 1.0): start, append, finish, cancel.

Bytes go to a partial file named by the upload's id under ``LANTERN_UPLOAD_DIR``
(``partials.py``); the database row's ``offset`` is the truth, and each append first cuts the
file back to it, so a request that died half-way leaves nothing unaccounted for. SHA-256 is
computed while the bytes arrive. Memory never grows with the file: bodies are read in chunks
of ``CHUNK`` bytes. Abandoned uploads expire (``expiry.py``).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.evidence import contentchecks, partials, services
from lantern.evidence.blobstore import BlobStoreError
from lantern.evidence.events import (
    UPLOAD,
    UPLOAD_FAILED,
    UPLOAD_REJECTED,
    UPLOAD_STARTED,
    UPLOAD_TERMINATED,
)
from lantern.evidence.filetypes import HEAD_BYTES, classify
from lantern.evidence.models import EvidenceItem, LinkKind, Upload
from lantern.evidence.partials import CHUNK, partial_path
from lantern.evidence.tasks import expire_uploads
from lantern.evidence.upload_checks import (
    UploadError,
    capture_from_metadata,
    filename_from_metadata,
    footage_request_check,
    link_from_metadata,
    partnership_from_metadata,
    upload_partnership,
)
from lantern.places.services import footage_request_mark_answered

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 4 * 1024**3
DEFAULT_PLAIN_MAX_BYTES = 200 * 1024**2

# The tus checksum extension's transfer check: sha1 is the algorithm every tus server must
# support (tuspy and most clients send it), sha256 ours. It only proves this request's bytes
# arrived intact; the evidence's own identity is always the SHA-256 of the whole file.
CHECKSUM_ALGORITHMS: dict[str, Callable[[], Any]] = {
    "sha1": lambda: hashlib.sha1(usedforsecurity=False),
    "sha256": hashlib.sha256,
}


def max_bytes() -> int:
    return int(getattr(settings, "LANTERN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def plain_max_bytes() -> int:
    """The largest file the plain upload form (no JavaScript) takes: never more than tus."""
    plain = int(getattr(settings, "LANTERN_PLAIN_UPLOAD_MAX_BYTES", DEFAULT_PLAIN_MAX_BYTES))
    return min(plain, max_bytes())


def expiry() -> timedelta:
    return timedelta(hours=int(getattr(settings, "LANTERN_UPLOAD_EXPIRY_HOURS", 24)))


# --- the services -------------------------------------------------------------------------------


def upload_create(
    *,
    actor: Actor,
    length: int,
    metadata: dict[str, str],
    token: str = "",
) -> Upload:
    """Start an upload. A signed-in actor owns it; otherwise ``token`` (an upload capability)
    must be valid, and the upload is attached to the record the capability names. The upload
    takes the partnership of the item it will become (``upload_partnership``): a resident's
    files must be about one of their reports or a footage request to their camera."""
    if length < 0:
        raise UploadError(400, "Upload-Length must be a whole number of bytes")
    if length > max_bytes():
        raise UploadError(413, f"Files may be at most {max_bytes()} bytes")
    for key, value in metadata.items():
        if "\x00" in value:  # PostgreSQL text cannot hold NUL: refuse it as the bad field it is
            raise UploadError(400, f"Upload-Metadata value of {key!r} contains a NUL character")
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
    partnership_id = upload_partnership(
        actor=actor,
        link=(link_kind, link_id) if link_kind and link_id else None,
        by_capability=bool(token),
        chosen=partnership_from_metadata(metadata),
    )
    try:
        capture = capture_from_metadata(metadata)
    except ValidationFailed as exc:
        raise UploadError(400, str(exc)) from None
    with transaction.atomic():
        upload = Upload.objects.create(
            owner_id=actor.user_id,
            partnership_id=partnership_id,
            token_digest=digest,
            link_kind=link_kind,
            link_id=link_id,
            length=length,
            expires_at=clock.now() + expiry(),
            filename=filename_from_metadata(metadata),
            client_type=metadata.get("filetype", "")[:100],
            device_kind=capture.device_kind,
            claimed_capture_at=capture.claimed_capture_at,
            clock_offset_seconds=capture.clock_offset_seconds,
            audio_recorded=capture.audio_recorded,
        )
        audit_record(
            actor=actor,
            action=UPLOAD_STARTED,
            object_type=UPLOAD,
            object_id=upload.pk,
            details={"bytes": length, "link_kind": link_kind},
        )
    partial_path(upload.pk).touch(exist_ok=False)
    partials.remember(upload.pk, 0, hashlib.sha256())
    _sweep_soon()
    return upload


def _sweep_soon() -> None:
    """Each new upload asks the background worker to delete abandoned partial uploads, so
    expiry needs no scheduler (the sweep is one indexed query when nothing is stale)."""
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
    _check_append(upload=upload, offset=offset, content_length=content_length, checksum=checksum)
    path = partial_path(upload.pk)
    if not path.exists():
        raise UploadError(410, "This upload's bytes are gone: start again")
    with path.open("r+b") as f:
        _lock(f)
        upload.refresh_from_db()
        if offset != upload.offset:
            raise UploadError(409, f"Upload-Offset must be {upload.offset}")
        wanted = upload.length - upload.offset if content_length is None else content_length
        received = _append_body(
            f, upload=upload, path=path, read=read, wanted=wanted, checksum=checksum
        )
    if upload.offset == upload.length:
        upload_finish(actor=actor, upload=upload)
    elif upload.offset - received < HEAD_BYTES <= upload.offset:
        _refuse_early(actor=actor, upload=upload, path=path)
    return upload


def upload_whole(
    *, actor: Actor, stream: IO[bytes], size: int, metadata: dict[str, str], token: str = ""
) -> Upload:
    """A whole file that came in one request (the plain upload form, for a browser without
    JavaScript), already on disk in a temporary file (``stream``). It takes the tus path, so
    it meets the same checks and leaves the same trail: started (``upload_create``), its
    bytes copied in chunks while hashed (``upload_append``), then finished: type decided by
    content, content checks, SHA-256, blob stored, item made and linked. Raises UploadError
    as tus would; the upload, once made, records its outcome (complete or rejected)."""
    upload = upload_create(actor=actor, length=size, metadata=metadata, token=token)
    stream.seek(0)
    upload_append(actor=actor, upload=upload, offset=0, read=stream.read, content_length=size)
    upload.refresh_from_db()
    if upload.status != Upload.Status.COMPLETE:  # the client's file ended early
        raise UploadError(400, "The file did not arrive whole: try again")
    return upload


def _check_append(
    *,
    upload: Upload,
    offset: int,
    content_length: int | None,
    checksum: tuple[str, bytes] | None,
) -> None:
    """Refuse, with tus's answer, a PATCH that cannot go on this upload as it is recorded."""
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
    if checksum is not None and checksum[0] not in CHECKSUM_ALGORITHMS:
        raise UploadError(400, "Only sha1 and sha256 checksums are supported")


def _lock(f: IO[bytes]) -> None:
    """One request appends to an upload at a time; another is told so at once (423)."""
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise UploadError(423, "Another request is appending to this upload") from None


def _append_body(
    f: IO[bytes],
    *,
    upload: Upload,
    path: Path,
    read: ReadFn,
    wanted: int,
    checksum: tuple[str, bytes] | None,
) -> int:
    """Write up to ``wanted`` bytes of the body at the recorded offset, then record the new
    offset; returns how many bytes arrived. On a full disk or a checksum mismatch, this
    request's bytes are cut off again and the offset stays as it was."""
    f.truncate(upload.offset)  # bytes past the recorded offset were never accounted for
    f.seek(upload.offset)
    hasher = partials.hasher_at(upload.pk, upload.offset, path)
    before = hasher.copy()  # the state to go back to if these bytes are refused
    chunk_hash = CHECKSUM_ALGORITHMS[checksum[0]]() if checksum is not None else None
    hashers = (hasher,) if chunk_hash is None else (hasher, chunk_hash)
    try:
        received = _copy_body(f, read=read, wanted=wanted, hashers=hashers)
    except OSError as exc:  # the disk filled up: drop this request's bytes
        f.truncate(upload.offset)
        partials.forget(upload.pk)
        raise UploadError(507, "The server's disk is full: try again later") from exc
    if checksum is not None and (
        chunk_hash is None or chunk_hash.digest() != checksum[1] or received != wanted
    ):
        f.truncate(upload.offset)
        partials.remember(upload.pk, upload.offset, before)
        raise UploadError(460, "Checksum mismatch: the bytes were not what was sent")
    f.flush()
    new_offset = upload.offset + received
    Upload.objects.filter(pk=upload.pk).update(offset=new_offset)
    upload.offset = new_offset
    partials.remember(upload.pk, new_offset, hasher)
    return received


def _copy_body(f: IO[bytes], *, read: ReadFn, wanted: int, hashers: tuple[Any, ...]) -> int:
    """Copy up to ``wanted`` bytes from ``read`` into ``f`` in chunks, feeding each hasher;
    stops early when the client goes. Returns how many bytes were copied."""
    received = 0
    while received < wanted:
        chunk = _read_chunk(read, min(CHUNK, wanted - received))
        if not chunk:
            break
        f.write(chunk)
        for hasher in hashers:
            hasher.update(chunk)
        received += len(chunk)
    return received


def _read_chunk(read: ReadFn, size: int) -> bytes:
    try:
        return read(size)
    except OSError:
        return b""  # the client went away: keep what arrived


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
            action=UPLOAD_REJECTED,
            object_type=UPLOAD,
            object_id=upload.pk,
            details={"reason": "file_type", "sha256": sha256},
        )
    partials.discard(upload.pk)


def upload_finish(*, actor: Actor, upload: Upload) -> EvidenceItem:
    """All bytes are here: decide the type by content, check the content (``contentchecks``:
    flags, never changes), store the blob, make the item."""
    path = partial_path(upload.pk)
    hasher = partials.hasher_at(upload.pk, upload.offset, path)
    sha256 = hasher.hexdigest()
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    verdict = classify(head)
    if not verdict.accepted:
        _reject(actor=actor, upload=upload, reason=verdict.reason, sha256=sha256)
        raise UploadError(415, verdict.reason)
    flags = contentchecks.inspect(path, verdict)  # read before the bytes move to the store
    try:
        item = services.item_create_from_upload(
            actor=actor,
            source=path,
            sha256=sha256,
            size=upload.length,
            verdict=verdict,
            flags=flags,
            filename=upload.filename,
            submitted_by=upload.owner_id,
            token_digest=upload.token_digest,
            device_kind=upload.device_kind,
            claimed_capture_at=upload.claimed_capture_at,
            clock_offset_seconds=upload.clock_offset_seconds,
            audio_recorded=upload.audio_recorded,
            link_kind=upload.link_kind,
            link_id=upload.link_id,
            partnership_id=upload.partnership_id,
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
                action=UPLOAD_FAILED,
                object_type=UPLOAD,
                object_id=upload.pk,
                details={"sha256": sha256},
            )
        # The partial bytes stay until expiry: a PATCH of nothing at the end retries storing.
        raise UploadError(503, exc.message) from exc
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.COMPLETE, item=item, problem="")
    upload.status, upload.item = Upload.Status.COMPLETE, item
    transaction.on_commit(lambda: partials.discard(upload.pk))
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
            action=UPLOAD_TERMINATED,
            object_type=UPLOAD,
            object_id=upload.pk,
            details={"received": upload.offset},
        )
        if upload.status != Upload.Status.COMPLETE:
            Upload.objects.filter(pk=upload.pk).delete()
    partials.discard(upload.pk)
