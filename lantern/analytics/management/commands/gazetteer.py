"""``lantern gazetteer streets FILE.csv`` and ``lantern gazetteer policeuk``: fill the local
gazetteer that finds places by name (docs/places.md).

- ``streets``: the partnership's list of streets and places, a CSV with the header
  ``name,latitude,longitude`` and, optionally, ``postcode``, ``locality`` and ``kind``
  (street or place). One row per known point; a street may have several.
- ``policeuk``: the location names ("On or near ...") of the police.uk records already
  imported. ``lantern import policeuk`` does this for each file it imports."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.analytics import services
from lantern.core.actor import SYSTEM
from lantern.places.models import GazetteerEntry
from lantern.places.services import NamedPoint, gazetteer_add

REQUIRED = {"name", "latitude", "longitude"}


def _points(path: Path) -> list[NamedPoint]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = REQUIRED - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{path.name}: the header lacks {', '.join(sorted(missing))}")
        points = []
        for line, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except ValueError:
                raise CommandError(f"{path.name} line {line}: latitude and longitude") from None
            kind = (row.get("kind") or "").strip().lower()
            if kind not in {"", "street", "place"}:
                raise CommandError(f"{path.name} line {line}: kind is street or place")
            points.append(
                NamedPoint(
                    name=row["name"],
                    latitude=lat,
                    longitude=lon,
                    kind=kind,
                    postcode=row.get("postcode") or "",
                    locality=row.get("locality") or "",
                )
            )
    return points


class Command(BaseCommand):
    help = "Fill the local gazetteer: a CSV of streets, or the police.uk names already held."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True)
        streets = sub.add_parser("streets", help="A CSV: name,latitude,longitude[,postcode,...]")
        streets.add_argument("file", type=Path, metavar="FILE")
        sub.add_parser("policeuk", help="The location names of the imported police.uk records.")

    def handle(self, *args, **options) -> None:
        if options["source"] == "streets":
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            points = _points(path)
            added = gazetteer_add(actor=SYSTEM, source=GazetteerEntry.Source.LOCAL, points=points)
        else:
            added = services.policeuk_gazetteer_fill(actor=SYSTEM)
        self.stdout.write(f"{added} named points added to the gazetteer.\n")
