"""Hotspot surfaces and their evaluation over the points the selectors return.

The numbers come from lantern.analytics.methods; this module chooses the grid and the
study area and puts the methods side by side."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from lantern.analytics.methods import blend, cells, gistar, kde, kde_cv, measures, snapped
from lantern.analytics.methods.grid import Grid, to_bng, to_wgs84
from lantern.analytics.selectors import Period, Source, analysis_points, area_filter
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed

METHODS = (
    "kde",
    "kde_cv",
    "gi_star",
    "h3_counts",
    "snap_counts",
    "prospective",
    "blend",
    "blend_prospective",
    "naive_kde_ties",
    "naive_recent_ties",
    "naive_neighbour_ties",
    "naive_snap_ties",
    "naive_recent_neighbour_ties",
    "naive_neighbour_recent_ties",
    "naive_recent_kde_ties",
    "naive",
)
METHOD_LABELS = {
    "kde": "Kernel density (KDE)",
    "gi_star": "Getis-Ord Gi*",
    "h3_counts": "Counts per H3 cell",
    "snap_counts": "Counts on police.uk snap points",
    "prospective": "Time-weighted counts per cell",
    "kde_cv": "Kernel density, bandwidth by cross-validation",
    "blend": "Blend of naive counts and KDE",
    "blend_prospective": "Blend of naive and time-weighted counts",
    "naive_kde_ties": "Naive counts, ties broken by KDE",
    "naive_recent_ties": "Naive counts, ties broken by time-weighted counts",
    "naive_neighbour_ties": "Naive counts, ties broken by the neighbouring cells' counts",
    "naive_snap_ties": "Naive counts, ties broken by the busiest snap point",
    "naive_recent_neighbour_ties": "Naive counts, ties broken by time-weighted counts, then neighbours",
    "naive_neighbour_recent_ties": "Naive counts, ties broken by neighbours, then time-weighted counts",
    "naive_recent_kde_ties": "Naive counts, ties broken by time-weighted counts, then KDE",
    "naive": "Naive baseline (training counts per cell)",
}


@dataclass(frozen=True)
class Parameters:
    cell: float = 100.0  # metres
    bandwidth: float = 200.0  # metres
    gi_radius: int = 2  # cells
    h3_resolution: int = 9
    fdr_alpha: float = 0.05
    half_life: float = 2.0  # months, for the time-weighted counts
    blend_weight: float = 0.75  # the naive counts' share in the blends

    def check(self) -> Parameters:
        errors: dict[str, list[str]] = {}
        if not 10 <= self.cell <= 5000:
            errors["cell"] = ["Cell size must be between 10 and 5000 metres."]
        if not 10 <= self.bandwidth <= 20000:
            errors["bandwidth"] = ["Bandwidth must be between 10 and 20000 metres."]
        if not 1 <= self.gi_radius <= 10:
            errors["gi_radius"] = ["The Gi* neighbourhood must be 1 to 10 cells."]
        if not 0 <= self.h3_resolution <= 15:
            errors["h3_resolution"] = ["H3 resolution must be 0 to 15."]
        if not 0.25 <= self.half_life <= 120:
            errors["half_life"] = ["The half-life must be 0.25 to 120 months."]
        if not 0 <= self.blend_weight <= 1:
            errors["blend_weight"] = ["The blend weight must be 0 to 1."]
        if errors:
            raise ValidationFailed(errors)
        return self


# The naive counts with their ties broken by other surfaces, in order (``neighbours``: the
# counts in the cells within ``gi_radius`` cells; ``busiest_snap``: the busiest snap point's).
TIE_BREAKS = {
    "naive_recent_ties": ("prospective",),
    "naive_neighbour_ties": ("neighbours",),
    "naive_snap_ties": ("busiest_snap",),
    "naive_recent_neighbour_ties": ("prospective", "neighbours"),
    "naive_neighbour_recent_ties": ("neighbours", "prospective"),
    "naive_recent_kde_ties": ("prospective", "kde"),
}
MAX_CELLS = 1_000_000


def _grid(x: np.ndarray, y: np.ndarray, params: Parameters) -> Grid:
    grid = Grid.covering(x, y, params.cell, margin=params.cell)
    if grid.size > MAX_CELLS:
        raise ValidationFailed(
            {"cell": [f"The area needs {grid.size:,} cells; choose a larger cell size."]}
        )
    return grid


def study_mask(grid: Grid, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The cells whose centre lies in the convex hull of the points, and every cell holding
    a point. (A bounding box would count sea and fields as area.)"""
    cx, cy = grid.centres()
    mask = grid.counts(x, y).ravel() > 0
    if len(x) >= 3:
        # scipy is imported here, not at the top: every web process imports this module
        # (through the analytics forms) and scipy alone is some 80 MiB of memory.
        from scipy.spatial import ConvexHull, Delaunay, QhullError

        try:
            # Triangulating the hull's corners alone covers the same region as all the
            # points, and looking up the cell centres in a few triangles rather than in
            # thousands is some 90 times faster over a county.
            points = np.column_stack([x, y])
            corners = points[ConvexHull(points).vertices]
            hull = Delaunay(corners)
        except QhullError:  # all the points on one line
            return mask
        if hull.coplanar.size:  # a corner left out of the triangles: ask about every centre
            mask |= hull.find_simplex(np.column_stack([cx.ravel(), cy.ravel()])) >= 0
            return mask
        inside, near = _hull_rows(grid, corners)
        mask |= inside
        # Only the centres on or next to the hull's edges are looked up in the triangles,
        # in the same order as before; the answer for the others is the same (see
        # _hull_rows), and this is most of the study area's cost over a county.
        at = np.flatnonzero(near)
        mask[at] |= hull.find_simplex(np.column_stack([cx.ravel()[at], cy.ravel()[at]])) >= 0
    return mask


def _hull_rows(grid: Grid, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat masks of the cell centres well inside the convex polygon ``corners`` (its
    vertices in order, BNG metres), and of those near enough to its edges to look up.

    A centre is well inside if it is further than ``tol`` inside every edge's line, and far
    outside if it is further than ``tol`` outside any; ``tol`` is a hundred-thousandth of
    the polygon's size. scipy's ``find_simplex`` takes a point for inside a triangle when
    its barycentric coordinates are above minus 100 times the machine epsilon (minus its
    square root, some 1.5e-7, for a flat triangle), that is within less than a millionth of
    the triangle's size of it, so it answers yes for every centre well inside and no for
    every one far outside: only the rest, a band of a metre or so along the edges at
    county scale, needs it. Each edge's condition is a bound on the easting along each
    row, so the work is a few numbers per row and edge and one comparison per cell."""
    x1, y1 = corners[:, 0], corners[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    length = np.hypot(x2 - x1, y2 - y1)
    # Signed distance inside edge e of a point (px, py), for corners counter-clockwise:
    # ((x2 - x1)(py - y1) - (y2 - y1)(px - x1)) / length = (a px + b) / length.
    turn = float(np.sum(x1 * y2 - x2 * y1))
    sign = 1.0 if turn > 0 else -1.0
    tol = 1e-5 * float(max(np.ptp(x1), np.ptp(y1)))
    xs = grid.x0 + (np.arange(grid.nx) + 0.5) * grid.cell
    ys = grid.y0 + (np.arange(grid.ny) + 0.5) * grid.cell
    a = sign * -(y2 - y1)  # per edge
    b = sign * ((x2 - x1) * (ys[:, None] - y1) + (y2 - y1) * x1)  # per row and edge

    def band(margin: float) -> tuple[np.ndarray, np.ndarray]:
        # The eastings of each row at which every edge's a x + b exceeds margin * length.
        need = margin * length - b
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = need / a
        lo = np.where(a > 0, bound, -np.inf).max(axis=1)
        hi = np.where(a < 0, bound, np.inf).min(axis=1)
        flat_fails = ((a == 0) & (need >= 0)).any(axis=1)  # a level edge the row is beyond
        return np.where(flat_fails, np.inf, lo), np.where(flat_fails, -np.inf, hi)

    lo_in, hi_in = band(tol)
    lo_out, hi_out = band(-tol)
    inside = (xs > lo_in[:, None]) & (xs < hi_in[:, None])
    possible = (xs >= lo_out[:, None]) & (xs <= hi_out[:, None])
    return inside.ravel(), (possible & ~inside).ravel()


@dataclass(frozen=True)
class StudyArea:
    """The grid and its cells in the study area (a flat mask), fixed from what is known
    before the test period: the drawn area's polygon, or the training points alone."""

    grid: Grid
    mask: np.ndarray
    basis: str  # "polygon" or "training hull"


def study_area(fx: np.ndarray, fy: np.ndarray, params: Parameters, shape: Any = None) -> StudyArea:
    """The study area from the training points (BNG metres) and, when the area is drawn in
    Lantern, its polygon (``shape``, WGS84): the cells whose centre lies in the polygon, or
    else in the training points' convex hull, and every cell holding a training point."""
    if shape is None:
        grid = _grid(fx, fy, params)
        return StudyArea(grid, study_mask(grid, fx, fy), "training hull")
    import shapely

    min_lon, min_lat, max_lon, max_lat = shape.bounds
    bx, by = to_bng(np.array([min_lon, max_lon, min_lon, max_lon]),
                    np.array([min_lat, min_lat, max_lat, max_lat]))  # fmt: skip
    grid = _grid(np.concatenate([bx, fx]), np.concatenate([by, fy]), params)
    cx, cy = grid.centres()
    clon, clat = to_wgs84(cx.ravel(), cy.ravel())
    mask = np.asarray(shapely.intersects_xy(shape, clon, clat), bool)
    return StudyArea(grid, mask | (grid.counts(fx, fy).ravel() > 0), "polygon")


def choose_cells(scores: np.ndarray, area: StudyArea, coverage: float) -> np.ndarray:
    """The top ``coverage`` share of the study area's cells by ``scores``, as flat grid
    indices (ties to the lower index)."""
    inside = np.flatnonzero(area.mask)
    k = max(1, round(coverage * inside.size))
    return inside[measures.top_cells(np.asarray(scores, float).ravel()[inside], k)]


def score_cells(chosen: np.ndarray, area: StudyArea, tx: np.ndarray, ty: np.ndarray) -> dict:
    """Hit rate, PAI and PEI of the ``chosen`` cells on the test points (BNG metres); N is
    the test points in the study area."""
    test_counts = area.grid.counts(tx, ty).ravel()
    t = test_counts[area.mask]
    n, big_n = float(test_counts[chosen].sum()), float(t.sum())
    k = int(chosen.size)
    # The k highest counts, not in order: their sum is n* (whole numbers, so exact in any
    # order), and a partial selection spares sorting every cell of the study area.
    top = min(k, t.size)
    n_star = float(np.partition(t, t.size - top)[t.size - top :].sum()) if top else 0.0
    return {
        "hit_rate": round(measures.hit_rate(n, big_n), 6),
        "pai": pai_of(chosen, area, test_counts, big_n),
        "pei": round(measures.pei(n, n_star), 6),
        "hits": int(n),
        "cells": k,
    }


def pai_of(chosen: np.ndarray, area: StudyArea, test_counts: np.ndarray, big_n: float) -> float:
    """The PAI of the ``chosen`` cells (flat grid indices) on the test points' counts per cell
    (``test_counts``, flat, the whole grid), ``big_n`` of them in the study area, rounded as
    ``score_cells`` gives it: the rolling-origin selection counts each month's points once
    and scores every candidate's cells on them."""
    n, k, big_a = float(test_counts[chosen].sum()), int(chosen.size), int(area.mask.sum())
    return round(measures.pai(n, big_n, k, big_a), 6)


def month_ages(months: list[dt.date], period: Period) -> np.ndarray:
    """Each point's age in whole months before the last month of ``period`` (0 for it)."""
    last = period.end - dt.timedelta(days=1)
    end = last.year * 12 + last.month
    return np.array([max(0, end - (m.year * 12 + m.month)) for m in months], float)


# The surfaces other methods are built from, with the parameters each depends on: within
# one fit they are worked out once (``cache``), however many candidates use them.
SHARED_SURFACES = {
    "naive": (),
    "kde": ("bandwidth",),
    "kde_cv": (),
    "prospective": ("half_life",),
    "neighbours": ("gi_radius",),
    "busiest_snap": (),
}


def method_scores(
    method: str,
    x: np.ndarray,
    y: np.ndarray,
    grid: Grid,
    params: Parameters,
    ages: np.ndarray | None = None,
    cache: dict[tuple[Any, ...], np.ndarray] | None = None,
) -> np.ndarray:
    """One method's score per grid cell (a flat array of grid.size), from training points;
    ``ages`` (months before the end of training, per point) weigh the prospective counts
    (all 0, equal weights, when not given). ``cache``, when given, keeps the surfaces of
    SHARED_SURFACES for other calls on the same points, grid and ages (the caller's to
    keep to one fit); the arrays it returns are not to be changed."""
    if cache is None or method not in SHARED_SURFACES:
        return _scores(method, x, y, grid, params, ages, cache)
    key = (method, *(getattr(params, name) for name in SHARED_SURFACES[method]))
    if key not in cache:
        cache[key] = _scores(method, x, y, grid, params, ages, cache)
    return cache[key]


def _scores(
    method: str,
    x: np.ndarray,
    y: np.ndarray,
    grid: Grid,
    params: Parameters,
    ages: np.ndarray | None,
    cache: dict[tuple[Any, ...], np.ndarray] | None,
) -> np.ndarray:
    if method == "naive":
        return grid.counts(x, y).ravel()
    if method == "kde":
        return (kde.kde(x, y, grid, bandwidth=params.bandwidth) * 1e6).ravel()  # per km²
    if method == "gi_star":
        return np.asarray(gistar.gi_star_grid(grid.counts(x, y), radius=params.gi_radius))
    if method == "h3_counts":
        return cells.h3_grid_counts(x, y, grid, params.h3_resolution)
    if method == "snap_counts":
        return snapped.snap_counts(x, y, grid)
    if method == "prospective":
        weights = np.zeros(len(x)) if ages is None else ages
        return snapped.weighted_counts(x, y, weights, grid, params.half_life)
    if method == "kde_cv":
        return kde_cv.kde_cv(x, y, grid)[0]
    if method in ("blend", "blend_prospective"):
        smoother = "kde" if method == "blend" else "prospective"
        smoothed = method_scores(smoother, x, y, grid, params, ages, cache)
        naive = method_scores("naive", x, y, grid, params, ages, cache)
        return blend.blend(naive, smoothed, params.blend_weight)
    if method == "naive_kde_ties":
        smoothed = method_scores("kde", x, y, grid, params, ages, cache)
        return blend.tie_break(method_scores("naive", x, y, grid, params, ages, cache), smoothed)
    if method in TIE_BREAKS:
        keys = [method_scores(k, x, y, grid, params, ages, cache) for k in TIE_BREAKS[method]]
        naive = method_scores("naive", x, y, grid, params, ages, cache)
        return blend.tie_break_chain(naive, *keys)
    if method == "neighbours":
        return snapped.neighbour_counts(x, y, grid, params.gi_radius)
    if method == "busiest_snap":
        return snapped.busiest_snap(x, y, grid)
    raise ValueError(f"unknown method {method!r}")


def surfaces(
    x: np.ndarray,
    y: np.ndarray,
    grid: Grid,
    params: Parameters,
    ages: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Each method's score per grid cell (flat arrays of grid.size), from training points."""
    return {method: method_scores(method, x, y, grid, params, ages) for method in METHODS}


def evaluate(
    *,
    actor: Actor,
    train: Period,
    test: Period,
    coverage: float,
    category: str = "",
    area: str = "",
    sources: frozenset[Source] = frozenset({Source.IMPORTED}),
    params: Parameters | None = None,
) -> dict[str, Any]:
    """Fit each method on ``train``, choose the top ``coverage`` share of the study area's
    cells, and score the choice on ``test``: hit rate, PAI and PEI per method."""
    params = (params or Parameters()).check()
    if not 0 < coverage <= 1:
        raise ValidationFailed({"coverage": ["Coverage must be more than 0 and at most 1."]})
    if train.start < test.end and test.start < train.end:
        raise ValidationFailed({"test": ["The test period overlaps the training period."]})
    # The study area and every method's hotspots are fixed from the training period (and
    # the drawn area's polygon) before the test period is read.
    fit = analysis_points(actor=actor, period=train, category=category, area=area, sources=sources)
    if len(fit) == 0:
        raise ValidationFailed({"period": ["There are no located records in the training period."]})
    where = area_filter(actor=actor, area=area)
    fx, fy = to_bng(fit.lon, fit.lat)
    study = study_area(fx, fy, params, where.shape if where is not None else None)
    chosen = {
        method: choose_cells(scores, study, coverage)
        for method, scores in surfaces(
            fx, fy, study.grid, params, month_ages(fit.months, train)
        ).items()
    }
    score = analysis_points(actor=actor, period=test, category=category, area=area, sources=sources)
    tx, ty = to_bng(score.lon, score.lat)
    in_study = int(study.grid.counts(tx, ty).ravel()[study.mask].sum())
    if in_study == 0:
        raise ValidationFailed(
            {"period": ["There are no located records of the test period in the study area."]}
        )
    results = {method: score_cells(cells_, study, tx, ty) for method, cells_ in chosen.items()}
    best = max(METHODS, key=lambda m: (results[m]["pai"], -METHODS.index(m)))
    return {
        "train": str(train),
        "test": str(test),
        "coverage": coverage,
        "category": category,
        "area": area,
        "sources": sorted(sources),
        "parameters": asdict(params),
        "cell_area_m2": params.cell**2,
        "study_area": study.basis,
        "study_cells": int(study.mask.sum()),
        "train_records": len(fit),
        "test_records": len(score),
        "test_records_in_study": in_study,
        "no_location": fit.no_location + score.no_location,
        "methods": results,
        "best_by_pai": best,
    }


def month_label(day: dt.date) -> str:
    return day.strftime("%B %Y")
