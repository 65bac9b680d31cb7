"""A cut-short MP4 or MOV recording. These files are a sequence of boxes (ISO/IEC 14496-12;
QuickTime calls them atoms), each starting with its size and type: the pictures and sound
are in ``mdat``, and ``moov`` is the index that says where each frame is.

A copy or an upload that stopped early shows in one of three ways, each checked here:

- the last box says it is longer than what is left of the file;
- there is no ``moov`` at all (a camera writes it last, when the recording stops; a file cut
  before that has none, and most players refuse it);
- ``moov`` is whole but its sample tables (``stco``/``co64``, ``stsc``, ``stsz``) put frames
  past the end of the file (a ``moov`` written first, then ``mdat`` cut).

Only box headers are read from disk, and ``moov`` itself (at most ``MAX_MOOV`` bytes, its
tables kept as compact arrays): a 2 GB video is never read whole. PyAV (FFmpeg) was tried first: it refuses a file without
``moov`` but opens a file whose ``mdat`` was cut and only stops early while reading every
packet, which would mean reading the whole file; it also cannot say how much is missing.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import BinaryIO

from lantern.evidence.contentchecks.flag import Code, Flag

MAX_TOP_BOXES = 100_000
MAX_MOOV = 32 * 1024 * 1024
MAX_SAMPLES = 20_000_000
PATH_TO_TABLES = (b"mdia", b"minf", b"stbl")
Box = tuple[bytes, int, int]  # type, where its body starts, where it ends


def _named(kind: bytes) -> str:
    text = kind.decode("latin-1")
    return f"'{text}'" if text.isprintable() and text.isascii() else f"0x{kind.hex()}"


def _size_of(header: bytes, at: int, limit: int) -> tuple[int, int] | None:
    """(header length, box size) from a box header at ``at``; a size of 0 runs to ``limit``."""
    size = int.from_bytes(header[:4], "big")
    if size == 1:
        if len(header) < 16:
            return None
        return 16, int.from_bytes(header[8:16], "big")
    if size == 0:
        return 8, limit - at
    return 8, size


def _children(data: bytes, start: int, end: int) -> Iterator[Box]:
    """The boxes inside ``data[start:end]``, stopping at the first that does not fit."""
    pos = start
    while pos + 8 <= end:
        sized = _size_of(data[pos : pos + 16], pos, end)
        if sized is None or sized[1] < sized[0] or pos + sized[1] > end:
            return
        yield data[pos + 4 : pos + 8], pos + sized[0], pos + sized[1]
        pos += sized[1]


def _child(data: bytes, box: Box, kind: bytes) -> Box | None:
    return next((b for b in _children(data, box[1], box[2]) if b[0] == kind), None)


def _words(data: bytes, start: int, stop: int, count: int, typecode: str = "I") -> array:
    """At most ``count`` big-endian unsigned integers (32-bit "I" or 64-bit "Q") from
    ``data[start:stop]``, kept as a compact array however many there are."""
    values = array(typecode)
    width = 4 if typecode == "I" else 8
    if values.itemsize != width:  # pragma: no cover - every platform Lantern runs on has them
        raise ValueError("no unsigned integer array of that width here")
    stop = min(stop, start + count * width)
    values.frombytes(memoryview(data)[start : start + max(0, stop - start) // width * width])
    if array("H", b"\x01\x00")[0] == 1:  # a little-endian machine
        values.byteswap()
    return values


def _table(data: bytes, box: Box | None, per_entry: int, typecode: str = "I") -> array:
    """The entries of a full box whose body is version/flags, a count, then the entries
    (``per_entry`` integers each)."""
    if box is None or box[2] - box[1] < 8:
        return array(typecode)
    count = min(int.from_bytes(data[box[1] + 4 : box[1] + 8], "big"), MAX_SAMPLES)
    return _words(data, box[1] + 8, box[2], count * per_entry, typecode)


class _Samples:
    """A track's sample tables: where each chunk starts, how many samples each chunk holds
    (runs of first chunk, samples per chunk, description), and each sample's size."""

    def __init__(self, data: bytes, stbl: Box) -> None:
        co64 = _child(data, stbl, b"co64")
        if co64 is not None:
            self.offsets = _table(data, co64, 1, "Q")
        else:
            self.offsets = _table(data, _child(data, stbl, b"stco"), 1)
        self.runs = _table(data, _child(data, stbl, b"stsc"), 3)
        stsz = _child(data, stbl, b"stsz")
        self.fixed, self.count, self.sizes = 0, 0, array("I")
        if stsz is not None and stsz[2] - stsz[1] >= 12:
            self.fixed = int.from_bytes(data[stsz[1] + 4 : stsz[1] + 8], "big")
            self.count = min(int.from_bytes(data[stsz[1] + 8 : stsz[1] + 12], "big"), MAX_SAMPLES)
            if not self.fixed:
                self.sizes = _words(data, stsz[1] + 12, stsz[2], self.count)
                self.count = len(self.sizes)

    def per_chunk(self) -> Iterator[tuple[int, int]]:
        """(chunk offset, samples in it) for each chunk, in order."""
        runs, run = len(self.runs) // 3, 0
        for chunk, offset in enumerate(self.offsets, start=1):
            while run + 1 < runs and self.runs[(run + 1) * 3] <= chunk:
                run += 1
            yield offset, self.runs[run * 3 + 1] if runs and self.runs[run * 3] <= chunk else 0

    def past(self, size: int) -> int:
        """How many samples have bytes past ``size``."""
        sample = missing = 0
        for offset, wanted in self.per_chunk():
            n = min(wanted, self.count - sample)
            if self.fixed:
                missing += n - min(n, max(0, (size - offset) // self.fixed))
            else:
                end = offset
                for length in self.sizes[sample : sample + n]:
                    end += length
                    missing += end > size
            sample += n
        return missing


def _track_past_end(data: bytes, trak: Box, size: int) -> tuple[int, int]:
    """(samples in the track, samples whose bytes run past ``size``)."""
    stbl: Box | None = trak
    for kind in PATH_TO_TABLES:
        stbl = _child(data, stbl, kind) if stbl is not None else None
    if stbl is None:
        return 0, 0
    samples = _Samples(data, stbl)
    return samples.count, samples.past(size)


def _frames_past_end(f: BinaryIO, moov: Box, size: int) -> Iterator[Flag]:
    if moov[2] - moov[1] > MAX_MOOV:
        yield Flag(Code.CHECK_FAILED, "the recording's index ('moov') is too large to check")
        return
    f.seek(moov[1])
    data = f.read(moov[2] - moov[1])
    total = missing = 0
    for kind, start, end in _children(data, 0, len(data)):
        if kind == b"trak":
            counted = _track_past_end(data, (kind, start, end), size)
            total, missing = total + counted[0], missing + counted[1]
    if missing:
        yield Flag(
            Code.VIDEO_CUT_SHORT,
            f"{missing:,} of {total:,} frames or sound samples are indexed past the end of "
            f"the file, which ends at byte {size:,}",
        )


def check_isobmff(f: BinaryIO, size: int) -> Iterator[Flag]:
    pos, moov, cut = 0, None, False
    for _step in range(MAX_TOP_BOXES):
        if pos >= size:
            break
        f.seek(pos)
        header = f.read(16)
        sized = _size_of(header, pos, size) if len(header) >= 8 else None
        if sized is None:
            if header.strip(b"\x00"):  # a few zero bytes of padding at the end are harmless
                cut = True
                yield Flag(
                    Code.VIDEO_CUT_SHORT, f"the file ends inside a box header at byte {pos:,}"
                )
            break
        length, box_size = sized
        if box_size < length:
            yield Flag(
                Code.CHECK_FAILED,
                f"the boxes cannot be followed from byte {pos:,}: the file is damaged or has "
                "other data appended",
            )
            break
        if pos + box_size > size:
            cut = True
            yield Flag(
                Code.VIDEO_CUT_SHORT,
                f"the {_named(header[4:8])} box from byte {pos:,} needs {box_size:,} bytes, "
                f"but the file ends {pos + box_size - size:,} bytes short",
            )
            break
        if header[4:8] == b"moov":
            moov = (b"moov", pos + length, pos + box_size)
        pos += box_size
    if moov is None:
        yield Flag(Code.VIDEO_NO_INDEX, "no 'moov' box (the index of the frames) in the file")
    elif not cut:
        yield from _frames_past_end(f, moov, size)
