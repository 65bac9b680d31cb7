"""``lantern resolve-entities [--partnership NAME] [--threshold P] [--json]``

Looks for duplicate people (record linkage), vehicles and phones (rules) among the
intelligence entities of one partnership, or of every partnership, and puts each new pair
forward for an analyst to decide on /intelligence/resolution/. It runs as the system and
merges nothing. Prints counts only, never a name or a value; with ``--json`` the last line
is one JSON object (partnerships, people, vehicles, phones, candidate_pairs, predicted,
rule_pairs, proposed, known, trained, threshold, seconds). docs/intelligence/resolution.md
says more.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.models import Partnership
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence.services import candidates_find


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise CommandError(f"--threshold is a probability between 0 and 1, not {text!r}")
    return value


class Command(BaseCommand):
    help = "Find candidate duplicate people, vehicles and phones for analysts to decide."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", help="the partnership's name (all when left out)")
        parser.add_argument(
            "--threshold", default="0.9", help="lowest match probability put forward (0.9)"
        )
        parser.add_argument("--json", action="store_true", help="End with one JSON line.")

    def handle(self, *args, **options) -> None:
        threshold = _threshold(options["threshold"])
        partnership_id = None
        if options["partnership"]:
            found = Partnership.objects.filter(name__iexact=options["partnership"].strip()).first()
            if found is None:
                raise CommandError(f"No partnership named {options['partnership']!r}")
            partnership_id = found.pk
        try:
            result = candidates_find(SYSTEM, partnership_id=partnership_id, threshold=threshold)
        except (NotFound, ValidationFailed) as exc:
            raise CommandError(str(exc)) from None
        summary = result.as_dict()
        summary.pop("candidate_ids")
        if options["json"]:
            self.stdout.write(json.dumps(summary, sort_keys=True))
            return
        self.stdout.write(
            f"{result.partnerships} partnership(s): {result.people} people, "
            f"{result.vehicles} vehicles and {result.phones} phones compared; "
            f"{result.predicted} people pairs at or above {threshold:g} and "
            f"{result.rule_pairs} vehicle or phone pairs found; {result.proposed} new pairs "
            f"put forward, {result.known} already put forward or decided "
            f"({result.seconds:.1f} s). Nothing was merged."
        )
