"""The extension point for media files sent in a multipart POST requests.

The reports app may not import the evidence app (they are siblings), so the bytes of files a
client sends are handed to handlers registered here by a layer above both (for example the
cases app's AppConfig, or config). With no handler registered, Lantern records each file's
presence, size and claimed content type on the Open311Submission and keeps no bytes.

A handler is called after the report is committed, while the uploaded files are still open:

    def store(*, report_id: uuid.UUID, client_name: str, files: list[MediaFile]) -> None: ...
    register_media_handler(store)

A handler that raises is logged; the report stands (the client already has its id).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MediaFile:
    field: str  # the form field it came in (media, photo1, ...)
    size: int
    content_type: str  # as the client claimed: never trusted for the file's type
    stream: IO[bytes]  # positioned at 0; read it, do not close it


class MediaHandler(Protocol):
    def __call__(
        self, *, report_id: uuid.UUID, client_name: str, files: list[MediaFile]
    ) -> None: ...


_HANDLERS: list[Callable[..., None]] = []


def register_media_handler(handler: MediaHandler) -> None:
    if handler not in _HANDLERS:
        _HANDLERS.append(handler)


def unregister_media_handler(handler: MediaHandler) -> None:
    if handler in _HANDLERS:
        _HANDLERS.remove(handler)


def open311_media_received(
    *, report_id: uuid.UUID, client_name: str, files: list[MediaFile]
) -> int:
    """Hand the files to every registered handler; returns how many handlers took them."""
    taken = 0
    for handler in list(_HANDLERS):
        for f in files:
            f.stream.seek(0)
        try:
            handler(report_id=report_id, client_name=client_name, files=files)
            taken += 1
        except Exception:
            logger.exception("open311 media handler %r failed for report %s", handler, report_id)
    return taken
