"""Build evidence through the real services (no mocks of our own code)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from lantern.core.actor import SYSTEM, Actor
from lantern.evidence import services
from lantern.evidence.models import LinkKind
from lantern.evidence.uploads import upload_append, upload_create

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def report_token(report_id: uuid.UUID | None = None) -> str:
    """An upload capability for a report (by default a new one: evidence's tests stand in
    for the reports app, conftest.record_partnerships)."""
    return services.upload_token_issue(
        actor=SYSTEM, link_kind=LinkKind.REPORT, link_id=report_id or uuid.uuid4()
    )


def upload_bytes(
    *, actor: Actor, data: bytes, token: str = "", metadata: dict[str, str] | None = None
):
    """Run bytes through the upload services as the tus endpoint would; returns the upload.
    A resident's files are always about something: unless told otherwise, a new report's
    (through its capability, as the report journey gives it)."""
    metadata = metadata or {}
    if not (token or actor.is_staff or metadata.get("link_kind")):
        token = report_token()
    upload = upload_create(actor=actor, length=len(data), metadata=metadata, token=token)
    view = memoryview(data)
    position = {"at": 0}

    def read(n: int) -> bytes:
        chunk = bytes(view[position["at"] : position["at"] + n])
        position["at"] += len(chunk)
        return chunk

    upload_append(actor=actor, upload=upload, offset=0, read=read, content_length=len(data))
    upload.refresh_from_db()
    return upload


def clip(size: int = 4096) -> bytes:
    """An MP4 whose boxes are whole (so the content checks find nothing to flag): ftyp, an
    empty moov and an mdat of random bytes."""
    return (
        MP4_HEAD
        + b"\x00\x00\x00\x08moov"
        + (size + 8).to_bytes(4, "big")
        + b"mdat"
        + os.urandom(size)
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def write(tmp: Path, data: bytes) -> Path:
    path = tmp / sha(data)
    path.write_bytes(data)
    return path
