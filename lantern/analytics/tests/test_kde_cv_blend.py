"""KDE with its bandwidth chosen by cross-validation, and the blends of naive and smoothed
surfaces, on small synthetic points whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from lantern.analytics import analysis, selection
from lantern.analytics.methods import blend, kde_cv
from lantern.analytics.methods.grid import Grid
from lantern.core.errors import ValidationFailed


def _clustered(rng: np.random.Generator) -> np.ndarray:
    centres = rng.uniform(0, 3000, (5, 2))
    return np.concatenate([c + rng.normal(0, 15, (40, 2)) for c in centres])


def test_kde_cv_picks_a_smaller_bandwidth_for_clustered_points_than_spread_ones():
    rng = np.random.default_rng(7)
    tight = _clustered(rng)
    spread = rng.uniform(0, 3000, (200, 2))
    small = kde_cv.choose_bandwidth(tight[:, 0], tight[:, 1])
    large = kde_cv.choose_bandwidth(spread[:, 0], spread[:, 1])
    assert small < large
    assert small == min(kde_cv.BANDWIDTHS)  # clusters of 15 m: the smallest on offer
    assert 100 <= large < max(kde_cv.BANDWIDTHS)  # an interior optimum, not the edge
    # The likelihood of the spread points rises then falls around the choice.
    scores = kde_cv.cv_log_likelihood(spread[:, 0], spread[:, 1])
    best = int(np.argmax(scores))
    assert scores[0] < scores[best] > scores[-1]


def test_kde_cv_counts_points_on_one_snap_point_as_neighbours():
    # Five snap points 400 m apart, ten incidents on each: the data lives on the points.
    x = np.repeat(np.arange(5) * 400.0, 10)
    y = np.zeros(50)
    assert kde_cv.choose_bandwidth(x, y) == min(kde_cv.BANDWIDTHS)
    # One incident on each: no two points share a place, and a wider kernel is chosen.
    assert kde_cv.choose_bandwidth(np.arange(5) * 400.0, np.zeros(5)) > min(kde_cv.BANDWIDTHS)
    grid = Grid(-500.0, -500.0, 100.0, 30, 10)
    density, bandwidth = kde_cv.kde_cv(x, y, grid)
    assert bandwidth == min(kde_cv.BANDWIDTHS) and density.shape == (grid.size,)
    assert analysis.method_scores("kde_cv", x, y, grid, analysis.Parameters()) == pytest.approx(
        density
    )


def _ties() -> tuple[np.ndarray, np.ndarray, Grid]:
    """A 20 x 20 grid of 100 m cells: a busy cell (5), one cell of 2 beside it and one of 2
    far off, and single incidents scattered: the naive counts tie often."""
    rng = np.random.default_rng(3)
    places = [(1050.0, 1050.0, 5), (1150.0, 1050.0, 2), (150.0, 1850.0, 2)]
    places += [(float(a), float(b), 1) for a, b in rng.uniform(0, 2000, (40, 2))]
    x = np.array([px for px, _, n in places for _ in range(n)])
    y = np.array([py for _, py, n in places for _ in range(n)])
    return x, y, Grid(0.0, 0.0, 100.0, 20, 20)


def test_blend_at_weight_one_ranks_as_the_naive_counts():
    x, y, grid = _ties()
    area = analysis.StudyArea(grid, np.ones(grid.size, bool), "training hull")
    naive = analysis.method_scores("naive", x, y, grid, analysis.Parameters())
    for method in ("blend", "blend_prospective"):
        scores = analysis.method_scores(
            method, x, y, grid, analysis.Parameters(blend_weight=1.0), np.zeros(len(x))
        )
        assert list(np.argsort(-scores, kind="stable")) == list(np.argsort(-naive, kind="stable"))
        for coverage in (0.01, 0.03, 0.1):
            chosen = analysis.choose_cells(scores, area, coverage)
            assert list(chosen) == list(analysis.choose_cells(naive, area, coverage))


def test_blend_below_one_breaks_the_naive_ties_towards_busy_neighbours():
    x, y, grid = _ties()
    near, far = grid.index(np.array([1150.0, 150.0]), np.array([1050.0, 1850.0]))[0]
    naive = analysis.method_scores("naive", x, y, grid, analysis.Parameters())
    assert naive[near] == naive[far] == 2
    scores = analysis.method_scores(
        "blend", x, y, grid, analysis.Parameters(blend_weight=0.9, bandwidth=100.0)
    )
    assert scores[near] > scores[far]
    # At weight 0 it is the smoothed surface alone, scaled.
    smooth = analysis.method_scores("kde", x, y, grid, analysis.Parameters(bandwidth=100.0))
    alone = analysis.method_scores("blend", x, y, grid, analysis.Parameters(blend_weight=0.0,
                                                                             bandwidth=100.0))  # fmt: skip
    assert alone == pytest.approx(smooth / smooth.max())
    assert blend.normalised(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="weight"):
        blend.blend(naive, smooth, 1.5)
    with pytest.raises(ValidationFailed, match="blend weight"):
        analysis.Parameters(blend_weight=-0.1).check()


def test_tie_break_orders_only_the_cells_with_the_same_count():
    x, y, grid = _ties()
    near, far = grid.index(np.array([1150.0, 150.0]), np.array([1050.0, 1850.0]))[0]
    params = analysis.Parameters(bandwidth=100.0)
    naive = analysis.method_scores("naive", x, y, grid, params)
    scores = analysis.method_scores("naive_kde_ties", x, y, grid, params)
    # Two cells on 2: the one beside the busy cell first.
    assert naive[near] == naive[far] == 2 and scores[near] > scores[far]
    # Never across counts: every cell on a higher count still ranks above every lower one.
    order = np.argsort(-scores, kind="stable")
    assert list(naive[order]) == sorted(naive, reverse=True)
    # Even a secondary surface that says the opposite of the counts cannot reorder them.
    counts = np.array([3.0, 2.0, 2.0, 0.0])
    assert list(np.argsort(-blend.tie_break(counts, np.array([0.0, 1.0, 5.0, 9.0])))) == [
        0, 2, 1, 3,
    ]  # fmt: skip
    with pytest.raises(ValueError, match="whole-number"):
        blend.tie_break(np.array([0.5, 1.0]), np.array([1.0, 0.0]))


def test_the_selection_offers_the_new_methods():
    offered = {c.method for c in selection.CANDIDATES}
    assert {"kde_cv", "blend", "blend_prospective", "naive_kde_ties"} <= offered
    assert selection.CANDIDATES[0] == selection.Candidate("naive")
    weights = {dict(c.changes)["blend_weight"] for c in selection.CANDIDATES if c.method == "blend"}
    assert weights and all(0 < w < 1 for w in weights)
    labels = [c.label() for c in selection.CANDIDATES]
    assert len(set(labels)) == len(labels)
