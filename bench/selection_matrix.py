"""Design tool for the ``--select`` rule (issue 21, part 3): every candidate's score on
every month, fitted on the months before it, per area and category, written to a JSON file
so that rules can be compared without refitting.

For each area x category and each month k from 2018-02 to 2018-07, each candidate (the
rule's, plus ``--extra`` ones) is fitted on the months before k, in the study area of those
months (the training points' hull), and its top ``--coverage`` cells are scored on month k:
hits, N (month k's points in the study area), cells and study cells. A rule's choice for a
held-out month M uses only the months before M (the validation folds of a training window
2018-01..M-1), and the held-out score is the row for M itself, which is what
``evaluate --select --train 2018-01..M-1 --test M`` scores: same study area, same fit.

    LANTERN_VAR_DIR=/tmp/sel PYTHONPATH=$PWD .venv/bin/python bench/selection_matrix.py \\
        --design --out /tmp/design.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from selection import AREAS, CATEGORIES, DESIGN_AREAS, _setup  # type: ignore[import-not-found]

MONTHS = [dt.date(2018, m, 1) for m in range(1, 8)]


def extra_candidates():
    from lantern.analytics.selection import Candidate

    return (
        *(Candidate("naive_recent_ties", (("half_life", h),)) for h in (1.0, 2.0, 4.0)),
        *(Candidate("naive_neighbour_ties", (("gi_radius", r),)) for r in (1, 2)),
        Candidate("naive_snap_ties"),
        *(
            Candidate("naive_recent_neighbour_ties", (("half_life", h), ("gi_radius", 1)))
            for h in (1.0, 2.0, 4.0)
        ),
        Candidate("naive_recent_neighbour_ties", (("half_life", 2.0), ("gi_radius", 2))),
        *(
            Candidate("naive_neighbour_recent_ties", (("gi_radius", r), ("half_life", 2.0)))
            for r in (1, 2)
        ),
        *(
            Candidate("naive_recent_kde_ties", (("half_life", 2.0), ("bandwidth", b)))
            for b in (100.0, 200.0)
        ),
    )


def matrix(area: str, category: str, candidates, coverage: float) -> dict:
    import numpy as np

    from lantern.analytics import analysis
    from lantern.analytics.analysis import Parameters, choose_cells, method_scores
    from lantern.analytics.methods.grid import to_bng
    from lantern.analytics.selectors import Period, analysis_points
    from lantern.core.actor import SYSTEM

    params = Parameters()
    points = analysis_points(
        actor=SYSTEM, period=Period.parse("2018-01..2018-07"), category=category, area=area
    )
    x, y = to_bng(points.lon, points.lat)
    index = np.array([m.month for m in points.months])
    rows = []
    for k in range(2, 8):
        fit, held = index < k, index == k
        study = analysis.study_area(x[fit], y[fit], params)
        ages = analysis.month_ages(list(np.array(points.months, object)[fit]),
                                   Period(MONTHS[0], MONTHS[k - 1]))  # fmt: skip
        test = study.grid.counts(x[held], y[held]).ravel()
        row = {"month": f"2018-{k:02d}", "n": float(test[study.mask].sum()),
               "study_cells": int(study.mask.sum()), "hits": {}}  # fmt: skip
        for c in candidates:
            scores = method_scores(c.method, x[fit], y[fit], study.grid, c.parameters(params), ages)
            cells = choose_cells(scores, study, coverage)
            row["cells"] = int(cells.size)
            row["hits"][c.label()] = float(test[cells].sum())
        rows.append(row)
    return {"area": area, "category": category, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--design", action="store_true", help="the eight design areas")
    parser.add_argument("--coverage", type=float, default=0.03)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    _setup()
    from lantern.analytics.selection import CANDIDATES

    candidates = list(dict.fromkeys((*CANDIDATES, *extra_candidates())))
    out = {"candidates": [c.label() for c in candidates], "coverage": args.coverage, "runs": []}
    for category in CATEGORIES:
        for area in DESIGN_AREAS if args.design else AREAS:
            started = time.perf_counter()
            out["runs"].append(matrix(area, category, candidates, args.coverage))
            print(f"{category} {area} {time.perf_counter() - started:.1f}s", file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
