"""``lantern hotspots evaluate --train FROM..TO --test FROM..TO --coverage 0.03
[--category C] [--area A] [--source imported|reports ...] [--select] [--json]``

Each period is whole months (``2018-01..2018-04``) or days (``2018-07-01..2018-07-15``),
both ends included; one month or day alone (``--test 2018-07``) is that month or day.

Fits each hotspot method on the training period and reports, on the test period, the hit
rate, the Predictive Accuracy Index and the Predictive Efficiency Index of the top
``coverage`` share of the study area, with the naive baseline (training counts per cell).
With ``--select``, chooses one method and its parameters by rolling-origin validation inside
the training period (lantern/analytics/selection.py) and reports its PAI and the naive
baseline's on the test period. docs/hotspots.md says more."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.analytics import analysis, selection
from lantern.analytics.selectors import Period, Source
from lantern.core.actor import SYSTEM
from lantern.core.errors import ValidationFailed


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = "Hotspot methods: evaluate how well each predicts a later period."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        ev = sub.add_parser("evaluate", help="Hit rate, PAI and PEI per method.")
        ev.add_argument("--train", required=True, help="e.g. 2018-01..2018-04, or 2018-06")
        ev.add_argument("--test", required=True, help="e.g. 2018-05..2018-07, or 2018-07")
        ev.add_argument("--coverage", type=float, default=0.03, help="share of the area")
        ev.add_argument("--category", default="", help='e.g. "Anti-social behaviour"')
        ev.add_argument(
            "--area",
            default="",
            help='an area drawn in Lantern, or an LSOA name prefix, e.g. "Southend-on-Sea"',
        )
        ev.add_argument(
            "--source",
            action="append",
            choices=[s.value for s in Source],
            help="imported (default) and/or reports",
        )
        ev.add_argument("--cell", type=float, default=100.0, help="grid cell size in metres")
        ev.add_argument("--bandwidth", type=float, default=200.0, help="KDE bandwidth, metres")
        ev.add_argument("--gi-radius", type=int, default=2, help="Gi* neighbourhood, cells")
        ev.add_argument("--h3-resolution", type=int, default=9)
        ev.add_argument("--half-life", type=float, default=2.0, help="time-weighted counts, months")
        ev.add_argument(
            "--blend-weight", type=float, default=0.75, help="the naive counts' share in blends"
        )
        ev.add_argument(
            "--select",
            action="store_true",
            help="choose the method by rolling-origin validation inside the training period",
        )
        ev.add_argument("--json", action="store_true", help="End with one JSON line.")

    def handle(self, *args, **options) -> None:
        params = analysis.Parameters(
            cell=options["cell"],
            bandwidth=options["bandwidth"],
            gi_radius=options["gi_radius"],
            h3_resolution=options["h3_resolution"],
            half_life=options["half_life"],
            blend_weight=options["blend_weight"],
        )
        sources = frozenset(Source(s) for s in (options["source"] or ["imported"]))
        evaluate = selection.evaluate_selected if options["select"] else analysis.evaluate
        try:
            result = evaluate(
                actor=SYSTEM,
                train=_period(options["train"]),
                test=_period(options["test"]),
                coverage=options["coverage"],
                category=options["category"],
                area=options["area"],
                sources=sources,
                params=params,
            )
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True))
            return
        if options["select"]:
            self._selected(result)
            return
        self.stdout.write(
            f"Train {result['train']} ({result['train_records']} records), "
            f"test {result['test']} ({result['test_records']} records); "
            f"hotspots cover {result['coverage']:.1%} of {result['study_cells']} cells "
            f"of {params.cell:g} m."
        )
        width = max(len(label) for label in analysis.METHOD_LABELS.values())
        self.stdout.write(f"{'method':<{width}} {'hit rate':>9} {'PAI':>7} {'PEI':>6}")
        for method in analysis.METHODS:
            r = result["methods"][method]
            self.stdout.write(
                f"{analysis.METHOD_LABELS[method]:<{width}} {r['hit_rate']:>9.1%} "
                f"{r['pai']:>7.2f} {r['pei']:>6.2f}"
            )
        self.stdout.write(f"Best by PAI: {analysis.METHOD_LABELS[result['best_by_pai']]}")

    def _selected(self, result: dict) -> None:
        chosen, naive = result["chosen"], result["naive"]
        self.stdout.write(
            f"Chose {chosen['label']} by rolling-origin validation over "
            f"{len(result['folds'])} months inside {result['train']} (each month scored on "
            f"the months before it). {chosen['reason']}"
        )
        self.stdout.write(
            f"On {result['test']} ({result['test_records_in_study']} records in the study "
            f"area), at {result['coverage']:.1%} of {result['study_cells']} cells: "
            f"PAI {chosen['pai']:.2f} (hit rate {chosen['hit_rate']:.1%}); "
            f"naive baseline PAI {naive['pai']:.2f} (hit rate {naive['hit_rate']:.1%})."
        )
