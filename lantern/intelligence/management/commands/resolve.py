"""``lantern resolve FILE.csv [FILE2.csv] --id-column COL --map SRC=FIELD,... [--threshold P]
--out PAIRS.csv [--json]``

Finds candidate duplicate people in tabular records with Lantern's linkage model
(lantern/intelligence/linkage/: splink on an embedded DuckDB). With one file it looks for
duplicates within it; with two it links records across them. ``--map`` says which column
holds which of Lantern's fields (``dob=date_of_birth,postcode_fake=postcode``); columns not
mapped are ignored. Writes the pairs with a match probability of at least ``--threshold``
to ``--out`` (``id_l, id_r, probability``, and ``file_l, file_r`` when linking), most
probable first, and prints counts only: no value from the files. A file with a missing
column, a malformed row (named by its line), an empty or repeated id is refused with a
message and nothing is written. docs/intelligence.md says more.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.intelligence import linkage, linkage_files


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise CommandError(f"--threshold is a probability between 0 and 1, not {text!r}")
    return value


class Command(BaseCommand):
    help = "Find candidate duplicate people in one CSV file, or link two."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="one CSV file, or two")
        parser.add_argument("--id-column", required=True, help="the column with each row's id")
        parser.add_argument(
            "--map",
            action="append",
            required=True,
            metavar="SRC=FIELD,...",
            help=f"which column holds which field; the fields: {', '.join(linkage.FIELDS)}",
        )
        parser.add_argument(
            "--threshold", default="0.9", help="lowest match probability written (0.9)"
        )
        parser.add_argument("--out", required=True, help="the CSV file of pairs to write")
        parser.add_argument("--json", action="store_true", help="End with one JSON line.")

    def handle(self, *args, **options) -> None:
        files = [Path(f) for f in options["files"]]
        if len(files) > 2:
            raise CommandError("give one file to find duplicates in, or two to link")
        threshold = _threshold(options["threshold"])
        out = Path(options["out"])
        if any(out.resolve() == f.resolve() for f in files):
            raise CommandError("--out must not be one of the input files")
        try:
            mapping = linkage_files.parse_map(options["map"])
            tables = [
                linkage_files.read_records(f, id_column=options["id_column"], mapping=mapping)
                for f in files
            ]
            if not out.parent.is_dir():
                raise linkage.LinkageError(f"the folder for {out} does not exist")
            if out.is_dir():
                raise linkage.LinkageError(f"{out} is a folder: --out names the file to write")
            result = linkage.predict_pairs(*tables, threshold=threshold)
            link = len(files) == 2
            linkage_files.write_pairs(out, result, link=link, files=[f.name for f in files])
        except linkage.LinkageError as exc:
            raise CommandError(str(exc)) from None
        except Exception as exc:  # splink or DuckDB failing: a message, never a traceback
            raise CommandError(
                f"the linkage failed ({type(exc).__name__}); nothing was written"
            ) from exc
        summary = {
            "mode": "link" if link else "dedupe",
            "records": result.records,
            "candidate_pairs": result.candidate_pairs,
            "predicted_pairs": result.predicted_pairs,
            "threshold": threshold,
            "fields": list(result.fields),
            "trained": result.trained,
            "seconds": round(result.seconds, 3),
            "out": str(out),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, sort_keys=True))
            return
        what = "linked across the two files" if link else "compared within the file"
        self.stdout.write(
            f"{result.records} records {what} on {', '.join(result.fields)}; "
            f"{result.candidate_pairs} candidate pairs scored, {result.predicted_pairs} "
            f"with a match probability of at least {threshold:g} written to {out} "
            f"in {result.seconds:.1f} s."
        )
        if not result.trained:
            self.stdout.write(
                f"Fewer than {linkage.MIN_RECORDS_TO_TRAIN} records: the model used its "
                "fixed values, not values estimated from these records."
            )
