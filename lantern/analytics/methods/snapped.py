"""Methods for snapped data. police.uk moves every incident to the nearest of a fixed set
of anonymised points (snap points), so the concentration lies on those points; a kernel
of a few hundred metres smears it over cells that hold none.

- ``snap_counts``: each cell scores by the training count of its busiest snap point (the
  cell's total breaks ties), so the top cells are those of the busiest snap points.
- ``weighted_counts``: time-weighted (prospective) counts per cell: an incident ``age``
  months before the end of training weighs 0.5 ** (age / half_life).
- ``busiest_snap``: the training count of each cell's busiest snap point alone.
- ``neighbour_counts``: the training count in the cells around each cell (within
  ``radius`` cells, the cell itself left out): near repeats, on the grid of the counts."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lantern.analytics.methods.grid import Grid

FloatArray = NDArray[np.float64]


def busiest_snap(x: FloatArray, y: FloatArray, grid: Grid) -> FloatArray:
    """Flat scores (grid.size): the count of each cell's busiest snap point (0 for none).
    Points at the same coordinates (to the centimetre) are one snap point."""
    busiest = np.zeros(grid.size)
    if len(x) == 0:
        return busiest
    keys = np.round(np.column_stack([np.asarray(x, float), np.asarray(y, float)]), 2)
    snaps, per_snap = np.unique(keys, axis=0, return_counts=True)
    flat, inside = grid.index(snaps[:, 0], snaps[:, 1])
    np.maximum.at(busiest, flat[inside], per_snap[inside].astype(float))
    return busiest


def neighbour_counts(x: FloatArray, y: FloatArray, grid: Grid, radius: int) -> FloatArray:
    """Flat scores (grid.size): the points in the (2 radius + 1)² cells around each cell,
    less those in the cell itself."""
    if radius < 1:
        raise ValueError("the radius must be at least one cell")
    counts = np.asarray(grid.counts(x, y), float)
    padded = np.pad(counts, radius)
    # A summed-area table: each window's sum from four corners.
    table = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1))
    table[1:, 1:] = padded.cumsum(0).cumsum(1)
    w = 2 * radius + 1
    rows, cols = counts.shape
    window = table[w : w + rows, w : w + cols] - table[:rows, w : w + cols]
    window = window - table[w : w + rows, :cols] + table[:rows, :cols]
    return np.round(window - counts, 9).ravel()


def snap_counts(x: FloatArray, y: FloatArray, grid: Grid) -> FloatArray:
    """Flat scores (grid.size): the busiest snap point's count in each cell, then the
    cell's total. Points at the same coordinates (to the centimetre) are one snap point."""
    totals = grid.counts(x, y).ravel()
    if len(x) == 0:
        return totals
    busiest = busiest_snap(x, y, grid)
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
