"""``lantern seed-scale --reports N``: the fictional demo, then a borough-scale data set in
proportion to N reports, written in bulk (docs/scale.md)."""

from __future__ import annotations

import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from lantern.core import scale


class Command(BaseCommand):
    help = "Seed a fictional borough-scale data set of N reports, with everything in proportion."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, required=True, help="How many reports.")
        parser.add_argument("--seed", type=int, default=21, help="The random seed.")
        parser.add_argument("--batch", type=int, default=5000, help="Rows per COPY or INSERT.")
        parser.add_argument(
            "--no-demo",
            action="store_false",
            dest="demo",
            help="Do not run seed-demo first (it has run already).",
        )
        parser.add_argument("--json", action="store_true", help="End with one JSON line.")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if options["demo"]:
            call_command("seed-demo", stdout=self.stdout)
        counts = scale.run(
            reports=options["reports"],
            seed=options["seed"],
            batch=options["batch"],
            out=self.stdout,
        )
        seconds = round(time.monotonic() - started, 1)
        for label, rows in sorted(counts.items()):
            self.stdout.write(f"{label}: {rows} rows")
        self.stdout.write(self.style.SUCCESS(f"Seeded in {seconds} s."))
        if options["json"]:
            self.stdout.write(json.dumps({"seconds": seconds, "rows": counts}))
