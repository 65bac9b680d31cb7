"""Scripts and automatic actions in a PDF, found the way Didier Stevens's pdfid finds them:
by counting the PDF names that carry them (/JavaScript, /JS, /OpenAction, /AA, /Launch,
/EmbeddedFile, /RichMedia, /XFA, and /Encrypt), as whole name tokens in the file's bytes,
without parsing or running anything.

Beyond pdfid:

- a name written with ``#xx`` escapes (``/J#61vaScript``) is decoded before it is compared,
  and the disguise is itself a flag (PDF 32000-1:2008 7.3.5 allows the escapes; ordinary
  software has no reason to use them on these names);
- object streams (``/Type /ObjStm``, PDF 1.5), where a PDF may keep its dictionaries
  compressed out of sight of a byte scan, are inflated (Flate only, at most
  ``MAX_INFLATED`` bytes in all) and scanned too;
- the body of a stream whose ``/Length`` is a plain number, and is confirmed by the
  ``endstream`` keyword found just there, is skipped as a PDF reader skips it: compressed
  pictures would otherwise match a short name such as ``/JS`` by chance, about once in every
  few hundred megabytes.

The file is read in windows of ``WINDOW`` bytes, never whole.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from typing import BinaryIO

from lantern.evidence.contentchecks.flag import Code, Flag

WINDOW = 1024 * 1024
KEEP = 256  # bytes kept between windows: longer than any token the pattern matches
MAX_INFLATED = 256 * 1024 * 1024  # object stream bytes inflated per file, at most
MAX_OBJECT_STREAMS = 100_000

WATCHED: dict[bytes, str] = {
    b"JavaScript": Code.PDF_JAVASCRIPT,
    b"JS": Code.PDF_JAVASCRIPT,
    b"OpenAction": Code.PDF_AUTOMATIC_ACTION,
    b"AA": Code.PDF_AUTOMATIC_ACTION,
    b"Launch": Code.PDF_LAUNCH,
    b"EmbeddedFile": Code.PDF_EMBEDDED_FILE,
    b"EmbeddedFiles": Code.PDF_EMBEDDED_FILE,
    b"RichMedia": Code.PDF_RICH_MEDIA,
    b"XFA": Code.PDF_XFA,
    b"Encrypt": Code.PDF_ENCRYPTED,
}
ORDER = list(dict.fromkeys(WATCHED.values()))  # flags in a steady order

_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"  # a name's characters: not white, not delimiter
PATTERN = re.compile(
    rb"/Length(?=[\x00\t\n\x0c\r ()<>\[\]{}/%])\s*(?P<length>\d{1,15})(?P<ref>\s+\d{1,10}\s+R)?"
    rb"|(?P<name>/(?=[JOALERX#])" + _REGULAR + rb"{1,127})"
    rb"|(?<![A-Za-z])stream(?:\r\n|\n|\r)"
)
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _decode(raw: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw) if b"#" in raw else raw


class _Findings:
    def __init__(self) -> None:
        self.counts: Counter[bytes] = Counter()
        self.disguised: dict[bytes, bytes] = {}  # decoded name -> one way it was written
        self.inflated = 0
        self.over_budget = False

    def name(self, raw: bytes) -> bytes:
        name = _decode(raw)
        if name in WATCHED:
            self.counts[name] += 1
            if name != raw:
                self.disguised.setdefault(name, raw)
        return name


class _Scan:
    """One pass over a byte source (the file, or an object stream as it is inflated)."""

    def __init__(
        self, read: Callable[[int], bytes], findings: _Findings, *, file: BinaryIO | None = None
    ) -> None:
        self.read = read
        self.findings = findings
        self.file = file  # given for the file itself: stream bodies may then be skipped
        self.buf = b""
        self.base = 0  # the source's offset of buf[0]
        self.i = 0
        self.eof = False
        self.length: int | None = None  # the last direct /Length seen, for the next stream
        self.object_stream = False  # /ObjStm seen since the last stream
        self.object_streams: list[int] = []  # where each object stream's data starts

    def _refill(self) -> None:
        chunk = self.read(WINDOW)
        self.eof = not chunk
        self.buf = self.buf[self.i :] + chunk
        self.base += self.i
        self.i = 0

    def _skip_to(self, file: BinaryIO, offset: int) -> None:
        if offset - self.base <= len(self.buf):
            self.i = offset - self.base
            return
        file.seek(offset)
        self.buf, self.base, self.i, self.eof = b"", offset, 0, False

    @staticmethod
    def _endstream_at(file: BinaryIO, offset: int) -> bool:
        here = file.tell()
        file.seek(offset)
        ahead = file.read(32)
        file.seek(here)
        return ahead.lstrip(b"\r\n\t\x0c\x00 ").startswith(b"endstream")

    def _stream(self, data_start: int) -> None:
        """A stream's data starts here: note it if it is an object stream, else skip it when
        its /Length is a plain number that ends just before ``endstream``."""
        if self.object_stream:
            if len(self.object_streams) < MAX_OBJECT_STREAMS:
                self.object_streams.append(data_start)
        elif (
            self.file is not None
            and self.length is not None
            and self._endstream_at(self.file, data_start + self.length)
        ):
            self._skip_to(self.file, data_start + self.length)
        self.length, self.object_stream = None, False

    def run(self) -> None:
        while True:
            if not self.eof and len(self.buf) - self.i <= KEEP:
                self._refill()
                continue
            limit = len(self.buf) if self.eof else len(self.buf) - KEEP
            match = PATTERN.search(self.buf, self.i)
            if match is None or match.start() >= limit:
                if self.eof:
                    return
                self.i = max(self.i, limit)
                continue
            self.i = match.end()
            if match["length"] is not None:
                self.length = None if match["ref"] else int(match["length"])
            elif match["name"] is not None:
                if self.findings.name(match["name"][1:]) == b"ObjStm":
                    self.object_stream = True
            else:
                self._stream(self.base + match.end())


class _Inflated:
    """An object stream's bytes as they inflate, read like a file (Flate only)."""

    def __init__(self, f: BinaryIO, start: int, findings: _Findings) -> None:
        f.seek(start)
        self.f = f
        self.findings = findings
        self.inflater = zlib.decompressobj()
        self.pending = b""

    def read(self, n: int) -> bytes:
        budget = MAX_INFLATED - self.findings.inflated
        while not self.inflater.eof and budget > 0:
            if not self.pending:
                self.pending = self.f.read(64 * 1024)
                if not self.pending:
                    return b""
            out = self.inflater.decompress(self.pending, min(n, budget))
            self.pending = self.inflater.unconsumed_tail
            if out:
                self.findings.inflated += len(out)
                return out
        if budget <= 0 and not self.inflater.eof:
            self.findings.over_budget = True
        return b""


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count:,} times"


def _flags(findings: _Findings) -> Iterator[Flag]:
    for code in ORDER:
        found = [
            f"/{name.decode()} {_times(findings.counts[name])}"
            for name, named in WATCHED.items()
            if named == code and findings.counts[name]
        ]
        if found:
            yield Flag(code, ", ".join(found))
    if findings.disguised:
        written = ", ".join(
            f"/{raw.decode('latin-1')[:60]} for /{name.decode()}"
            for name, raw in findings.disguised.items()
        )
        yield Flag(Code.PDF_DISGUISED_NAMES, f"written as {written}"[:300])
    if findings.over_budget:
        yield Flag(
            Code.CHECK_FAILED,
            f"the PDF's compressed object streams hold more than {MAX_INFLATED // 2**20} MiB; "
            "Lantern checked only that much of them",
        )


def check_pdf(f: BinaryIO, size: int) -> Iterator[Flag]:
    findings = _Findings()
    f.seek(0)
    raw = _Scan(f.read, findings, file=f)
    raw.run()
    for start in raw.object_streams:
        if findings.over_budget:
            break
        try:
            _Scan(_Inflated(f, start, findings).read, findings).run()
        except zlib.error:
            continue  # not Flate, or encrypted: its bytes were scanned as they are
    yield from _flags(findings)
