"""Benchmark: Lantern's hotspot methods against the reference libraries, same run.

* KDE: Lantern's kernel density (linear binning + one FFT convolution,
  lantern/analytics/methods/kde.py) on 1,000,000 points and a 512 x 512 grid, against
  KDEpy's FFTKDE on the same points, grid and Gaussian bandwidth. Goal: ratio (Lantern's
  time / KDEpy's time) at most 1.0, and the surfaces equal within 1 % of the peak.
* Gi*: Lantern's Getis-Ord Gi* (lantern/analytics/methods/gistar.py) on a 200 x 200 grid
  (40,000 cells) against esda's G_Local (star=True, binary weights, no permutations) with
  the same weights (libpysal's queen lattice plus the self-weight). Goal: at least 20
  times faster, z-scores equal within 1e-9.

Times are the best of ``--repeat`` runs after a warm-up. The last line printed is one JSON
object (DESIGN.md "Test and measure"): the KDE figures at the top level, Gi* under
``gi_star``.

    .venv/bin/python bench/hotspots.py
    .venv/bin/python bench/hotspots.py --points 100000 --repeat 3   # quick check
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lantern.analytics.methods import gistar, kde
from lantern.analytics.methods.grid import Grid


def best_of(repeat: int, fn) -> tuple[float, object]:
    result = fn()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def points(n: int, rng: np.random.Generator) -> np.ndarray:
    """A town-sized mix: 70 % in 40 clusters, 30 % spread over 20 x 20 km, in metres."""
    centres = rng.uniform(0, 20_000, size=(40, 2))
    k = int(n * 0.7)
    clustered = centres[rng.integers(0, 40, size=k)] + rng.normal(0, 250, size=(k, 2))
    spread = rng.uniform(0, 20_000, size=(n - k, 2))
    return np.vstack([clustered, spread]) + np.array([570_000.0, 180_000.0])


def bench_kde(args, rng) -> dict:
    from KDEpy import FFTKDE

    pts = points(args.points, rng)
    x, y = pts[:, 0].copy(), pts[:, 1].copy()
    n = args.grid
    margin = 4 * args.bandwidth
    lo = pts.min(axis=0) - margin
    cell = float(max(pts.max(axis=0) - lo + margin) / n)
    grid = Grid(float(lo[0]), float(lo[1]), cell, n, n)
    xs, ys = grid.centres()
    # KDEpy's grid order: the first coordinate varies slowest.
    grid_points = np.column_stack([xs.T.ravel(), ys.T.ravel()])

    def ours():
        return kde.kde(x, y, grid, bandwidth=args.bandwidth) / len(x)

    def theirs():
        return FFTKDE(kernel="gaussian", bw=args.bandwidth).fit(pts).evaluate(grid_points)

    lantern_s, surface = best_of(args.repeat, ours)
    kdepy_s, values = best_of(args.repeat, theirs)
    reference = np.asarray(values).reshape(n, n).T
    difference = float(np.abs(surface - reference).max() / reference.max())
    return {
        "lantern_seconds": round(lantern_s, 5),
        "kdepy_seconds": round(kdepy_s, 5),
        "points": args.points,
        "grid": f"{n}x{n}",
        "cell_m": round(cell, 2),
        "bandwidth_m": args.bandwidth,
        "max_difference_of_peak": round(difference, 6),
        "surfaces_agree": difference < 0.01,
    }


def bench_gi(args, rng) -> dict:
    from esda.getisord import G_Local
    from libpysal.weights import lat2W
    from scipy import sparse

    side = args.side
    values = rng.poisson(1.5, size=(side, side)).astype(float)
    for _ in range(30):
        r, c = rng.integers(5, side - 5, size=2)
        values[r - 2 : r + 3, c - 2 : c + 3] += rng.poisson(6, size=(5, 5))
    y = values.ravel()
    w = lat2W(side, side, rook=False)
    same_weights = sparse.csr_matrix(w.sparse) + sparse.identity(side * side, format="csr")
    ours_weights = gistar.grid_weights(side, side, radius=1)
    assert (ours_weights != same_weights).nnz == 0, "the weights differ"

    def ours():
        return gistar.gi_star(y, same_weights)

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return G_Local(y, w, transform="B", star=True, permutations=0).Zs

    lantern_s, z = best_of(args.repeat, ours)
    esda_s, reference = best_of(args.repeat, theirs)
    build_s, _ = best_of(args.repeat, lambda: gistar.grid_weights(side, side, radius=1))
    worst = float(np.abs(np.asarray(z) - np.asarray(reference)).max())
    speedup = esda_s / lantern_s
    return {
        "name": "hotspots.gi_star",
        "value": round(lantern_s, 6),
        "baseline": round(esda_s, 6),
        "ratio": round(speedup, 2),
        "goal": ">= 20 (esda time / Lantern time)",
        "unit": "seconds",
        "cells": side * side,
        "max_abs_z_difference": worst,
        "z_equal_within_1e-9": worst <= 1e-9,
        "lantern_weights_build_seconds": round(build_s, 6),
        "meets_goal": speedup >= 20 and worst <= 1e-9,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--grid", type=int, default=512)
    parser.add_argument("--bandwidth", type=float, default=150.0)
    parser.add_argument("--side", type=int, default=200, help="Gi* grid side (200 -> 40,000)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20180101)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    k = bench_kde(args, rng)
    ratio = k["lantern_seconds"] / k["kdepy_seconds"]
    print(
        f"KDE  {k['points']:,} points, {k['grid']} grid: Lantern {k['lantern_seconds']:.4f} s, "
        f"KDEpy FFTKDE {k['kdepy_seconds']:.4f} s, ratio {ratio:.3f} (goal <= 1.0); "
        f"surfaces differ by {k['max_difference_of_peak']:.2%} of the peak",
        file=sys.stderr,
    )
    g = bench_gi(args, rng)
    print(
        f"Gi*  {g['cells']:,} cells: Lantern {g['value']:.5f} s, esda G_Local {g['baseline']:.5f} s, "
        f"{g['ratio']:.1f} times faster (goal >= 20); max |z difference| "
        f"{g['max_abs_z_difference']:.2e}",
        file=sys.stderr,
    )
    print(json.dumps(g, sort_keys=True))
    result = {
        "name": "hotspots.kde",
        "value": k["lantern_seconds"],
        "baseline": k["kdepy_seconds"],
        "ratio": round(ratio, 4),
        "goal": "<= 1.0 (Lantern time / KDEpy FFTKDE time)",
        "unit": "seconds",
        **{key: v for key, v in k.items() if key not in ("lantern_seconds", "kdepy_seconds")},
        "meets_goal": ratio <= 1.0 and k["surfaces_agree"],
        "gi_star": g,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
