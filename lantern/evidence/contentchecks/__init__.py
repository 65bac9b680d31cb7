"""Content checks on a file already accepted as evidence (``filetypes.classify``), run where
its type is decided, before it is stored: a picture with other data hidden after its end
(``pictures``), a PDF with scripts or automatic actions (``pdf``), an MP4 or MOV recording
cut short (``isobmff``). Each finding is a ``Flag``: the file is kept byte for byte all the
same, and the flags go on the item, into its chain of custody and to the uploader (see
docs/evidence.md for why each is accepted and flagged rather than refused).

Files are read from disk in pieces, never whole. A check that fails (a read error, a
structure that defeats it) gives a ``check_failed`` flag rather than no flag at all.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from lantern.evidence.contentchecks.flag import Code, Flag
from lantern.evidence.contentchecks.isobmff import check_isobmff
from lantern.evidence.contentchecks.pdf import check_pdf
from lantern.evidence.contentchecks.pictures import check_jpeg, check_png
from lantern.evidence.filetypes import Verdict

__all__ = ["Flag", "inspect"]

logger = logging.getLogger(__name__)

Check = Callable[[BinaryIO, int], Iterator[Flag]]

CHECKS: dict[str, Check] = {
    "image/jpeg": check_jpeg,
    "image/png": check_png,
    "application/pdf": check_pdf,
    "video/mp4": check_isobmff,
    "video/x-m4v": check_isobmff,
    "video/3gpp": check_isobmff,
    "video/quicktime": check_isobmff,
    "audio/mp4": check_isobmff,
}


def inspect(path: Path, verdict: Verdict) -> tuple[Flag, ...]:
    """The flags for an accepted file at ``path`` (none for a type with no check)."""
    check = CHECKS.get(verdict.media_type) if verdict.accepted else None
    if check is None:
        return ()
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            flags: dict[str, Flag] = {}
            for flag in check(f, size):
                flags.setdefault(flag.code, flag)  # one flag of each kind, the first found
            return tuple(flags.values())
    except (OSError, ValueError, IndexError, zlib.error) as exc:
        logger.warning("content check of a %s failed: %s", verdict.media_type, type(exc).__name__)
        return (Flag(Code.CHECK_FAILED, "Lantern's content check stopped with an error"),)
