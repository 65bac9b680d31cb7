"""Data hidden after the end of a picture (a polyglot: a photo that is also, say, a ZIP
archive). A JPEG ends at its end-of-image marker (FF D9), a PNG at its IEND chunk; whatever
follows is no part of the picture, and no viewer shows it.

The picture's structure is walked by its own lengths (JPEG segments, PNG chunks), so a marker
inside the picture's data (the thumbnail a camera keeps in its EXIF segment has its own
FF D9) is never taken for the end. Only a JPEG's compressed scan data is searched, in chunks,
for the next marker. The file is read from disk as it goes, never whole. A ZIP archive is
also found from the end of the file (its directory is there), even when the picture's
structure cannot be followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import filetype

from lantern.evidence.contentchecks.flag import Code, Flag
from lantern.evidence.filetypes import ARCHIVE_EXTENSIONS

READ = 1024 * 1024
MAX_STEPS = 1_000_000  # segments or chunks walked before giving up (a well-formed photo: tens)
PADDING = b"\x00\xff\r\n\t "  # bytes some software leaves after the end: not hidden data
ZIP_END = b"PK\x05\x06"  # a ZIP archive's end-of-central-directory record
ZIP_TAIL = 22 + 65_535  # that record, and the longest comment it may have


def _jpeg_next_marker(f: BinaryIO, pos: int, size: int) -> int | None:
    """The offset of the next marker after a scan's compressed data starting at ``pos``: an
    FF not followed by 00 (a stuffed byte), D0-D7 (a restart marker) or FF (fill)."""
    f.seek(pos)
    while pos < size:
        chunk = f.read(READ)
        if not chunk:
            return None
        i = chunk.find(b"\xff")
        while i != -1 and i + 1 < len(chunk):
            after = chunk[i + 1]
            if after not in (0x00, 0xFF) and not 0xD0 <= after <= 0xD7:
                return pos + i
            i = chunk.find(b"\xff", i + 1)
        if i == -1:
            pos += len(chunk)
        elif pos + len(chunk) >= size:
            return None  # an FF as the very last byte
        else:
            pos += i  # read again from this FF, to see the byte after it
            f.seek(pos)
    return None


def jpeg_end(f: BinaryIO, size: int) -> int | None:
    """The offset just after a JPEG's end-of-image marker, or None when there is none or the
    structure cannot be followed."""
    pos = 2  # after the start-of-image marker
    for _step in range(MAX_STEPS):
        if pos + 2 > size:
            return None
        f.seek(pos)
        head = f.read(4)
        if head[0] != 0xFF:
            return None
        marker = head[1]
        if marker == 0xFF:  # a fill byte before the marker
            pos += 1
        elif marker == 0xD9:
            return pos + 2
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
        else:
            if len(head) < 4 or int.from_bytes(head[2:4], "big") < 2:
                return None
            pos += 2 + int.from_bytes(head[2:4], "big")
            if marker == 0xDA:  # start of scan: compressed data up to the next marker
                found = _jpeg_next_marker(f, pos, size)
                if found is None:
                    return None
                pos = found
    return None


def png_end(f: BinaryIO, size: int) -> int | None:
    """The offset just after a PNG's IEND chunk, or None when there is none."""
    pos = 8  # after the signature
    for _step in range(MAX_STEPS):
        if pos + 12 > size:
            return None
        f.seek(pos)
        head = f.read(8)
        length = int.from_bytes(head[:4], "big")
        if length > 0x7FFFFFFF:
            return None
        pos += 12 + length  # length, type, data, CRC
        if head[4:8] == b"IEND":
            return pos if pos <= size else None
    return None


def _only_padding(f: BinaryIO, start: int, size: int) -> bool:
    f.seek(start)
    while chunk := f.read(READ):
        if chunk.translate(None, PADDING):
            return False
    return True


def _zip_directory_at(f: BinaryIO, start: int, size: int) -> int | None:
    """Where a ZIP archive's end-of-central-directory record is, in the last bytes of the
    file at or after ``start``, if anywhere."""
    tail_start = max(start, size - ZIP_TAIL)
    f.seek(tail_start)
    found = f.read(size - tail_start).rfind(ZIP_END)
    return None if found == -1 else tail_start + found


def _what(f: BinaryIO, start: int, size: int) -> str:
    """What the data from ``start`` looks like, in words."""
    f.seek(start)
    kind = filetype.guess(f.read(8192))
    if kind is not None:
        if kind.extension in ARCHIVE_EXTENSIONS:
            return f"an archive ({kind.extension.upper()})"
        if kind.mime.startswith("image/"):
            return f"another picture ({kind.mime})"
        if kind.mime.startswith(("video/", "audio/")):
            return f"a recording ({kind.mime})"
        return f"a file of type {kind.mime}"
    if _zip_directory_at(f, start, size) is not None:
        return "a ZIP archive"
    return "data Lantern does not recognise"


def _trailing(f: BinaryIO, end: int, size: int) -> Iterator[Flag]:
    if end >= size or _only_padding(f, end, size):
        return
    yield Flag(
        Code.IMAGE_TRAILING_DATA,
        f"{_what(f, end, size)}: {size - end:,} bytes after the end of the picture, "
        f"from byte {end:,}",
    )


def check_jpeg(f: BinaryIO, size: int) -> Iterator[Flag]:
    end = jpeg_end(f, size)
    if end is not None:
        yield from _trailing(f, end, size)
    elif (found := _zip_directory_at(f, 0, size)) is not None:
        yield Flag(
            Code.IMAGE_TRAILING_DATA,
            f"a ZIP archive's directory at byte {found:,}, in a photo whose end Lantern "
            "could not find",
        )


def check_png(f: BinaryIO, size: int) -> Iterator[Flag]:
    end = png_end(f, size)
    if end is not None:
        yield from _trailing(f, end, size)
    elif (found := _zip_directory_at(f, 0, size)) is not None:
        yield Flag(
            Code.IMAGE_TRAILING_DATA,
            f"a ZIP archive's directory at byte {found:,}, in a picture whose end Lantern "
            "could not find",
        )
