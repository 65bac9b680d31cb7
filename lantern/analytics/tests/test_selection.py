"""``--select``: the method is chosen by rolling-origin validation on the training period
alone, and the test period is read only after the choice and the hotspots are fixed."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pytest
from django.core.management import call_command

from lantern.analytics import analysis, selection
from lantern.analytics.methods import blend, kde_cv
from lantern.analytics.methods.grid import to_wgs84
from lantern.analytics.selectors import Period, Points
from lantern.core.actor import SYSTEM

TRAIN = Period.parse("2018-01..2018-05")
TEST = Period.parse("2018-06")
X0, Y0 = 585_000.0, 186_000.0  # BNG metres, near Southend
CORNERS = [(0, 0), (1000, 0), (0, 1000), (1000, 1000)]
OLD = (250.0, 250.0)  # busy in January only
NEW = (750.0, 750.0)  # steady from February


def _months() -> list[tuple[float, float, dt.date]]:
    """A place busy in January that then goes quiet (20), and a new one with 11 in February
    and 2 a month after: the counts of all the months before favour the old place in March,
    April and May (and in June); the counts with a one-month half-life favour the new one
    in each of them, so they beat the default (and the naive baseline) in every one of the
    three validation months."""
    rows = [(X0 + cx, Y0 + cy, dt.date(2018, 1, 1)) for cx, cy in CORNERS]
    rows += [(X0 + OLD[0], Y0 + OLD[1], dt.date(2018, 1, 1))] * 20
    for month, count in ((2, 11), (3, 2), (4, 2), (5, 2)):
        rows += [(X0 + NEW[0], Y0 + NEW[1], dt.date(2018, month, 1))] * count
    return rows


def test_rolling_origin_chooses_the_recent_weighting():
    rows = _months()
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    chosen = selection.rolling_origin(
        x, y, [r[2] for r in rows], params=analysis.Parameters(), coverage=0.01
    )
    assert chosen.candidate == selection.Candidate("prospective", (("half_life", 1.0),))
    # Folds score March, April and May, each on the months before it.
    assert [f["month"] for f in chosen.folds] == ["2018-03", "2018-04", "2018-05"]
    naive = [f["pai"][selection.Candidate("naive").label()] for f in chosen.folds]
    assert naive == [0, 0, 0] and chosen.mean_pai > np.mean(naive)
    assert chosen.default == selection.DEFAULT and chosen.wins_over_default == 3
    assert chosen.pooled_pai > chosen.default_pooled_pai == chosen.naive_pooled_pai == 0
    assert "beat the default" in chosen.reason and "in all 3 validation months" in chosen.reason
    assert [f["n"] for f in chosen.folds] == [2, 2, 2]


def _as_points(rows: list[tuple[float, float, dt.date]]) -> Points:
    lon, lat = to_wgs84(np.array([r[0] for r in rows]), np.array([r[1] for r in rows]))
    return Points(lon=lon, lat=lat, months=[r[2] for r in rows], categories=["x"] * len(rows))


def test_selection_never_reads_the_test_period(monkeypatch):
    log: list[str] = []
    train_points = _as_points(_months())
    test_points = _as_points([(X0 + NEW[0], Y0 + NEW[1], TEST.start)] * 5)

    def analysis_points(*, period: Period, **kwargs) -> Points:
        log.append(f"read {period}")
        assert period in (TRAIN, TEST)
        return train_points if period == TRAIN else test_points

    def recorded(name: str, function):
        def wrapper(*args, **kwargs):
            log.append(name)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(selection, "analysis_points", analysis_points)
    monkeypatch.setattr(selection, "area_filter", lambda **kwargs: None)
    monkeypatch.setattr(selection, "rolling_origin", recorded("select", selection.rolling_origin))
    monkeypatch.setattr(selection, "choose_cells", recorded("choose", selection.choose_cells))
    # The cross-validated bandwidth and the blends are worked out on training points only.
    monkeypatch.setattr(kde_cv, "choose_bandwidth", recorded("cv", kde_cv.choose_bandwidth))
    monkeypatch.setattr(blend, "blend", recorded("blend", blend.blend))
    monkeypatch.setattr(blend, "tie_break", recorded("ties", blend.tie_break))
    result = selection.evaluate_selected(actor=SYSTEM, train=TRAIN, test=TEST, coverage=0.01)
    reads = [i for i, step in enumerate(log) if step.startswith("read")]
    assert [log[i] for i in reads] == [f"read {TRAIN}", f"read {TEST}"]
    before, after = log[: reads[1]], log[reads[1] :]
    assert "select" in before and "choose" in before
    assert "select" not in after and "choose" not in after
    assert "cv" in before and "blend" in before
    assert "cv" not in after and "blend" not in after
    assert "ties" in before and "ties" not in after
    validated = set(result["folds"][0]["pai"])
    assert {c.label() for c in selection.CANDIDATES} == validated
    assert result["chosen"]["method"] == "prospective"
    assert result["chosen"]["parameters"]["half_life"] == 1.0
    assert result["chosen"]["hits"] == 5 and result["naive"]["hits"] == 0
    assert result["chosen"]["default"] == selection.DEFAULT.label()
    assert result["chosen"]["validation_wins_over_default"] == 3


def test_the_test_period_cannot_change_the_choice(monkeypatch):
    """Two runs that differ only in the test period's points choose the same method, on the
    same validation figures, with the same hotspots: only the scores differ."""
    train_points = _as_points(_months())
    runs = []
    for where in (OLD, NEW):
        test_points = _as_points([(X0 + where[0], Y0 + where[1], TEST.start)] * 5)

        def analysis_points(*, period: Period, test_points=test_points, **kwargs) -> Points:
            return train_points if period == TRAIN else test_points

        monkeypatch.setattr(selection, "analysis_points", analysis_points)
        monkeypatch.setattr(selection, "area_filter", lambda **kwargs: None)
        runs.append(
            selection.evaluate_selected(actor=SYSTEM, train=TRAIN, test=TEST, coverage=0.01)
        )
    at_old, at_new = runs
    assert at_old["chosen"]["label"] == at_new["chosen"]["label"]
    assert at_old["folds"] == at_new["folds"]
    assert at_old["chosen"]["reason"] == at_new["chosen"]["reason"]
    assert at_old["chosen"]["hits"] == 0 and at_new["chosen"]["hits"] == 5


NAIVE = selection.Candidate("naive")
TIES = selection.Candidate("naive_kde_ties", (("bandwidth", 200.0),))
BLEND = selection.Candidate("blend", (("blend_weight", 0.9), ("bandwidth", 200.0)))
DEFAULT = selection.DEFAULT


def test_a_higher_mean_won_in_one_month_of_three_keeps_the_baseline():
    # The blend's mean is higher (one big month), but it beat the baseline once in three.
    chosen = selection.choose(
        (NAIVE, BLEND), {NAIVE: [10.0, 12.0, 11.0], BLEND: [16.0, 11.5, 10.5]}
    )
    assert chosen.candidate == NAIVE and chosen.wins == 0
    assert "beat it in 1 of 3" in chosen.reason and "naive baseline is kept" in chosen.reason


def test_a_candidate_must_win_every_month_and_the_pooled_pai():
    pais = {NAIVE: [10.0, 12.0, 11.0], TIES: [10.5, 12.5, 8.0], BLEND: [10.2, 12.1, 11.5]}
    # TIES won two of three with a lower mean; BLEND won all three with a higher one.
    chosen = selection.choose((NAIVE, TIES, BLEND), pais)
    assert chosen.candidate == BLEND and chosen.wins == 3
    assert chosen.naive_mean_pai == pytest.approx(11.0)
    assert "beat the naive baseline in all 3" in chosen.reason
    # Two of three is not enough any more, however large the gain.
    pais[BLEND] = [10.2, 30.0, 11.0]
    assert selection.choose((NAIVE, TIES, BLEND), pais).candidate == NAIVE
    # A level month is not a win.
    level = {NAIVE: [10.0, 10.0, 10.0, 10.0], TIES: [11.0, 11.0, 11.0, 10.0]}
    assert selection.choose((NAIVE, TIES), level).candidate == NAIVE


def test_the_pooled_pai_weighs_each_month_by_its_points():
    # BLEND wins every month; its mean PAI is higher than TIES's but, weighed by the
    # months' points, TIES's pooled PAI is: the busy month counts for more.
    pais = {NAIVE: [10.0, 10.0], TIES: [11.0, 14.0], BLEND: [16.0, 10.5]}
    chosen = selection.choose((NAIVE, TIES, BLEND), pais, weights=[10.0, 90.0])
    assert chosen.candidate == TIES
    assert chosen.pooled_pai == pytest.approx(13.7) and chosen.naive_pooled_pai == 10.0
    assert selection.choose((NAIVE, TIES, BLEND), pais).candidate == BLEND  # equal weights


def test_the_default_is_kept_unless_beaten_in_every_month():
    pais = {NAIVE: [10.0, 10.0, 10.0], DEFAULT: [11.0, 10.0, 12.0], BLEND: [12.0, 11.0, 11.0]}
    # BLEND beats the naive baseline every month but the default in two of three.
    chosen = selection.choose((NAIVE, DEFAULT, BLEND), pais, default=DEFAULT)
    assert chosen.candidate == DEFAULT and chosen.default == DEFAULT
    assert chosen.wins == 2 and chosen.wins_over_default == 0
    assert "so the default is kept" in chosen.reason
    assert "Against the naive baseline: 2 of 3 months won" in chosen.reason
    pais[BLEND] = [12.0, 11.0, 12.5]
    chosen = selection.choose((NAIVE, DEFAULT, BLEND), pais, default=DEFAULT)
    assert chosen.candidate == BLEND and chosen.wins_over_default == 3 and chosen.wins == 3
    # The naive baseline itself may be chosen, on the same terms.
    pais = {NAIVE: [12.0, 12.0, 12.0], DEFAULT: [11.0, 11.0, 11.0], BLEND: [10.0, 10.0, 10.0]}
    assert selection.choose((NAIVE, DEFAULT, BLEND), pais, default=DEFAULT).candidate == NAIVE
    with pytest.raises(ValueError, match="default"):
        selection.choose((NAIVE, BLEND), pais, default=DEFAULT)


def test_of_those_that_qualify_the_highest_mean_wins_and_the_earlier_on_a_tie():
    pais = {NAIVE: [10.0, 10.0, 10.0], TIES: [11.0, 11.0, 11.0], BLEND: [11.0, 11.0, 11.0]}
    assert selection.choose((NAIVE, TIES, BLEND), pais).candidate == TIES
    pais[BLEND] = [12.0, 11.0, 11.0]
    assert selection.choose((NAIVE, TIES, BLEND), pais).candidate == BLEND
    with pytest.raises(ValueError, match="naive baseline"):
        selection.choose((TIES, NAIVE), pais)


def test_every_candidate_is_validated_and_the_default_is_a_tie_break():
    labels = [c.label() for c in selection.CANDIDATES]
    assert len(set(labels)) == len(labels)
    assert selection.CANDIDATES[:2] == (NAIVE, DEFAULT)
    methods = {c.method for c in selection.CANDIDATES}
    assert {"naive_recent_kde_ties", "naive_recent_ties", "naive_neighbour_ties",
            "naive_recent_neighbour_ties", "naive_snap_ties", "naive_kde_ties"} <= methods  # fmt: skip
    rng = np.random.default_rng(4)
    x, y = X0 + rng.integers(0, 10, 400) * 100.0, Y0 + rng.integers(0, 10, 400) * 100.0
    months = [dt.date(2018, 1 + i % 5, 1) for i in range(400)]
    chosen = selection.rolling_origin(x, y, months, params=analysis.Parameters(), coverage=0.1)
    assert set(chosen.folds[0]["pai"]) == set(labels)


@pytest.mark.django_db
def test_select_on_the_extract(policeuk_paths):
    call_command("import", "policeuk", *map(str, policeuk_paths), stdout=io.StringIO())
    args = ["hotspots", "evaluate", "--select", "--train", "2018-01..2018-06", "--test",
            "2018-07", "--coverage", "0.03", "--category", "Anti-social behaviour", "--area",
            "Southend-on-Sea"]  # fmt: skip
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["chosen"]["label"] in {c.label() for c in selection.CANDIDATES}
    assert [f["month"] for f in result["folds"]] == ["2018-03", "2018-04", "2018-05", "2018-06"]
    assert result["chosen"]["pai"] > 3 and result["naive"]["pai"] > 3
    text = io.StringIO()
    call_command(*args, stdout=text)
    assert "Chose " in text.getvalue() and "naive baseline PAI" in text.getvalue()
    assert result["chosen"]["reason"] in text.getvalue()
    assert result["chosen"]["validation_months"] == 4
