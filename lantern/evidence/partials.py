"""The bytes of uploads not yet stored: the upload folder (``LANTERN_UPLOAD_DIR``), the partial
file of each resumable upload, and the SHA-256 of its bytes so far.

The hash state stays in this process between requests (``_HASHERS``); if another process (or
a restart) took the upload over, the partial file is re-hashed once, streaming. Memory never
grows with the file: files are read in chunks of ``CHUNK`` bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

CHUNK = 1024 * 1024


def upload_dir() -> Path:
    path = Path(getattr(settings, "LANTERN_UPLOAD_DIR", Path(settings.VAR_DIR) / "uploads"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def partial_path(upload_id: uuid.UUID) -> Path:
    return upload_dir() / f"{uuid.UUID(str(upload_id)).hex}.part"


_HASHERS: dict[uuid.UUID, tuple[int, Any]] = {}
_HASHERS_LOCK = threading.Lock()


def hasher_at(upload_id: uuid.UUID, offset: int, path: Path) -> Any:
    """The SHA-256 of the first ``offset`` bytes of the upload's partial file at ``path``."""
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


def remember(upload_id: uuid.UUID, offset: int, hasher: Any) -> None:
    with _HASHERS_LOCK:
        _HASHERS[upload_id] = (offset, hasher)


def forget(upload_id: uuid.UUID) -> None:
    with _HASHERS_LOCK:
        _HASHERS.pop(upload_id, None)


def discard(upload_id: uuid.UUID) -> None:
    """Forget the upload's partial bytes and their hash state."""
    forget(upload_id)
    with contextlib.suppress(FileNotFoundError):
        partial_path(upload_id).unlink()
