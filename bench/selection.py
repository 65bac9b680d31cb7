"""Benchmark: does the method chosen by ``lantern hotspots evaluate --select`` beat the naive
baseline on held-out months, across areas and crime types (issue 21, part 3)?

For every area x category x split (a training window and the month after it), it runs the
command itself (``hotspots evaluate --select ... --json``) and reads the chosen method, its
PAI on the held-out month and the naive baseline's PAI on the same month and study area.
The selection sees only the training window (lantern/analytics/selection.py); the held-out
month is read after the choice.

The database is the one the settings name (``DATABASE_URL``, or the SQLite file under
``LANTERN_VAR_DIR``). With ``--import``, the Essex police.uk files
(``$LANTERN_SHARED_DATA/policeuk``, 2018-01 to 2018-07, 115,065 rows) are imported first
into that database, which must hold no police.uk records yet.

Prints one Markdown row per combination (the table in docs/hotspots.md), then one JSON line:
``value`` = combinations where the chosen PAI is at least the naive PAI, ``baseline`` = all
combinations, ``ratio`` = value / baseline (goal 1.0: never below the baseline), with the
counts above, level and below and the mean difference. A second table pools the held-out
months per area and category (all their hits over the points expected at random in the same
share of the area, for the chosen method and the naive baseline), and the JSON line adds its
counts (``pooled_above``, ``pooled_level``, ``pooled_below``, ``pooled_mean_difference``).
``--design`` runs on the eight design areas instead of the six reported ones.

    LANTERN_VAR_DIR=/tmp/sel LANTERN_SHARED_DATA=/work/shared/data \\
        .venv/bin/python bench/selection.py --import
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
AREAS = ("Southend-on-Sea", "Basildon", "Colchester", "Chelmsford", "Castle Point", "Rochford")
# The areas the rule and the candidates were designed on (docs/hotspots.md), never the above.
DESIGN_AREAS = (
    "Thurrock",
    "Tendring",
    "Harlow",
    "Braintree",
    "Epping Forest",
    "Uttlesford",
    "Brentwood",
    "Maldon",
)
CATEGORIES = ("Anti-social behaviour", "Violence and sexual offences")
SPLITS = (
    ("2018-01..2018-04", "2018-05"),
    ("2018-01..2018-05", "2018-06"),
    ("2018-01..2018-06", "2018-07"),
)


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _import() -> None:
    from django.core.management import call_command

    from lantern.analytics.models import PoliceUkRecord

    call_command("migrate", verbosity=0)
    if PoliceUkRecord.objects.exists():
        raise SystemExit("police.uk records exist already; leave out --import")
    paths = sorted((SHARED / "policeuk").glob("2018-0[1-7]-essex-street.csv"))
    if len(paths) != 7:
        raise SystemExit(f"the seven Essex files are not in {SHARED / 'policeuk'}")
    call_command("import", "policeuk", *map(str, paths), stdout=io.StringIO())


def run_one(area: str, category: str, train: str, test: str, coverage: float) -> dict:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command(
        "hotspots",
        "evaluate",
        "--select",
        "--train",
        train,
        "--test",
        test,
        "--coverage",
        str(coverage),
        "--category",
        category,
        "--area",
        area,
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--import", dest="do_import", action="store_true")
    parser.add_argument("--area", action="append", help=f"default: {', '.join(AREAS)}")
    parser.add_argument(
        "--design",
        action="store_true",
        help=f"the design areas instead: {', '.join(DESIGN_AREAS)}",
    )
    parser.add_argument("--category", action="append", help=f"default: {', '.join(CATEGORIES)}")
    parser.add_argument(
        "--split",
        action="append",
        help="TRAIN:TEST, e.g. 2018-01..2018-06:2018-07 (default: tests 2018-05, 06 and 07)",
    )
    parser.add_argument("--coverage", type=float, default=0.03)
    parser.add_argument("--save", help="also write each run's JSON to this file, one a line")
    args = parser.parse_args()
    splits = [tuple(s.split(":", 1)) for s in args.split] if args.split else list(SPLITS)
    _setup()
    if args.do_import:
        _import()

    print(
        "| train | test | category | area | N | chosen | mean validation PAI "
        "| test PAI | naive test PAI | difference |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    above = level = below = 0
    differences = []
    seconds = 0.0
    pooled: dict[tuple[str, str], dict[str, float]] = {}
    for train, test in splits:
        for category in args.category or CATEGORIES:
            for area in args.area or (DESIGN_AREAS if args.design else AREAS):
                r = run_one(area, category, train, test, args.coverage)
                if args.save:
                    with open(args.save, "a") as saved:
                        saved.write(json.dumps(r, sort_keys=True) + "\n")
                chosen, naive = r["chosen"], r["naive"]
                diff = round(chosen["pai"] - naive["pai"], 2)
                differences.append(diff)
                seconds += r["seconds"]
                # Over the held-out months together: hits over the points expected in the
                # same share of the study area at random.
                share = chosen["cells"] / r["study_cells"]
                acc = pooled.setdefault((category, area), dict.fromkeys(("c", "n", "e"), 0.0))
                acc["c"] += chosen["hits"]
                acc["n"] += naive["hits"]
                acc["e"] += r["test_records_in_study"] * share
                if diff > 0:
                    above += 1
                elif diff < 0:
                    below += 1
                else:
                    level += 1
                print(
                    f"| {train} | {test} | {category} | {area} | {r['test_records_in_study']} "
                    f"| {chosen['label']} | {chosen['validation_mean_pai']:.2f} "
                    f"| {chosen['pai']:.2f} | {naive['pai']:.2f} | {diff:+.2f} |",
                    flush=True,
                )
    total = above + level + below
    print()
    print(
        "| category | area | held-out months | chosen pooled PAI | naive pooled PAI | difference |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    pooled_diffs = []
    for (category, area), t in pooled.items():
        c, n = t["c"] / t["e"], t["n"] / t["e"]
        pooled_diffs.append(round(c - n, 2))
        print(f"| {category} | {area} | {len(splits)} | {c:.2f} | {n:.2f} | {c - n:+.2f} |")
    print(
        json.dumps(
            {
                "name": "hotspot_selection",
                "value": above + level,
                "baseline": total,
                "ratio": round((above + level) / total, 3),
                "goal": 1.0,
                "unit": "combinations with chosen PAI >= naive PAI",
                "above": above,
                "level": level,
                "below": below,
                "mean_difference": round(sum(differences) / total, 3),
                "pooled_above": sum(d > 0 for d in pooled_diffs),
                "pooled_level": sum(d == 0 for d in pooled_diffs),
                "pooled_below": sum(d < 0 for d in pooled_diffs),
                "pooled_mean_difference": round(sum(pooled_diffs) / len(pooled_diffs), 3),
                "coverage": args.coverage,
                "seconds": round(seconds, 1),
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
