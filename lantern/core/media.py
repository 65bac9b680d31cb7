"""The extension point for files that arrive with a report from another system (an Open311
client's multipart POST), and for the link back to them.

The reports app receives the bytes but may not import the evidence app (they are siblings),
and evidence may not import reports; both may import core. So the evidence app registers a
``MediaKeeper`` here when it starts (``EvidenceConfig.ready``), and reports calls it:

* ``keep`` runs inside the transaction that creates the report. It decides each file's type
  by its content and refuses the whole set (``MediaRefused``) before storing anything, or
  stores each file with its chain of custody and links it to the report. If the store fails
  it raises ``MediaNotKept``: the transaction, report included, is rolled back, so a client
  never holds a reference for a report whose files were lost.
* ``urls`` gives, for report ids, the path of a page about each report's first file (for
  Open311's ``media_url``). The page is for officers; the bytes are never public.

With no keeper registered (a deployment without the evidence app), reports records each
file's presence and size and keeps no bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Protocol

from lantern.core.actor import Actor


@dataclass(frozen=True)
class MediaFile:
    field: str  # the form field it came in (media, photo1, ...)
    size: int
    content_type: str  # as the client claimed: never trusted for the file's type
    stream: IO[bytes]  # read it from the start; do not close it
    filename: str = ""  # as the client named it: metadata only, never a path


@dataclass(frozen=True)
class KeptMedia:
    field: str
    item_id: uuid.UUID
    media_type: str  # decided by content
    sha256: str


class MediaRefused(Exception):
    """A file is of a kind Lantern does not accept; nothing was stored."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class MediaNotKept(Exception):
    """The files could not be stored (store full or unreachable); nothing was kept."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MediaKeeper(Protocol):
    def keep(
        self, *, actor: Actor, report_id: uuid.UUID, files: list[MediaFile]
    ) -> list[KeptMedia]: ...

    def urls(self, *, report_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]: ...


_KEEPER: list[MediaKeeper] = []


def register_media_keeper(keeper: MediaKeeper) -> None:
    """Register the keeper (one per process; registering again replaces it)."""
    _KEEPER[:] = [keeper]


def unregister_media_keeper(keeper: MediaKeeper) -> None:
    if keeper in _KEEPER:
        _KEEPER.remove(keeper)


def media_keeper() -> MediaKeeper | None:
    return _KEEPER[0] if _KEEPER else None


def media_keep(*, actor: Actor, report_id: uuid.UUID, files: list[MediaFile]) -> list[KeptMedia]:
    """Hand the files to the keeper; [] when there is none. Raises MediaRefused/MediaNotKept."""
    keeper = media_keeper()
    if keeper is None or not files:
        return []
    for f in files:
        f.stream.seek(0)
    return keeper.keep(actor=actor, report_id=report_id, files=files)


def media_paths(report_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The path of the page about each report's first file, for the reports that have one."""
    keeper = media_keeper()
    ids = list(report_ids)
    if keeper is None or not ids:
        return {}
    return keeper.urls(report_ids=ids)
