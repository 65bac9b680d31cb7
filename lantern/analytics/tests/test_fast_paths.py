"""The quicker ways the rolling-origin selection computes its pieces, each against the plain
definition it replaced: the same cells in the same order, the same scores, the same study
area, bit for bit (the choice of method, its PAIs and the plan's places must not move)."""

from __future__ import annotations

import numpy as np
import pytest

from lantern.analytics import analysis
from lantern.analytics.methods import cells, measures
from lantern.analytics.methods.grid import Grid, to_bng, to_wgs84


def _snapped_points(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Points on a few hundred 'snap points' around Southend-on-Sea (BNG metres), several
    incidents on each, as police.uk gives them."""
    rng = np.random.default_rng(seed)
    cx, cy = to_bng(np.array([0.71]), np.array([51.54]))
    snaps = np.column_stack([cx[0] + rng.normal(0, 1500, 300), cy[0] + rng.normal(0, 900, 300)])
    picked = snaps[rng.integers(0, len(snaps), n)]
    return picked[:, 0], picked[:, 1]


@pytest.mark.parametrize("seed", range(20))
def test_top_cells_equal_a_full_stable_sort(seed):
    """Many ties (small whole counts, a share of them broken by fractions), some NaN and
    negative zeros: the cells, and their order, of sorting every cell by falling score
    with ties to the lower index, cut at k, for every k."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 120))
    scores = rng.integers(0, int(rng.integers(1, 6)), n).astype(float)
    scores += rng.random(n) * (rng.random(n) < 0.3) * (seed % 2)
    if seed % 3 == 0:
        scores[rng.integers(0, n, 2)] = -0.0
    if seed % 5 == 0:
        scores[rng.integers(0, n, 2)] = np.nan
    for k in range(n + 2):
        expected = np.argsort(-scores, kind="stable")[: min(k, n)]
        assert np.array_equal(measures.top_cells(scores, k), expected), k


def test_top_cells_on_a_level_tail_take_the_lowest_indices():
    """Scores 5, 1, 1, 3, 1, 1, k = 3: 5 (cell 0), 3 (cell 3), then the first of the cells
    on 1, cell 1."""
    assert measures.top_cells(np.array([5.0, 1, 1, 3, 1, 1]), 3).tolist() == [0, 3, 1]


@pytest.mark.parametrize(("seed", "cell", "resolution"), [(0, 100.0, 10), (1, 100.0, 9),
                                                          (2, 40.0, 10), (3, 250.0, 8),
                                                          (4, 100.0, 12), (5, 500.0, 6)])  # fmt: skip
def test_h3_grid_counts_equal_a_look_up_of_every_centre(seed, cell, resolution):
    x, y = _snapped_points(seed)
    grid = Grid.covering(x, y, cell, margin=cell)
    gx, gy = grid.centres()
    clon, clat = to_wgs84(gx.ravel(), gy.ravel())
    lon, lat = to_wgs84(x, y)
    per_h3 = cells.h3_counts(lat, lon, resolution)
    every = np.array([per_h3.get(c, 0) for c in cells.h3_cells(clat, clon, resolution)], float)
    fast = cells.h3_grid_counts(x, y, grid, resolution)
    assert every.sum() > 0
    assert fast.tobytes() == every.tobytes()


def test_h3_grid_counts_of_no_points_are_zeros():
    assert not cells.h3_grid_counts(np.array([]), np.array([]), Grid(0, 0, 100, 3, 2), 9).any()


def _hull_of_every_centre(grid: Grid, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The study mask as it was computed before: every centre looked up in the triangles."""
    from scipy.spatial import ConvexHull, Delaunay

    cx, cy = grid.centres()
    mask = grid.counts(x, y).ravel() > 0
    points = np.column_stack([x, y])
    hull = Delaunay(points[ConvexHull(points).vertices])
    return mask | (hull.find_simplex(np.column_stack([cx.ravel(), cy.ravel()])) >= 0)


@pytest.mark.parametrize("seed", range(12))
def test_study_mask_equals_a_look_up_of_every_centre(seed):
    """Real-looking points, and points whose hull's corners lie on cell centres and edges,
    so that some centres lie exactly on the hull's edges."""
    x, y = _snapped_points(seed, n=int(np.random.default_rng(seed).integers(3, 400)))
    grid = Grid.covering(x, y, 100.0, margin=100.0)
    assert analysis.study_mask(grid, x, y).tobytes() == _hull_of_every_centre(grid, x, y).tobytes()
    rng = np.random.default_rng(100 + seed)
    corners = rng.integers(0, 40, (int(rng.integers(3, 30)), 2)) * 50.0 + 500_000.0
    gx, gy = corners[:, 0], corners[:, 1]
    grid = Grid.covering(gx, gy, 100.0, margin=100.0)
    if np.linalg.matrix_rank(np.column_stack([gx - gx[0], gy - gy[0]])) == 2:  # not a line
        assert (
            analysis.study_mask(grid, gx, gy).tobytes()
            == _hull_of_every_centre(grid, gx, gy).tobytes()
        )


def test_score_cells_n_star_is_the_best_possible_choice():
    """Test counts 1 0 4 0 2 3 in six cells, all in the study area; two cells chosen: the
    best two hold 4 + 3 = 7, so PEI = hits / 7."""
    grid = Grid(0.0, 0.0, 1.0, 6, 1)
    area = analysis.StudyArea(grid, np.ones(6, bool), "training hull")
    tx = np.repeat(np.arange(6) + 0.5, [1, 0, 4, 0, 2, 3])
    result = analysis.score_cells(np.array([0, 4]), area, tx, np.full(tx.size, 0.5))
    assert result["hits"] == 3
    assert result["pei"] == round(3 / 7, 6)
    assert result["pai"] == round((3 / 10) / (2 / 6), 6)
