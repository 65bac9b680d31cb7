"""``lantern import policeuk FILE... [--json]``: import police.uk street-level CSVs (plain or
gzip'd).

A progress bar goes to stderr; with ``--json`` the last line of stdout is one JSON object
with the totals (``read``, ``imported``, ``duplicates``, ``no_location``, ``bad_rows``)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from lantern.analytics import importer, services
from lantern.core.actor import SYSTEM
from lantern.core.errors import ValidationFailed

MAX_BAD_ROWS_SHOWN = 50


class Command(BaseCommand):
    help = "Import open data files (police.uk street-level crime and ASB)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True)
        policeuk = sub.add_parser(
            "policeuk", help="police.uk street-level CSV files (.csv or .csv.gz)."
        )
        policeuk.add_argument("files", nargs="+", type=Path, metavar="FILE")
        policeuk.add_argument("--json", action="store_true", help="End with one JSON line.")
        policeuk.add_argument(
            "--no-progress", action="store_true", help="Do not draw the progress bar."
        )

    def handle(self, *args, **options) -> None:
        files: list[Path] = options["files"]
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        totals = dict.fromkeys(("read", "imported", "duplicates", "no_location", "bad_rows"), 0)
        per_file = []
        total_lines = sum(_count_lines(p) for p in files)
        with tqdm(
            total=total_lines,
            unit="rows",
            file=self.stderr._out,
            disable=options["no_progress"],
            mininterval=0.5,
        ) as bar:
            for path in files:
                bar.set_description(path.name)
                try:
                    batch, bad = services.policeuk_import(
                        actor=SYSTEM, path=path, progress=bar.update
                    )
                except ValidationFailed as exc:
                    raise CommandError(f"{path}: {exc}") from None
                for row in bad[:MAX_BAD_ROWS_SHOWN]:
                    self.stderr.write(f"{path.name}: line {row.line}: {row.reason}")
                if len(bad) > MAX_BAD_ROWS_SHOWN:
                    self.stderr.write(f"{path.name}: {len(bad) - MAX_BAD_ROWS_SHOWN} more bad rows")
                counts = {
                    "file": path.name,
                    "read": batch.read,
                    "imported": batch.imported,
                    "duplicates": batch.duplicates,
                    "no_location": batch.no_location,
                    "bad_rows": batch.bad_rows,
                    "bad_lines": [row.line for row in bad[:MAX_BAD_ROWS_SHOWN]],
                }
                per_file.append(counts)
                for key in totals:
                    totals[key] += counts[key]  # type: ignore[operator]
        for counts in per_file:
            if not options["json"]:
                self.stdout.write(
                    f"{counts['file']}: read {counts['read']}, imported {counts['imported']}, "
                    f"duplicates {counts['duplicates']}, no location {counts['no_location']}, "
                    f"bad rows {counts['bad_rows']}"
                )
        if options["json"]:
            self.stdout.write(json.dumps({**totals, "files": per_file}, sort_keys=True))
        else:
            self.stdout.write(
                "Total: read {read}, imported {imported}, duplicates {duplicates}, "
                "no location {no_location}, bad rows {bad_rows}".format(**totals)
            )


def _count_lines(path: Path) -> int:
    """The rows after the header, for the progress bar; 0 if the file does not decompress
    (the import then says why)."""
    try:
        with importer.open_bytes(path) as handle:
            return max(
                sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1,
                0,
            )
    except (OSError, EOFError, zlib.error):
        return 0
