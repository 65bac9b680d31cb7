"""``lantern hotspots evaluate`` on Southend-on-Sea ASB in the real police.uk data (the
extract in lantern/analytics/data/policeuk)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantern.analytics import analysis
from lantern.analytics.selectors import Period

ASB = "Anti-social behaviour"
# The extract's README table: Southend ASB rows per month, 2018-01 .. 2018-07.
SOUTHEND_ASB = [496, 428, 566, 587, 675, 611, 783]
EXTRACT_ROWS = 22451


def _evaluate(*extra: str, train: str = "2018-01..2018-04", test: str = "2018-05..2018-07") -> Any:
    out = io.StringIO()
    call_command(
        "hotspots",
        "evaluate",
        "--train",
        train,
        "--test",
        test,
        "--coverage",
        "0.03",
        "--category",
        ASB,
        "--area",
        "Southend-on-Sea",
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue().strip().splitlines()[-1]) if "--json" in extra else out


@pytest.mark.django_db
def test_evaluate_southend_asb(policeuk_paths):
    imported = io.StringIO()
    call_command("import", "policeuk", *map(str, policeuk_paths), "--json", stdout=imported)
    assert json.loads(imported.getvalue().splitlines()[-1])["imported"] == EXTRACT_ROWS

    result = _evaluate("--json")
    assert result["train_records"] == sum(SOUTHEND_ASB[:4])  # 2077
    assert result["test_records"] == sum(SOUTHEND_ASB[4:])  # 2069
    assert set(result["methods"]) == set(analysis.METHODS)
    # The area is the training points' hull: a few test points fall outside it.
    assert result["study_area"] == "training hull"
    assert 0.9 * result["test_records"] < result["test_records_in_study"] <= result["test_records"]
    study = result["study_cells"]
    for method, r in result["methods"].items():
        assert r["cells"] == round(0.03 * study), method
        in_study = result["test_records_in_study"]
        assert r["hit_rate"] == pytest.approx(r["hits"] / in_study, abs=1e-6)
        # PAI = hit rate / area share
        assert r["pai"] == pytest.approx(r["hit_rate"] / (r["cells"] / study), rel=1e-5)
        assert 0 < r["pei"] <= 1
        # Every method beats a uniform spread by far on this data.
        assert r["pai"] > 3, method
    assert result["best_by_pai"] in result["methods"]

    text = _evaluate().getvalue()
    assert "Kernel density (KDE)" in text and "Naive baseline" in text

    # One month alone is that month, for --test and for --train, as a range of it is.
    one = _evaluate("--json", train="2018-06", test="2018-07")
    assert (one["train"], one["test"]) == ("2018-06-01..2018-06-30", "2018-07-01..2018-07-31")
    assert (one["train_records"], one["test_records"]) == (SOUTHEND_ASB[5], SOUTHEND_ASB[6])
    assert one["methods"]["kde"]["hits"] > 0
    same = _evaluate("--json", train="2018-06..2018-06", test="2018-07..2018-07")
    assert same == one
    # A range past the last imported month counts what there is.
    longer = _evaluate("--json", train="2018-01..2018-06", test="2018-07..2018-08")
    assert longer["test"] == "2018-07-01..2018-08-31"
    assert longer["test_records"] == SOUTHEND_ASB[6]


@pytest.mark.django_db
def test_evaluate_refuses_overlapping_periods():
    with pytest.raises(CommandError, match="overlaps"):
        call_command(
            "hotspots", "evaluate", "--train", "2018-01..2018-04", "--test",
            "2018-04..2018-05", stdout=io.StringIO(),
        )  # fmt: skip


@pytest.mark.django_db
def test_evaluate_refuses_a_bad_period():
    with pytest.raises(CommandError, match="not a period"):
        call_command(
            "hotspots", "evaluate", "--train", "January", "--test", "2018-04..2018-05",
            stdout=io.StringIO(),
        )  # fmt: skip


def test_period_parsing():
    p = Period.parse("2018-01..2018-04")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2018-01-01", "2018-05-01")
    p = Period.parse("2018-12-01..2018-12-31")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2018-12-01", "2019-01-01")
    assert str(Period.parse("2018-12..2018-12")) == "2018-12-01..2018-12-31"
    # One month or one day alone.
    assert Period.parse("2018-12") == Period.parse("2018-12..2018-12")
    p = Period.parse(" 2018-07 ")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2018-07-01", "2018-08-01")
    p = Period.parse("2018-07-15")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2018-07-15", "2018-07-16")
    for text in ("2018", "2018-07..", "..2018-07", "2018-07 2018-08"):
        with pytest.raises(ValueError, match="not a period"):
            Period.parse(text)
    with pytest.raises(ValueError, match="ends before"):
        Period.parse("2018-05..2018-01")
    with pytest.raises(ValueError, match="not a date"):
        Period.parse("2018-13..2019-01")


def test_study_area_is_the_hull_not_the_box():
    """Points on two sides of a right triangle: the box is 100 cells, the hull about half."""
    import numpy as np

    from lantern.analytics.methods.grid import Grid

    grid = Grid(0.0, 0.0, 10.0, 10, 10)
    x = np.array([1.0, 99.0, 1.0])
    y = np.array([1.0, 1.0, 99.0])
    mask = analysis.study_mask(grid, x, y)
    assert 45 <= mask.sum() <= 65
