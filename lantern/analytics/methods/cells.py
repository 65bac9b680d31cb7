"""Counts per H3 cell, and the hour-of-week matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from lantern.analytics.methods.grid import FloatArray, Grid, to_bng, to_wgs84

LONDON = ZoneInfo("Europe/London")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def h3_cells(lat: FloatArray, lon: FloatArray, resolution: int) -> list[str]:
    if not 0 <= resolution <= 15:
        raise ValueError("H3 resolution must be between 0 and 15")
    # h3 is imported where used: every web process imports this module (for DAYS and
    # LONDON), and only the analytics computations need h3.
    import h3

    return [
        h3.latlng_to_cell(float(a), float(o), resolution) for a, o in zip(lat, lon, strict=True)
    ]


def h3_counts(lat: FloatArray, lon: FloatArray, resolution: int) -> dict[str, int]:
    """Number of points in each H3 cell at ``resolution`` (cells with none are absent)."""
    return dict(Counter(h3_cells(lat, lon, resolution)))


def h3_grid_counts(x: FloatArray, y: FloatArray, grid: Grid, resolution: int) -> FloatArray:
    """Flat scores (grid.size): the number of points (BNG metres) in the H3 cell, at
    ``resolution``, of each grid cell's centre.

    A centre scores only if its H3 cell holds a point, so only the centres near such a cell
    are looked up, not all of the grid's (a county's grid holds some 800,000 cells, and H3
    has no vectorised look-up): those within the bounding box, in BNG metres, of each
    occupied H3 cell's corners, widened on every side by the box's own size and at least two
    grid cells. An H3 cell's edges bend away from the straight lines between its corners by
    far less than its size, so no centre inside an occupied cell is left out, and the
    centres looked up are given exactly the score a look-up of every centre gives them.
    The cells are handled as H3's integers rather than its strings (the same cells)."""
    if not 0 <= resolution <= 15:
        raise ValueError("H3 resolution must be between 0 and 15")
    import h3.api.basic_int as h3int  # see h3_cells

    scores = np.zeros(grid.size)
    if len(x) == 0:
        return scores
    lon, lat = to_wgs84(x, y)
    per_h3 = Counter(
        h3int.latlng_to_cell(float(a), float(o), resolution) for a, o in zip(lat, lon, strict=True)
    )
    occupied = list(per_h3)
    corners = [h3int.cell_to_boundary(c) for c in occupied]
    sizes = np.array([len(c) for c in corners])
    clat, clon = np.array([v for c in corners for v in c], float).T
    cx, cy = to_bng(clon, clat)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    x_lo, x_hi = np.minimum.reduceat(cx, starts), np.maximum.reduceat(cx, starts)
    y_lo, y_hi = np.minimum.reduceat(cy, starts), np.maximum.reduceat(cy, starts)
    margin = np.maximum(np.maximum(x_hi - x_lo, y_hi - y_lo), 2 * grid.cell)
    # Columns and rows whose centres may lie in each widened box (one more on each side).
    c0 = np.floor((x_lo - margin - grid.x0) / grid.cell) - 1
    c1 = np.ceil((x_hi + margin - grid.x0) / grid.cell) + 1
    r0 = np.floor((y_lo - margin - grid.y0) / grid.cell) - 1
    r1 = np.ceil((y_hi + margin - grid.y0) / grid.cell) + 1
    c0, c1 = np.clip(c0, 0, grid.nx).astype(int), np.clip(c1, 0, grid.nx).astype(int)
    r0, r1 = np.clip(r0, 0, grid.ny).astype(int), np.clip(r1, 0, grid.ny).astype(int)
    near = np.zeros(grid.shape, bool)
    for a, b, c, d in zip(r0, r1, c0, c1, strict=True):
        near[a : b + 1, c : d + 1] = True
    looked_up = np.flatnonzero(near)
    gx, gy = grid.centres()
    glon, glat = to_wgs84(gx.ravel()[looked_up], gy.ravel()[looked_up])
    scores[looked_up] = [
        per_h3.get(h3int.latlng_to_cell(float(a), float(o), resolution), 0)
        for a, o in zip(glat, glon, strict=True)
    ]
    return scores


def h3_boundary(cell: str) -> list[tuple[float, float]]:
    """The cell's outline as (longitude, latitude) pairs, closed, for GeoJSON."""
    import h3

    ring = [(lng, lat) for lat, lng in h3.cell_to_boundary(cell)]
    return [*ring, ring[0]]


def hour_of_week(times: Iterable[dt.datetime]) -> NDArray[np.int64]:
    """A 7 x 24 matrix of counts: row 0 is Monday, column 0 is 00:00-00:59, in UK time.
    Naive datetimes are refused: a count an hour out is a wrong count."""
    matrix = np.zeros((7, 24), dtype=np.int64)
    for moment in times:
        if moment.tzinfo is None:
            raise ValueError("hour_of_week needs aware datetimes")
        local = moment.astimezone(LONDON)
        matrix[local.weekday(), local.hour] += 1
    return matrix
