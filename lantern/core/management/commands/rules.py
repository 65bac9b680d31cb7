"""``lantern rules [--json]``: every rule Lantern checks, with its ID, source and message
(with the deployment's default values; ``template`` in the JSON names the values a local
authority's policy fills in)."""

import json

from django.core.management.base import BaseCommand, CommandParser

from lantern.core.rules import all_rules


class Command(BaseCommand):
    help = "List every rule in Lantern: ID, source (statute section) and message."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options) -> None:
        rules = [
            {
                "id": rule.id,
                "source": rule.source,
                # With the deployment's default values; the template names what varies.
                "message": rule.message(),
                "template": rule.template(),
            }
            for rule in all_rules()
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"rules": rules, "count": len(rules)}))
            return
        if not rules:
            self.stdout.write("No rules are registered.")
        for rule in rules:
            self.stdout.write(f"{rule['id']}  ({rule['source']})\n    {rule['message']}\n")
