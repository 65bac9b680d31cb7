"""Resident reports as a source of the analysis, beside imported police.uk records, with the
filters (category, period, area, source) applied to both."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from conftest import actor_of
from lantern.analytics import selectors, services
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.selectors import Period, Source
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.places.services import area_create
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

LARKSPUR = (51.5412, 0.7183)  # (lat, lon): inside the drawn area and LSOA "Eastmere 001A"
NEAR_LARKSPUR = (51.5415, 0.7190)  # ~60 m away: inside both too
WESTHOLT = (51.5412, 0.6750)  # ~3 km west: LSOA "Eastmere 002B"
OFFSHORE = (51.4700, 0.9000)  # ~15 km from any police.uk location
REPORTS_ONLY = frozenset({Source.REPORTS})
BOTH = frozenset(Source)

DRAWN = {
    "type": "Polygon",
    "coordinates": [
        [
            [0.7150, 51.5395],
            [0.7220, 51.5395],
            [0.7220, 51.5430],
            [0.7150, 51.5430],
            [0.7150, 51.5395],
        ]
    ],
}


def _row(i: int, month: str, at: tuple[float, float], lsoa: str, crime: str) -> str:
    return (
        f"c{month}{i},{month},Essex Police,Essex Police,{at[1]:.6f},{at[0]:.6f},On or near X,"
        f"E01,{lsoa},{crime},,"
    )


@pytest.fixture
def imported(tmp_path: Path) -> None:
    """police.uk records in two LSOAs: 3 ASB and 1 burglary at Larkspur Row (Eastmere 001A),
    2 ASB at Westholt (Eastmere 002B)."""
    rows = [
        _row(i, "2018-03", LARKSPUR, "Eastmere 001A", "Anti-social behaviour") for i in range(3)
    ]
    rows.append(_row(9, "2018-03", LARKSPUR, "Eastmere 001A", "Burglary"))
    rows += [
        _row(10 + i, "2018-03", WESTHOLT, "Eastmere 002B", "Anti-social behaviour")
        for i in range(2)
    ]
    path = tmp_path / "records.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + "\n".join(rows) + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)


@pytest.fixture
def reports(orgs) -> None:
    """Resident reports in the last few days: two kerb crawling and one noise by Larkspur
    Row, one at Westholt, one offshore, and one (kerb crawling) 20 days ago by Larkspur Row
    (all in the test partnership's area: ``orgs``)."""
    make_report(at=LARKSPUR, hours_ago=30)
    make_report(at=NEAR_LARKSPUR, hours_ago=54)
    make_report(at=LARKSPUR, category="noise", hours_ago=78)
    make_report(at=WESTHOLT, hours_ago=30)
    make_report(at=OFFSHORE, hours_ago=30)
    make_report(at=LARKSPUR, hours_ago=20 * 24)


def _recent() -> Period:
    today = clock.now().date()
    return Period(today - dt.timedelta(days=10), today + dt.timedelta(days=1))


def _all_time() -> Period:
    return Period(dt.date(2018, 1, 1), clock.now().date() + dt.timedelta(days=1))


def _analyst(make_user):
    return actor_of(make_user(Role.ANALYST))


def _located(points) -> set[tuple[float, float]]:
    return {
        (round(float(la), 4), round(float(lo), 4))
        for la, lo in zip(points.lat, points.lon, strict=True)
    }


def test_reports_are_a_source_with_their_times_and_the_period_applies(reports, make_user):
    analyst = _analyst(make_user)
    points = selectors.analysis_points(actor=analyst, period=_recent(), sources=REPORTS_ONLY)
    assert len(points) == 5
    assert len(points.times) == 5 and all(t.tzinfo is not None for t in points.times)
    everything = selectors.analysis_points(actor=analyst, period=_all_time(), sources=REPORTS_ONLY)
    assert len(everything) == 6
    # Imported records only (the default) leaves the reports out.
    assert len(selectors.analysis_points(actor=analyst, period=_recent())) == 0


def test_category_for_reports_is_a_report_code_or_the_police_uk_asb_type(
    imported, reports, make_user
):
    analyst = _analyst(make_user)
    period = _all_time()

    def count(category: str, sources=BOTH) -> int:
        return len(
            selectors.analysis_points(
                actor=analyst, period=period, category=category, sources=sources
            )
        )

    assert count("noise", REPORTS_ONLY) == 1
    assert count("kerb-crawling", REPORTS_ONLY) == 5
    # Every resident report is of an ASB type: police.uk's ASB takes them all ...
    assert count("Anti-social behaviour", REPORTS_ONLY) == 6
    assert count("Anti-social behaviour") == 5 + 6
    # ... and any other crime type none of them.
    assert count("Burglary", REPORTS_ONLY) == 0
    assert count("Burglary") == 1
    assert count("noise") == 1  # no police.uk record is of a report category


def test_a_drawn_area_filters_reports_and_imported_records_by_its_polygon(
    imported, reports, make_user
):
    area_create(actor=SYSTEM, name="Larkspur Row and surrounds", geojson=DRAWN)
    analyst = _analyst(make_user)
    period = _all_time()
    both = selectors.analysis_points(
        actor=analyst, period=period, area="larkspur row and surrounds", sources=BOTH
    )
    # 4 imported records and 4 reports (two kerb crawling, noise, the older one).
    assert len(both) == 8
    assert _located(both) == {(51.5412, 0.7183), (51.5415, 0.719)}
    reports_only = selectors.analysis_points(
        actor=analyst, period=_recent(), area="Larkspur Row and surrounds", sources=REPORTS_ONLY
    )
    assert len(reports_only) == 3 and len(reports_only.times) == 3


def test_an_lsoa_area_takes_the_reports_nearest_its_police_uk_locations(
    imported, reports, make_user
):
    analyst = _analyst(make_user)
    period = _recent()
    eastmere = selectors.analysis_points(
        actor=analyst, period=period, area="Eastmere 001", sources=REPORTS_ONLY
    )
    assert len(eastmere) == 3
    assert _located(eastmere) == {(51.5412, 0.7183), (51.5415, 0.719)}
    westholt = selectors.analysis_points(
        actor=analyst, period=period, area="Eastmere 002", sources=REPORTS_ONLY
    )
    assert _located(westholt) == {WESTHOLT}
    # The offshore report is in no LSOA: more than 1 km from every police.uk location.
    nowhere = selectors.analysis_points(
        actor=analyst, period=period, area="E", sources=REPORTS_ONLY
    )
    assert len(nowhere) == 4 and OFFSHORE not in _located(nowhere)
    both = selectors.analysis_points(
        actor=analyst, period=_all_time(), area="Eastmere 002", sources=BOTH
    )
    assert len(both) == 2 + 1


def test_an_lsoa_area_takes_no_reports_when_nothing_is_imported(reports, make_user):
    points = selectors.analysis_points(
        actor=_analyst(make_user), period=_recent(), area="Eastmere", sources=REPORTS_ONLY
    )
    assert len(points) == 0


def test_reports_are_filtered_by_what_the_reports_app_lets_the_actor_see(reports, make_user):
    make_report(at=LARKSPUR, category="concern-for-safety", hours_ago=30)
    analyst = _analyst(make_user)
    seen = selectors.analysis_points(actor=analyst, period=_recent(), sources=REPORTS_ONLY)
    assert len(seen) == 5  # the safeguarding-queue report is not among them


def _evaluate(*args: str) -> dict:
    out = io.StringIO()
    call_command("hotspots", "evaluate", *args, "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_hotspots_evaluate_with_source_reports_and_an_area(imported, reports):
    today = clock.now().date()
    train = f"{today - dt.timedelta(days=30)}..{today - dt.timedelta(days=11)}"
    test = f"{today - dt.timedelta(days=10)}..{today}"
    result = _evaluate("--train", train, "--test", test, "--coverage", "0.5", "--source", "reports")
    assert result["sources"] == ["reports"]
    assert (result["train_records"], result["test_records"]) == (1, 5)
    in_area = _evaluate(
        "--train", train, "--test", test, "--coverage", "0.5", "--source", "reports",
        "--area", "Eastmere 001",
    )  # fmt: skip
    assert (in_area["train_records"], in_area["test_records"]) == (1, 3)
    both = _evaluate(
        "--train", "2018-03..2018-03", "--test", test, "--coverage", "0.5",
        "--source", "reports", "--source", "imported", "--area", "Eastmere 001",
        "--category", "Anti-social behaviour",
    )  # fmt: skip
    assert both["sources"] == ["imported", "reports"]
    assert (both["train_records"], both["test_records"]) == (3, 3)
    # The naive baseline predicts the training cell at Larkspur Row, where the two test
    # reports made there are (the third, 60 m away, is in the next 100 m cell).
    assert both["methods"]["naive"]["hits"] == 2


def test_the_map_shows_the_hour_of_week_of_reports(imported, reports, signed_in):
    client = signed_in(Role.ANALYST)
    month = clock.now().date().strftime("%Y-%m")
    start = (clock.now().date() - dt.timedelta(days=40)).strftime("%Y-%m")
    response = client.get(
        "/analytics/hotspots/",
        {
            "method": "kde",
            "start": start,
            "end": month,
            "source": "reports",
            "area": "Eastmere 001",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Records by day and hour of the week, UK time (4 records)" in body


def test_points_select_keeps_times_aligned():
    points = selectors.Points(
        lon=np.array([1.0, 2.0, 3.0]),
        lat=np.array([4.0, 5.0, 6.0]),
        times=[dt.datetime(2026, 1, d, tzinfo=dt.UTC) for d in (1, 2, 3)],
        months=[dt.date(2026, 1, 1)] * 3,
        categories=["a", "b", "c"],
    )
    chosen = points.select(np.array([False, True, True]))
    assert chosen.lon.tolist() == [2.0, 3.0] and chosen.categories == ["b", "c"]
    assert [t.day for t in chosen.times] == [2, 3]
