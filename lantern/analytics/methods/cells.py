"""Counts per H3 cell, and the hour-of-week matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from lantern.analytics.methods.grid import FloatArray

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
