"""Methods for snapped data. police.uk moves every incident to the nearest of a fixed set
of anonymised points (snap points), so the concentration lies on those points; a kernel
of a few hundred metres smears it over cells that hold none.

- ``snap_counts``: each cell scores by the training count of its busiest snap point (the
  cell's total breaks ties), so the top cells are those of the busiest snap points.
- ``weighted_counts``: time-weighted (prospective) counts per cell: an incident ``age``
  months before the end of training weighs 0.5 ** (age / half_life)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lantern.analytics.methods.grid import Grid

FloatArray = NDArray[np.float64]


def snap_counts(x: FloatArray, y: FloatArray, grid: Grid) -> FloatArray:
    """Flat scores (grid.size): the busiest snap point's count in each cell, then the
    cell's total. Points at the same coordinates (to the centimetre) are one snap point."""
    totals = grid.counts(x, y).ravel()
    if len(x) == 0:
        return totals
    keys = np.round(np.column_stack([np.asarray(x, float), np.asarray(y, float)]), 2)
    snaps, per_snap = np.unique(keys, axis=0, return_counts=True)
    flat, inside = grid.index(snaps[:, 0], snaps[:, 1])
    busiest = np.zeros(grid.size)
    np.maximum.at(busiest, flat[inside], per_snap[inside].astype(float))
    # Lexicographic: the busiest snap point first, the cell's total second.
    return busiest * (totals.sum() + 1) + totals


def weighted_counts(
    x: FloatArray, y: FloatArray, ages: FloatArray, grid: Grid, half_life: float
) -> FloatArray:
    """Flat scores (grid.size): the sum per cell of 0.5 ** (age / half_life), ``ages`` in
    months before the end of the training period (0 for its last month)."""
    if half_life <= 0:
        raise ValueError("the half-life must be positive")
    weights = 0.5 ** (np.asarray(ages, float) / half_life)
    flat, inside = grid.index(x, y)
    return np.bincount(flat[inside], weights=weights[inside], minlength=grid.size).astype(float)
