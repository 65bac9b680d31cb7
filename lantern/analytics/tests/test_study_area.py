"""The evaluation's study area and hotspots are fixed before the test period is read."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from lantern.analytics import analysis
from lantern.analytics.selectors import Period, Points
from lantern.core.actor import SYSTEM

TRAIN = Period.parse("2018-01..2018-03")
TEST = Period.parse("2018-04")
# Around Southend (WGS84): training points in a small square, test points inside it and
# far to the east of it.
LON, LAT = 0.70, 51.54


def _points(lon: list[float], lat: list[float], month: dt.date) -> Points:
    return Points(
        lon=np.array(lon, float),
        lat=np.array(lat, float),
        months=[month] * len(lon),
        categories=["Anti-social behaviour"] * len(lon),
    )


def _training() -> Points:
    rng = np.random.default_rng(7)
    lon = LON + rng.uniform(0, 0.02, 60)
    lat = LAT + rng.uniform(0, 0.02, 60)
    lon[:20], lat[:20] = LON + 0.005, LAT + 0.005  # one busy place
    return _points(list(lon), list(lat), dt.date(2018, 2, 1))


def _fake(monkeypatch, test_points: Points) -> list[str]:
    """Replace the reads and record, in order, each read and each step of the evaluation."""
    log: list[str] = []

    def analysis_points(*, period: Period, **kwargs) -> Points:
        log.append(f"read {period}")
        return _training() if period == TRAIN else test_points

    def recorded(name: str, function):
        def wrapper(*args, **kwargs):
            log.append(name)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(analysis, "analysis_points", analysis_points)
    monkeypatch.setattr(analysis, "area_filter", lambda **kwargs: None)
    monkeypatch.setattr(analysis, "study_area", recorded("area", analysis.study_area))
    monkeypatch.setattr(analysis, "choose_cells", recorded("choose", analysis.choose_cells))
    return log


def test_the_test_period_is_read_after_the_area_and_the_hotspots_are_fixed(monkeypatch):
    inside = _points([LON + 0.005] * 5 + [LON + 0.015] * 5, [LAT + 0.005] * 10, TEST.start)
    log = _fake(monkeypatch, inside)
    analysis.evaluate(actor=SYSTEM, train=TRAIN, test=TEST, coverage=0.05)
    reads = [i for i, step in enumerate(log) if step.startswith("read")]
    assert log[reads[0]] == f"read {TRAIN}" and log[reads[1]] == f"read {TEST}"
    assert len(reads) == 2
    # Every step that fixes the area or a method's hotspots comes before the test read.
    assert "area" in log[: reads[1]] and "choose" in log[: reads[1]]
    assert "area" not in log[reads[1] :] and "choose" not in log[reads[1] :]


def test_test_points_do_not_shape_the_area(monkeypatch):
    """Test points far outside the training hull leave the area and the hotspots as they
    were, and count for nothing (they are outside the area scored)."""
    inside = _points([LON + 0.005] * 5 + [LON + 0.015] * 5, [LAT + 0.005] * 10, TEST.start)
    far = _points([LON + 0.2] * 40, [LAT + 0.1] * 40, TEST.start)
    _fake(monkeypatch, inside)
    near = analysis.evaluate(actor=SYSTEM, train=TRAIN, test=TEST, coverage=0.05)
    _fake(monkeypatch, inside.extend(far))
    wide = analysis.evaluate(actor=SYSTEM, train=TRAIN, test=TEST, coverage=0.05)
    assert near["study_area"] == wide["study_area"] == "training hull"
    assert near["study_cells"] == wide["study_cells"]
    assert near["methods"] == wide["methods"]
    assert (wide["test_records"], wide["test_records_in_study"]) == (50, 10)
    # The busy place is a hotspot for the naive method: its 5 test points are hits.
    assert near["methods"]["naive"]["hits"] >= 5


def test_a_drawn_area_is_its_polygon():
    """With a polygon, the area is the cells whose centre lies in it, whatever the points."""
    import shapely

    from lantern.analytics.methods.grid import to_bng

    square = shapely.box(LON, LAT, LON + 0.02, LAT + 0.02)
    fx, fy = to_bng(np.array([LON + 0.01]), np.array([LAT + 0.01]))
    params = analysis.Parameters(cell=100.0)
    area = analysis.study_area(fx, fy, params, square)
    assert area.basis == "polygon"
    # 0.02° x 0.02° here is about 1.39 km x 2.22 km: some 300 cells of 100 m.
    assert 280 <= area.mask.sum() <= 330
    hull = analysis.study_area(fx, fy, params)
    assert hull.mask.sum() == 1  # one training point: its own cell


@pytest.mark.parametrize("coverage", [0.01, 0.5, 1.0])
def test_choose_cells_only_from_the_area(coverage):
    from lantern.analytics.methods.grid import Grid

    grid = Grid(0.0, 0.0, 10.0, 10, 10)
    mask = np.zeros(100, bool)
    mask[:50] = True
    area = analysis.StudyArea(grid, mask, "training hull")
    scores = np.arange(100, dtype=float)  # the highest are outside the area
    chosen = analysis.choose_cells(scores, area, coverage)
    assert mask[chosen].all()
    assert chosen.size == max(1, round(coverage * 50))
    assert chosen[0] == 49
