"""The pure methods, against values worked by hand from their formulas (the working is in
each docstring) and, for the spatial methods, against properties that must hold."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from lantern.analytics.methods import cells, gistar, kde, measures
from lantern.analytics.methods.grid import Grid, to_bng, to_wgs84

# --- PAI, hit rate, PEI ---------------------------------------------------------------------


def test_pai_worked_by_hand():
    """n = 30 of N = 100 crimes fell in hotspots covering a = 3 of A = 100 km².
    Hit rate = 30/100 = 0.30, i.e. 30 %; area percentage = 3/100 = 3 %;
    PAI = 30 % / 3 % = 10."""
    assert measures.hit_rate(30, 100) == pytest.approx(0.30)
    assert measures.pai(30, 100, 3, 100) == pytest.approx(10.0)


def test_pai_of_a_uniform_spread_is_one():
    """Hotspots over 25 % of the area catching 25 % of the crimes: 25 / 25 = 1."""
    assert measures.pai(25, 100, 1, 4) == pytest.approx(1.0)


def test_pei_worked_by_hand():
    """30 caught where the best hotspots of the same area would have caught 45:
    PEI = 30 / 45 = 0.6667."""
    assert measures.pei(30, 45) == pytest.approx(2 / 3)


def test_score_prediction_worked_by_hand():
    """Ten equal cells, all in the study area. Scores 9, 8, ..., 0; test counts
    1 0 4 0 0 0 0 0 2 3 (N = 10). Coverage 0.2 -> k = 2 cells: cells 0 and 1, catching
    n = 1 + 0 = 1. Hit rate = 1/10 = 0.1; PAI = 10 % / 20 % = 0.5. The best two cells
    hold 4 + 3 = 7, so PEI = 1/7."""
    scores = np.arange(9, -1, -1, dtype=float)
    test = np.array([1, 0, 4, 0, 0, 0, 0, 0, 2, 3], dtype=float)
    result = measures.score_prediction(scores, test, coverage=0.2, in_study=np.ones(10, dtype=bool))
    assert (result.hits, result.total, result.cells, result.best_possible) == (1, 10, 2, 7)
    assert result.hit_rate == pytest.approx(0.1)
    assert result.pai == pytest.approx(0.5)
    assert result.pei == pytest.approx(1 / 7)


def test_score_prediction_ignores_cells_outside_the_study_area():
    """Cell 0 scores highest but lies outside the study area, so the one chosen cell is
    cell 1 (3 of the 4 test crimes inside): hit rate 3/4; PAI = 75 % / (1/2) = 1.5."""
    result = measures.score_prediction(
        np.array([9.0, 5.0, 1.0]),
        np.array([100.0, 3.0, 1.0]),
        coverage=0.5,
        in_study=np.array([False, True, True]),
    )
    assert (result.hits, result.total, result.cells) == (3, 4, 1)
    assert result.pai == pytest.approx(1.5)


def test_undefined_measures_are_refused():
    with pytest.raises(ValueError, match="N = 0"):
        measures.hit_rate(0, 0)
    with pytest.raises(ValueError, match="n\\* = 0"):
        measures.pei(0, 0)


# --- rate ratios ----------------------------------------------------------------------------


def test_rate_ratio_worked_by_hand():
    """20 after, 40 before, equal periods: RR = 20/40 = 0.5.
    SE(ln RR) = sqrt(1/20 + 1/40) = sqrt(0.075) = 0.27386.
    95 % CI = 0.5 x exp(-+1.96 x 0.27386) = 0.5 x exp(-+0.53676) = 0.2923 to 0.8552."""
    rr = measures.rate_ratio(20, 40)
    assert rr.ratio == pytest.approx(0.5)
    assert rr.lower == pytest.approx(0.2923, abs=1e-4)
    assert rr.upper == pytest.approx(0.8552, abs=1e-4)


def test_rate_ratio_uses_exposure():
    """30 in 3 months after against 20 in 2 months before: 10 a month each, RR = 1."""
    assert measures.rate_ratio(30, 20, exposure_after=3, exposure_before=2).ratio == 1.0


def test_relative_rate_ratio_worked_by_hand():
    """Rb 100, Ra 60, Cb 200, Ca 180: RR = (60/100) / (180/200) = 0.6 / 0.9 = 0.6667.
    SE = sqrt(1/60 + 1/100 + 1/180 + 1/200) = sqrt(0.037222) = 0.19293.
    95 % CI = 0.6667 x exp(-+1.96 x 0.19293) = 0.4568 to 0.9730."""
    rr = measures.relative_rate_ratio(100, 60, 200, 180)
    assert rr.ratio == pytest.approx(2 / 3)
    assert rr.lower == pytest.approx(0.4568, abs=1e-4)
    assert rr.upper == pytest.approx(0.9730, abs=1e-4)


@pytest.mark.parametrize("counts", [(0, 10), (10, 0)])
def test_rate_ratio_refuses_a_zero(counts):
    with pytest.raises(measures.Refused, match="zero"):
        measures.rate_ratio(*counts)
    with pytest.raises(measures.Refused, match="zero"):
        measures.relative_rate_ratio(10, 10, *counts)


# --- WDQ ---------------------------------------------------------------------------------------

BASE = {"rb": 100, "ra": 60, "cb": 200, "ca": 180, "db": 50}


def test_wdq_worked_by_hand_diffusion():
    """Rb 100, Ra 60, Cb 200, Ca 180, Db 50, Da 40.
    Success measure = Ra/Ca - Rb/Cb = 60/180 - 100/200 = 0.33333 - 0.5 = -0.16667 (< 0:
    the response worked). Buffer measure = Da/Ca - Db/Cb = 40/180 - 50/200 = 0.22222 -
    0.25 = -0.02778. WDQ = -0.02778 / -0.16667 = 0.16667: diffusion of benefits.
    GE = 100 - 60 = 40; NE = 0.5 - 0.33333 = 0.16667;
    TNE = [100 x 180/200 - 60] + [50 x 180/200 - 40] = 30 + 5 = 35."""
    result = measures.wdq(**BASE, da=40)
    assert result.success_measure == pytest.approx(-1 / 6)
    assert result.buffer_measure == pytest.approx(40 / 180 - 0.25)
    assert result.value == pytest.approx(1 / 6)
    assert result.gross_effect == 40
    assert result.net_effect == pytest.approx(1 / 6)
    assert result.total_net_effect == pytest.approx(35.0)
    assert result.reading.startswith("Diffusion of benefits")
    assert result.refused == ""


@pytest.mark.parametrize(
    ("da", "expected", "reading"),
    [
        # 60/180 - 0.25 = 0.08333; / -0.16667 = -0.5
        (60, -0.5, "Displacement occurred, but the intervention still achieved some benefit."),
        # 90/180 - 0.25 = 0.25; / -0.16667 = -1.5
        (90, -1.5, "The response effect was eclipsed or erased by displacement."),
        # 5/180 - 0.25 = -0.22222; / -0.16667 = 1.3333
        (5, 4 / 3, "Diffusion of benefits: the diffusion effect was greater than the response"),
        # 45/180 - 0.25 = 0
        (45, 0.0, "Neither displacement nor diffusion"),
    ],
)
def test_wdq_readings_worked_by_hand(da, expected, reading):
    """Same R and C as above (success measure -0.16667), different buffer counts after."""
    result = measures.wdq(**BASE, da=da)
    assert result.value == pytest.approx(expected)
    assert result.reading.startswith(reading)


@pytest.mark.parametrize(
    ("counts", "why"),
    [
        ({"rb": 10, "ra": 5, "cb": 0, "ca": 4, "db": 3, "da": 3}, "no incidents in the before"),
        ({"rb": 10, "ra": 5, "cb": 4, "ca": 0, "db": 3, "da": 3}, "no incidents in the after"),
        ({"rb": 0, "ra": 5, "cb": 4, "ca": 4, "db": 3, "da": 3}, "nothing to reduce"),
        # Ra/Ca - Rb/Cb = 100/200 - 100/200 = 0: no effect to displace
        ({"rb": 100, "ra": 100, "cb": 200, "ca": 200, "db": 3, "da": 9}, "did no better"),
        # 120/200 - 100/200 = +0.1: the response area got worse relative to the comparison
        ({"rb": 100, "ra": 120, "cb": 200, "ca": 200, "db": 3, "da": 9}, "did no better"),
    ],
)
def test_wdq_declines_where_it_is_meaningless(counts, why):
    result = measures.wdq(**counts)
    assert result.value is None
    assert why in result.refused
    assert result.reading == ""


# --- Gi* and FDR ----------------------------------------------------------------------------


def test_gi_star_worked_by_hand():
    """Three cells in a row, x = 1, 2, 3, weights: each cell and its neighbours.
    n = 3, sum = 6, mean = 2, mean of squares = 14/3, s² = 14/3 - 4 = 2/3.
    Cell 0: W = 2, G* = (1 + 2)/6 = 0.5, E = 2/3,
    Var = 2 (3 - 2) / 2 / 9 x (2/3) / 4 = 1/9 x 1/6 = 1/54, sd = 0.13608,
    z = (0.5 - 0.66667) / 0.13608 = -1.2247 (= -sqrt(1.5)). Cell 2 mirrors it: +1.2247.
    Cell 1 has W = n, so its variance is 0 and z is reported as 0."""
    w = gistar.grid_weights(1, 3)
    assert w.toarray().tolist() == [[1, 1, 0], [1, 1, 1], [0, 1, 1]]
    z = gistar.gi_star(np.array([1.0, 2.0, 3.0]), w)
    assert z == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)])


def test_grid_weights_queen_neighbourhood():
    w = gistar.grid_weights(3, 3)
    assert np.asarray(w.sum(axis=1)).ravel().tolist() == [4, 6, 4, 6, 9, 6, 4, 6, 4]
    assert (w != w.T).nnz == 0
    assert gistar.grid_weights(5, 5, radius=2)[12].sum() == 25


def test_gi_star_finds_a_planted_hot_spot():
    rng = np.random.default_rng(7)
    values = rng.poisson(1.0, size=(30, 30)).astype(float)
    values[14:17, 14:17] += 12
    z = gistar.gi_star(values, gistar.grid_weights(30, 30))
    spots = gistar.hot_spots(z, alpha=0.05).reshape(30, 30)
    assert spots[15, 15] == 1
    assert spots[0:5, 0:5].max() < 1


def test_gi_star_of_constant_or_empty_values_is_zero():
    w = gistar.grid_weights(2, 2)
    assert gistar.gi_star(np.zeros(4), w).tolist() == [0, 0, 0, 0]
    assert gistar.gi_star(np.full(4, 3.0), w).tolist() == [0, 0, 0, 0]


def test_benjamini_hochberg_worked_by_hand():
    """p = 0.01, 0.04, 0.03, 0.20 (m = 4). Sorted with ranks: 0.01 (1), 0.03 (2),
    0.04 (3), 0.20 (4); p x m / rank = 0.04, 0.06, 0.05333, 0.20; the running minimum
    from the top gives 0.04, 0.05333, 0.05333, 0.20. Back in input order:
    0.04, 0.05333, 0.05333, 0.20."""
    q = gistar.fdr_bh(np.array([0.01, 0.04, 0.03, 0.20]))
    assert q == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])


def test_p_values_two_sided():
    assert gistar.p_values(np.array([1.959963984540054]))[0] == pytest.approx(0.05)


# --- KDE ------------------------------------------------------------------------------------


def test_kde_of_one_point_worked_by_hand():
    """One point at the centre of cell (10, 10) of a 21 x 21 grid of 10 m cells; bandwidth
    20 m. At its own cell the density is 1 / (2 pi 20²) = 1/2513.27 = 3.97887e-4 per m²;
    one cell away (10 m) it is that x exp(-10² / (2 x 20²)) = x exp(-0.125) = 3.51133e-4.
    Summed over the cells x 100 m² it integrates to 1."""
    grid = Grid(0.0, 0.0, 10.0, 21, 21)
    density = kde.kde(np.array([105.0]), np.array([105.0]), grid, bandwidth=20.0)
    assert density[10, 10] == pytest.approx(3.97887e-4, rel=1e-5)
    assert density[10, 11] == pytest.approx(3.51133e-4, rel=1e-5)
    assert density[9, 10] == pytest.approx(3.51133e-4, rel=1e-5)
    assert density.sum() * 100 == pytest.approx(1.0, abs=1e-4)


def test_linear_binning_splits_a_point_between_cells():
    """A point on the boundary between cells (10, 10) and (10, 11) puts half in each."""
    grid = Grid(0.0, 0.0, 10.0, 21, 21)
    binned = kde.linear_binning(np.array([110.0]), np.array([105.0]), grid)
    assert binned[10, 10] == pytest.approx(0.5)
    assert binned[10, 11] == pytest.approx(0.5)
    assert binned.sum() == pytest.approx(1.0)


def test_kde_agrees_with_kdepy():
    """Same points, same grid, same Gaussian bandwidth: the surfaces agree to within 1 % of
    the peak. (KDEpy cuts its Gaussian off sooner, so its surface integrates to about
    0.995; ours, cut at 4 bandwidths, integrates to 1 within 1e-4.)"""
    from KDEpy import FFTKDE

    rng = np.random.default_rng(3)
    pts = rng.normal(size=(5000, 2)) * 300
    grid = Grid(-2000.0, -2000.0, 20.0, 200, 200)
    xs, ys = grid.centres()
    grid_points = np.column_stack([xs.T.ravel(), ys.T.ravel()])
    ref = FFTKDE(bw=50.0).fit(pts).evaluate(grid_points).reshape(200, 200).T
    ours = kde.kde(pts[:, 0], pts[:, 1], grid, bandwidth=50.0) / len(pts)
    assert np.abs(ours - ref).max() < 1e-2 * ref.max()
    assert ours.sum() * 20.0**2 == pytest.approx(1.0, abs=1e-4)


# --- projection, H3, hour of week ------------------------------------------------------------


def test_bng_round_trip_and_metres():
    """0.01 degrees of latitude is about 1112 m on the ground."""
    x, y = to_bng(np.array([0.7183, 0.7183]), np.array([51.5412, 51.5512]))
    assert math.hypot(x[1] - x[0], y[1] - y[0]) == pytest.approx(1112, abs=5)
    assert 570_000 < x[0] < 590_000 and 180_000 < y[0] < 195_000  # Essex
    lon, lat = to_wgs84(x, y)
    assert lon == pytest.approx([0.7183, 0.7183], abs=1e-7)
    assert lat == pytest.approx([51.5412, 51.5512], abs=1e-7)


def test_h3_counts_by_resolution():
    lat = np.array([51.5412, 51.5412, 51.5422, 51.60])
    lon = np.array([0.7183, 0.7183, 0.7194, 0.80])
    fine = cells.h3_counts(lat, lon, 12)
    coarse = cells.h3_counts(lat, lon, 6)
    assert sum(fine.values()) == sum(coarse.values()) == 4
    assert len(fine) == 3  # the two identical points share a cell
    assert len(cells.h3_counts(lat, lon, 3)) == 1
    assert all(len(cells.h3_boundary(c)) == 7 for c in fine)
    with pytest.raises(ValueError, match="resolution"):
        cells.h3_counts(lat, lon, 16)


def test_hour_of_week_in_uk_time():
    """Monday 23 November 2026 09:30 UTC is 09:30 GMT: Monday, 09. Sunday 5 July 2026
    23:30 UTC is 00:30 BST on Monday 6 July: Monday, 00."""
    utc = dt.UTC
    matrix = cells.hour_of_week(
        [dt.datetime(2026, 11, 23, 9, 30, tzinfo=utc), dt.datetime(2026, 7, 5, 23, 30, tzinfo=utc)]
    )
    assert matrix.shape == (7, 24)
    assert matrix[0, 9] == 1 and matrix[0, 0] == 1 and matrix.sum() == 2
    with pytest.raises(ValueError, match="aware"):
        cells.hour_of_week([dt.datetime(2026, 1, 1)])  # noqa: DTZ001


def test_linear_binning_drops_points_outside_and_keeps_edge_weight():
    """A point 100 m outside the grid adds nothing; one at the lower-left corner of the
    grid (a quarter-cell from nowhere) keeps only the quarter that falls on cell (0, 0);
    one at the centre of the last cell keeps all its weight there."""
    grid = Grid(0.0, 0.0, 10.0, 4, 3)
    binned = kde.linear_binning(
        np.array([-100.0, 0.0, 35.0, 500.0]), np.array([5.0, 0.0, 25.0, 500.0]), grid
    )
    assert binned.shape == (3, 4)
    assert binned[0, 0] == pytest.approx(0.25)
    assert binned[2, 3] == pytest.approx(1.0)
    assert binned.sum() == pytest.approx(1.25)


@pytest.mark.parametrize("radius", [1, 2, 3])
def test_gi_star_grid_equals_the_sparse_weights_version(radius):
    rng = np.random.default_rng(radius)
    values = rng.poisson(2.0, size=(23, 31)).astype(float)
    sparse_z = gistar.gi_star(values, gistar.grid_weights(23, 31, radius=radius))
    box_z = gistar.gi_star_grid(values, radius=radius)
    assert np.abs(sparse_z - box_z).max() < 1e-9


def test_gi_star_grid_worked_by_hand():
    """The three-cell row of test_gi_star_worked_by_hand: -sqrt(1.5), 0, +sqrt(1.5)."""
    z = gistar.gi_star_grid(np.array([[1.0, 2.0, 3.0]]), radius=1)
    assert z == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)])
