"""Benchmark: how long the patrol planner takes to choose its method
(``lantern.analytics.selection.plan_method``: rolling-origin validation of every candidate,
then the chosen method fitted on the whole basis period), against fitting the default
method once on the same points, same run (issue 21, part 3).

It reads the Essex police.uk street-level files straight from
``$LANTERN_SHARED_DATA/policeuk`` (default ``../shared/data`` beside the clone; no
database): anti-social behaviour, 2018-01 to 2018-06, the basis period, in each ``--area``
(an LSOA name prefix, "" for all of the files: 23,882 records). scipy, h3 and pyproj are
imported before the clock starts, as in a worker that has run a task before. For each area
it prints the records, the seconds of ``plan_method``, the seconds of the default fitted
once (the study area and its surface), their ratio, the method chosen and a digest of
everything the choice produced (the method, its reason, every validation month's PAI per
candidate, the plan's surface and study area): the same digest on two builds is the same
choice. The JSON last line gives the last area's: ``value`` = plan_method seconds,
``baseline`` = one fit of the default, ``ratio`` = value / baseline.

    LANTERN_SHARED_DATA=/work/shared/data .venv/bin/python bench/plan_method.py \\
        --area Southend-on-Sea --area Colchester --area ""

The lantern package is the one on ``PYTHONPATH`` if there is one (to time another build
with the same script), else this clone's.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
AREAS = ("Southend-on-Sea", "Colchester", "")


def _setup() -> None:
    sys.path.append(str(ROOT))  # after PYTHONPATH: another build on it is timed instead
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _records() -> list[tuple[str, float, float, int]]:
    """(LSOA name, longitude, latitude, month) of the anti-social behaviour, 2018-01..06."""
    rows = []
    for month in range(1, 7):
        path = SHARED / "policeuk" / f"2018-{month:02d}-essex-street.csv"
        with path.open(newline="") as f:
            for r in csv.DictReader(f):
                if r["crime_type"] == "Anti-social behaviour" and r["longitude"]:
                    rows.append(
                        (r["lsoa_name"], float(r["longitude"]), float(r["latitude"]), month)
                    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--area", action="append", help="an LSOA name prefix, '' for all")
    args = parser.parse_args()
    _setup()
    import h3  # noqa: F401  (imported before the clock, as in a warm worker)
    import numpy as np
    import scipy.ndimage
    import scipy.signal
    import scipy.spatial  # noqa: F401

    import lantern
    from lantern.analytics import analysis, selection
    from lantern.analytics.methods.grid import to_bng
    from lantern.analytics.selectors import Period

    print(f"lantern from {Path(lantern.__file__).parent.parent}")
    rows = _records()
    period = Period(dt.date(2018, 1, 1), dt.date(2018, 7, 1))
    params = analysis.Parameters().check()
    chosen: list[selection.Selection] = []
    choose = selection.rolling_origin

    def keep(*a, **k):  # the validation's figures, for the digest
        chosen.append(choose(*a, **k))
        return chosen[-1]

    selection.rolling_origin = keep
    print("| area | records | plan_method s | default fitted once s | ratio | chosen | digest |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    result = {}
    for area in args.area if args.area is not None else AREAS:
        picked = [r for r in rows if r[0].startswith(area)]
        x, y = to_bng(np.array([r[1] for r in picked]), np.array([r[2] for r in picked]))
        months = [dt.date(2018, r[3], 1) for r in picked]
        started = time.perf_counter()
        plan = selection.plan_method(x, y, months, period=period, params=params)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        study = analysis.study_area(x, y, params)
        default = selection.DEFAULT
        analysis.method_scores(
            default.method, x, y, study.grid, default.parameters(params),
            analysis.month_ages(months, period),
        )  # fmt: skip
        once = time.perf_counter() - started
        validation = chosen[-1]
        digest = hashlib.sha256(
            json.dumps(
                [plan.candidate.label(), plan.reason, validation.folds,
                 plan.scores.tobytes().hex(), plan.study.mask.tobytes().hex()]
            ).encode()
        ).hexdigest()[:16]  # fmt: skip
        print(
            f"| {area or 'all'} | {len(x)} | {seconds:.1f} | {once:.2f} | {seconds / once:.0f} "
            f"| {plan.candidate.label()} | {digest} |",
            flush=True,
        )
        result = {"area": area or "all", "value": seconds, "baseline": once, "digest": digest}
    print(
        json.dumps(
            {
                "name": "plan_method",
                "area": result["area"],
                "value": round(result["value"], 2),
                "baseline": round(result["baseline"], 3),
                "ratio": round(result["value"] / result["baseline"], 1),
                "unit": "seconds (plan_method, against the default fitted once)",
                "digest": result["digest"],
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
