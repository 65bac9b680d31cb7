"""``lantern dp records``: the record of processing activities (issue 23)."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.processing import REGIME_LABELS, Regime
from lantern.dataprotection.records import records_of_processing


class Command(BaseCommand):
    help = "Data protection: 'records' prints the record of processing activities."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        records = sub.add_parser(
            "records",
            help="Every record class: regime, lawful basis and condition, retention rule.",
        )
        records.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options) -> None:
        result = records_of_processing()
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self._table(result)
        if result["undeclared"]:
            raise CommandError(
                "Models with no declaration: " + ", ".join(result["undeclared"]), returncode=1
            )

    def _table(self, result: dict) -> None:
        personal = [r for r in result["record_classes"] if r["personal_data"]]
        other = [r for r in result["record_classes"] if not r["personal_data"]]
        self.stdout.write(f"Record classes holding personal data ({len(personal)})")
        for entry in personal:
            retention = entry["retention"]
            confirm = " (confirm locally)" if retention["confirm_locally"] else ""
            self.stdout.write("")
            self.stdout.write(f"{entry['name']}  [{entry['model']}]")
            self.stdout.write(f"  Data: {entry['data']}")
            for p in entry["processing"]:
                self.stdout.write(f"  {REGIME_LABELS[Regime(p['regime'])]}: {p['purpose']}")
                self.stdout.write(f"    Basis: {p['basis']}")
                for condition in p["conditions"]:
                    self.stdout.write(f"    Condition: {condition}")
            self.stdout.write(
                f"  Retention: {retention['title']}, {retention['default']}{confirm};"
                f" clock: {retention['clock']}"
            )
        self.stdout.write("")
        self.stdout.write(f"Models holding no personal data ({len(other)})")
        for entry in other:
            self.stdout.write(f"  {entry['name']}  [{entry['model']}]: {entry['reason']}")
