"""Parsing police.uk street-level CSVs (no database here; services.py writes).

Accepts the data.police.uk header (``Crime ID,Month,Reported by,...``) and the snake_case
variant (``crime_id,month,reported_by,...``), CRLF or LF line endings, with or without a
UTF-8 byte order mark, plain or gzip'd (``.csv.gz``, as in data/policeuk/).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = (
    "crime_id",
    "month",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crime_type",
    "last_outcome",
    "context",
)
OFFICIAL_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context"
)


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z]+", "_", name.strip().lower()).strip("_")


_ACCEPTED_HEADERS = {
    tuple(_normalise(h) for h in OFFICIAL_HEADER.split(",")),
    (
        "crime_id",
        "month",
        "reported_by",
        "falls_within",
        "longitude",
        "latitude",
        "location",
        "lsoa_code",
        "lsoa_name",
        "crime_type",
        "last_outcome_category",
        "context",
    ),
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_LEN = {"crime_id": 64, "reported_by": 100, "falls_within": 100, "location": 255}
MAX_LEN |= {"lsoa_code": 16, "lsoa_name": 100, "crime_type": 100, "last_outcome": 255}


class HeaderError(ValueError):
    """The file's first line is not a police.uk street-level header (or, gzip'd, the file
    does not decompress)."""


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class ParsedRow:
    natural_key: str
    values: dict[str, object]


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    read: int = 0
    no_location: int = 0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _coordinate(text: str, low: float, high: float) -> float:
    value = float(text)
    if not (low <= value <= high):
        raise ValueError("out of range")
    return value


def parse_row(cells: list[str]) -> dict[str, object]:
    """One data row as model values; raises ValueError with a reason a person can read."""
    if len(cells) != len(FIELDS):
        raise ValueError(f"expected {len(FIELDS)} columns, found {len(cells)}")
    for name, cell in zip(FIELDS, cells, strict=True):
        if "\x00" in cell:  # Python's csv reads NUL since 3.11; PostgreSQL text cannot hold it
            raise ValueError(f"{name} contains a NUL character")
    raw = dict(zip(FIELDS, (c.strip() for c in cells), strict=True))
    match = _MONTH.match(raw["month"])
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"month {raw['month'][:20]!r} is not YYYY-MM")
    if not raw["crime_type"]:
        raise ValueError("crime type is empty")
    for name, limit in MAX_LEN.items():
        if len(raw[name]) > limit:
            raise ValueError(f"{name} is longer than {limit} characters")
    lon_text, lat_text = raw["longitude"], raw["latitude"]
    longitude: float | None = None
    latitude: float | None = None
    if lon_text or lat_text:
        try:
            longitude = _coordinate(lon_text, -180.0, 180.0)
            latitude = _coordinate(lat_text, -90.0, 90.0)
        except ValueError:
            raise ValueError(
                f"longitude/latitude {lon_text[:20]!r},{lat_text[:20]!r} are not valid"
            ) from None
    values: dict[str, object] = dict(raw)
    values["month"] = dt.date(int(match.group(1)), int(match.group(2)), 1)
    values["longitude"] = longitude
    values["latitude"] = latitude
    return values


def natural_key(cells: list[str], occurrence: int) -> str:
    """See PoliceUkRecord.natural_key."""
    crime_id, month = cells[0].strip(), cells[1].strip()
    if crime_id:
        text = f"crime\x1f{month}\x1f{crime_id}"
    else:
        text = "row\x1f" + "\x1f".join(c.strip() for c in cells) + f"\x1f{occurrence}"
    return hashlib.sha256(text.encode()).hexdigest()


_GZIP_MAGIC = b"\x1f\x8b"


def open_bytes(path: Path) -> io.BufferedIOBase:
    """The file opened for reading its bytes, decompressed if it is gzip'd."""
    with path.open("rb") as handle:
        gzipped = handle.read(2) == _GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def parse_file(path: Path, *, progress: Callable[[int], None] | None = None) -> ParseResult:
    """Parse a whole file. ``progress`` is called with the number of rows just read."""
    try:
        with open_bytes(path) as handle:
            data = handle.read()
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise HeaderError(f"the file is gzip'd but does not decompress ({exc})") from None
    text = data.decode("utf-8-sig", errors="replace")
    return parse_text(text, progress=progress)


def parse_text(text: str, *, progress: Callable[[int], None] | None = None) -> ParseResult:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise HeaderError("the file is empty") from None
    if tuple(_normalise(h) for h in header) not in _ACCEPTED_HEADERS:
        raise HeaderError(
            "line 1 is not a police.uk street-level header "
            f"(expected {OFFICIAL_HEADER!r} or its snake_case form)"
        )
    result = ParseResult()
    seen: dict[tuple[str, ...], int] = {}
    pending = 0
    for line, row in _rows(reader):
        if row is None:
            result.read += 1
            result.bad.append(BadRow(line=line, reason="the line is not valid CSV"))
            continue
        cells = row
        if not any(c.strip() for c in cells):
            continue  # a blank line, e.g. a trailing one: not a row
        result.read += 1
        pending += 1
        if progress is not None and pending >= 1000:
            progress(pending)
            pending = 0
        try:
            values = parse_row(cells)
        except ValueError as exc:
            result.bad.append(BadRow(line=line, reason=str(exc)))
            continue
        if values["longitude"] is None:
            result.no_location += 1
        key_cells = tuple(c.strip() for c in cells)
        occurrence = seen.get(key_cells, 0)
        seen[key_cells] = occurrence + 1
        result.rows.append(ParsedRow(natural_key(cells, occurrence), values))
    if progress is not None and pending:
        progress(pending)
    return result


def _rows(reader: Any) -> Iterator[tuple[int, list[str] | None]]:
    """(line number where the row starts, cells) for each row after the header; cells is
    None where the CSV itself is broken on that line (e.g. an unterminated quote)."""
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None
        else:
            yield start, cells
        start = reader.line_num + 1
