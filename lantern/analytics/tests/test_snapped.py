"""The methods for snapped data on small synthetic points whose ranking is known."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from lantern.analytics import analysis
from lantern.analytics.methods import snapped
from lantern.analytics.methods.grid import Grid
from lantern.analytics.selectors import Period
from lantern.core.errors import ValidationFailed

# Four cells of 100 m in a row: cell 0 .. cell 3 (flat index = column).
GRID = Grid(0.0, 0.0, 100.0, 4, 1)


def _at(*places: tuple[float, float, int]) -> tuple[np.ndarray, np.ndarray]:
    x = [px for px, _, n in places for _ in range(n)]
    y = [py for _, py, n in places for _ in range(n)]
    return np.array(x, float), np.array(y, float)


def test_snap_counts_rank_cells_by_their_busiest_snap_point():
    # Cell 0: one snap point with 6. Cell 1: six snap points with 2 each (12 in all).
    # Cell 2: one snap point with 3 and one with 1. Cell 3: one snap point with 3.
    x, y = _at(
        (50, 50, 6),
        *[(110 + 10 * i, 50, 2) for i in range(6)],
        (250, 50, 3),
        (260, 60, 1),
        (350, 50, 3),
    )
    scores = snapped.snap_counts(x, y, GRID)
    assert list(np.argsort(-scores, kind="stable")) == [0, 2, 3, 1]
    # The naive counts rank the spread-out cell first.
    naive = GRID.counts(x, y).ravel()
    assert list(np.argsort(-naive, kind="stable")) == [1, 0, 2, 3]


def test_snap_counts_of_nothing():
    assert snapped.snap_counts(np.zeros(0), np.zeros(0), GRID).sum() == 0


def test_weighted_counts_favour_recent_incidents():
    # Cell 0: 4 incidents 4 months old. Cell 1: 2 incidents this month. Cell 2: 3 a month old.
    x, y = _at((50, 50, 4), (150, 50, 2), (250, 50, 3))
    ages = np.array([4.0] * 4 + [0.0] * 2 + [1.0] * 3)
    scores = snapped.weighted_counts(x, y, ages, GRID, half_life=1.0)
    # 4 x 1/16 = 0.25; 2 x 1 = 2; 3 x 1/2 = 1.5.
    assert scores[:3] == pytest.approx([0.25, 2.0, 1.5])
    assert list(np.argsort(-scores, kind="stable"))[:3] == [1, 2, 0]
    # A long half-life is close to plain counts: cell 0 first again.
    slow = snapped.weighted_counts(x, y, ages, GRID, half_life=100.0)
    assert list(np.argsort(-slow, kind="stable"))[:3] == [0, 2, 1]
    with pytest.raises(ValueError, match="half-life"):
        snapped.weighted_counts(x, y, ages, GRID, half_life=0)


def test_month_ages_count_back_from_the_last_training_month():
    train = Period.parse("2018-01..2018-06")
    months = [dt.date(2018, 6, 1), dt.date(2018, 1, 1), dt.date(2018, 3, 1)]
    assert list(analysis.month_ages(months, train)) == [0.0, 5.0, 3.0]


def test_the_methods_are_registered():
    x, y = _at((50, 50, 3), (150, 50, 1))
    found = analysis.surfaces(x, y, GRID, analysis.Parameters(), np.zeros(4))
    assert set(found) == set(analysis.METHODS) == set(analysis.METHOD_LABELS)
    assert {"snap_counts", "prospective"} <= set(found)
    with pytest.raises(ValidationFailed, match="half-life"):
        analysis.Parameters(half_life=0).check()
