"""``lantern seed-scale --reports N``: the fictional demo, then a borough-scale data set in
proportion to N reports, written in bulk (docs/scale.md)."""

from __future__ import annotations

import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        parser.add_argument(
            "--only",
            default="",
            help="Run only these hooks, comma-separated (apps' labels, or enforcement), "
            "on a database seeded already; the audit and accounts hooks always set up.",
        )
        parser.add_argument("--json", action="store_true", help="End with one JSON line.")

    def handle(self, *args, **options) -> None:
        only = [name.strip() for name in options["only"].split(",") if name.strip()] or None
        if only is not None:
            unknown = sorted(set(only) - set(scale.hook_names()))
            if unknown:
                raise CommandError(
                    f"No seed-scale hook named {', '.join(unknown)}: "
                    f"choose from {', '.join(scale.hook_names())}"
                )
        started = time.monotonic()
        if options["demo"]:
            call_command("seed-demo", stdout=self.stdout)
        counts = scale.run(
            reports=options["reports"],
            seed=options["seed"],
            batch=options["batch"],
            out=self.stdout,
            only=only,
        )
        seconds = round(time.monotonic() - started, 1)
        for label, rows in sorted(counts.items()):
            self.stdout.write(f"{label}: {rows} rows")
        self.stdout.write(self.style.SUCCESS(f"Seeded in {seconds} s."))
        if options["json"]:
            self.stdout.write(json.dumps({"seconds": seconds, "rows": counts}))
