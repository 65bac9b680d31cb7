"""Regenerate lantern/analytics/data/policeuk/ from the full police.uk files.

Reads the seven Essex Police street-level files (2018-01 to 2018-07) in
``../shared/data/policeuk`` (or ``--source``) and writes, for each month, the rows of
Southend-on-Sea and its neighbours Castle Point and Rochford (by LSOA name), gzip'd:

* the header is data.police.uk's (the shared copies carry a snake_case rename of it);
* the Crime ID column is emptied: a 64-character hash per crime, three quarters of the
  compressed size, that Lantern only uses to recognise a crime imported twice;
* every other field is as published, rows in their published order, CRLF line endings.

The output is the same bytes on every run (gzip without a name or time), and the table
printed at the end is the one in the folder's README.

    python3 scripts/policeuk_extract.py
    python3 scripts/policeuk_extract.py --source /elsewhere/policeuk --out /tmp/extract
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "policeuk"
OUT = ROOT / "lantern" / "analytics" / "data" / "policeuk"
MONTHS = [f"2018-{m:02d}" for m in range(1, 8)]
AREAS = ("Southend-on-Sea", "Castle Point", "Rochford")
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context"
)
LSOA_NAME, CRIME_TYPE = 8, 9
ASB = "Anti-social behaviour"


def area_of(lsoa_name: str) -> str | None:
    """The area an LSOA belongs to: its name is the district's and a code, "Rochford 004B"."""
    return next((a for a in AREAS if lsoa_name.startswith(a + " ")), None)


def extract(text: str) -> tuple[str, dict[str, int]]:
    """The extract of one month's file, and its counts: rows, rows per area, ASB rows per
    area."""
    lines = text.split("\r\n")
    kept = [HEADER]
    counts = dict.fromkeys(["rows", *AREAS, *(f"ASB {a}" for a in AREAS)], 0)
    for line in lines[1:]:
        if not line:
            continue
        cells = next(csv.reader([line]))
        if len(cells) != 12:
            raise SystemExit(f"not a police.uk row: {line[:80]!r}")
        area = area_of(cells[LSOA_NAME])
        if area is None:
            continue
        cells[0] = ""
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        kept.append(out.getvalue())
        counts["rows"] += 1
        counts[area] += 1
        counts[f"ASB {area}"] += cells[CRIME_TYPE] == ASB
    return "\r\n".join(kept) + "\r\n", counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"default {SOURCE}")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default {OUT}")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(
        "| Month | Rows | Southend-on-Sea | Castle Point | Rochford | ASB (Southend / Castle Point / Rochford) | Bytes |"
    )
    print("|---|---|---|---|---|---|---|")
    for month in MONTHS:
        source = args.source / f"{month}-essex-street.csv"
        if not source.is_file():
            print(f"{source}: not found", file=sys.stderr)
            return 1
        text, counts = extract(source.read_bytes().decode("utf-8-sig"))
        target = args.out / f"{month}-south-east-essex-street.csv.gz"
        # No file name and no time in the gzip header: the same input gives the same bytes.
        with target.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as packed:
            packed.write(text.encode())
        asb = " / ".join(str(counts[f"ASB {a}"]) for a in AREAS)
        print(
            f"| {month} | {counts['rows']} | {counts[AREAS[0]]} | {counts[AREAS[1]]} | "
            f"{counts[AREAS[2]]} | {asb} | {target.stat().st_size} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
