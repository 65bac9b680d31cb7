"""The naive counts with their ties broken by other surfaces: the counts' ranking is never
changed, only the order of cells on the same count."""

from __future__ import annotations

import numpy as np
import pytest

from lantern.analytics import analysis
from lantern.analytics.methods import blend, snapped
from lantern.analytics.methods.grid import Grid

X0, Y0 = 585_000.0, 186_000.0


def _points(cells: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """``count`` points at the centre of cell (col, row) of a 100 m grid at (X0, Y0)."""
    x = [X0 + c * 100 + 50 for c, r, n in cells for _ in range(n)]
    y = [Y0 + r * 100 + 50 for c, r, n in cells for _ in range(n)]
    return np.array(x, float), np.array(y, float)


GRID = Grid(X0, Y0, 100.0, 10, 10)


def test_the_chain_keeps_the_counts_and_orders_ties_by_each_key_in_turn():
    counts = np.array([3.0, 2.0, 2.0, 2.0, 0.0])
    first = np.array([0.0, 1.0, 1.0, 0.0, 9.0])
    second = np.array([0.0, 0.0, 5.0, 9.0, 9.0])
    order = np.argsort(-blend.tie_break_chain(counts, first, second), kind="stable")
    assert list(order) == [0, 2, 1, 3, 4]
    assert list(blend.tie_break_chain(counts)) == list(counts)
    with pytest.raises(ValueError, match="whole-number"):
        blend.tie_break_chain(np.array([0.5]), np.array([1.0]))


def test_neighbour_counts_leave_out_the_cell_itself():
    x, y = _points([(5, 5, 4), (6, 5, 1), (0, 0, 2)])
    near = snapped.neighbour_counts(x, y, GRID, 1).reshape(GRID.shape)
    assert near[5, 5] == 1 and near[5, 6] == 4 and near[4, 4] == 4 and near[5, 7] == 1
    assert near[0, 0] == 0 and near[1, 1] == 2 and near[9, 9] == 0
    wide = snapped.neighbour_counts(x, y, GRID, 2).reshape(GRID.shape)
    assert wide[5, 3] == 4 and wide[5, 8] == 1
    with pytest.raises(ValueError, match="radius"):
        snapped.neighbour_counts(x, y, GRID, 0)


def test_busiest_snap_point_per_cell():
    x, y = _points([(2, 2, 3)])
    x, y = np.append(x, [X0 + 210.0, X0 + 210.0]), np.append(y, [Y0 + 220.0, Y0 + 220.0])
    assert snapped.busiest_snap(x, y, GRID).reshape(GRID.shape)[2, 2] == 3


def test_each_tie_break_method_orders_only_the_tied_cells():
    # Cells on 2: one whose incidents are recent, one beside a busy cell, one alone.
    x, y = _points([(5, 5, 5), (6, 5, 2), (1, 1, 2), (8, 8, 2)])
    ages = np.zeros(len(x))
    ages[5:7] = 4  # the cell beside the busy one: old
    ages[9:11] = 4  # the lone cell (8, 8): old
    params = analysis.Parameters()
    naive = analysis.method_scores("naive", x, y, GRID, params, ages)
    for method in analysis.TIE_BREAKS:
        scores = analysis.method_scores(method, x, y, GRID, params, ages)
        order = np.argsort(-scores, kind="stable")
        assert list(naive[order]) == sorted(naive, reverse=True), method
    beside, recent, lone = 5 * 10 + 6, 1 * 10 + 1, 8 * 10 + 8
    recent_first = analysis.method_scores("naive_recent_kde_ties", x, y, GRID, params, ages)
    assert recent_first[recent] > recent_first[beside] > recent_first[lone]
    near_first = analysis.method_scores("naive_neighbour_ties", x, y, GRID, params, ages)
    assert near_first[beside] > near_first[recent]
