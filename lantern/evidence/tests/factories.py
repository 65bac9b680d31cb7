"""Build evidence through the real services (no mocks of our own code)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from lantern.core.actor import Actor
from lantern.evidence.uploads import upload_append, upload_create

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def upload_bytes(
    *, actor: Actor, data: bytes, token: str = "", metadata: dict[str, str] | None = None
):
    """Run bytes through the upload services as the tus endpoint would; returns the upload."""
    upload = upload_create(actor=actor, length=len(data), metadata=metadata or {}, token=token)
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
