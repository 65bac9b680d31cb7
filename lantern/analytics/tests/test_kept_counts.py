"""Counts kept by the writing services for the partnership dashboard and the partnership's
figures (docs/scale.md): police.uk records inside each boundary and drawn area, and reports
by month. The pages' answers are the same as counting the records, before and after the
counts are made, when a shape changes, and as reports come and go; once made, the pages
read no police.uk record. Run on SQLite and on PostgreSQL (LANTERN_TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import actor_of
from lantern.accounts.models import Partnership
from lantern.analytics import selectors
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.models import PoliceUkAreaCount, PoliceUkCountBasis, PoliceUkRecord
from lantern.analytics.selectors import partnership_figures
from lantern.analytics.services import policeuk_import
from lantern.analytics.services.policeuk_counts import policeuk_counts_refresh
from lantern.core.actor import SYSTEM, Role
from lantern.core.monthly import Months
from lantern.places import services as places
from lantern.places.demo import AREA
from lantern.reports.area_counts import counts_by_month
from lantern.reports.models import Queue, Report
from lantern.reports.retention import report_dispose
from lantern.reports.services import ReportInput, report_create

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 11, 0, tzinfo=dt.UTC)
JUNE, MAY, APRIL = dt.date(2026, 6, 1), dt.date(2026, 5, 1), dt.date(2026, 4, 1)
RANGE = Months(APRIL, JUNE)
INSIDE = (51.5412, 0.7183)  # in the demo area (lantern/places/demo.py)
OUTSIDE = (51.5300, 0.7000)  # in the partnership, outside the demo area


@pytest.fixture(autouse=True)
def _june():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def area(orgs):
    return places.area_create(actor=SYSTEM, name="Larkspur Row and surrounds", geojson=AREA)


def _record(month: dt.date, at=INSIDE, crime: str = "Anti-social behaviour") -> None:
    PoliceUkRecord.objects.create(
        natural_key=uuid.uuid4().hex, month=month, latitude=at[0], longitude=at[1], crime_type=crime
    )


def _seen(analyst, area) -> dict:
    """Everything the two pages show of police.uk, for the partnership and the area."""
    partnership = Partnership.objects.get(name="Test Partnership")
    shown: dict[object, object] = {
        "dashboard": selectors.monthly_counts(
            actor=analyst, boundary=partnership.boundary, partnership_id=partnership.pk
        )
    }
    for category in ("", "Burglary"):
        for area_id in (None, area.pk):
            figures = partnership_figures(
                actor=analyst, partnership_id=None, area_id=area_id, months=RANGE, category=category
            )
            shown[(category, area_id)] = figures.lines[-1].counts
    return shown


def _reads_records(analyst, area) -> bool:
    with CaptureQueriesContext(connection) as captured:
        _seen(analyst, area)
    return any("analytics_policeukrecord" in q["sql"] for q in captured)


def test_kept_policeuk_counts_equal_counting_the_records(make_user, area):
    analyst = actor_of(make_user(Role.ANALYST))
    for month, at, crime in [
        (APRIL, INSIDE, "Anti-social behaviour"),
        (APRIL, INSIDE, "Anti-social behaviour"),
        (MAY, INSIDE, "Burglary"),
        (MAY, OUTSIDE, "Burglary"),
        (JUNE, OUTSIDE, "Drugs"),
        (dt.date(2026, 1, 1), INSIDE, "Drugs"),  # before the figures' range
        (MAY, (52.9, 1.9), "Drugs"),  # outside the partnership
    ]:
        _record(month, at, crime)
    before = _seen(analyst, area)  # no counts yet: counted from the records
    assert _reads_records(analyst, area)
    assert before[("", area.pk)] == [2, 1, 0]
    assert before[("Burglary", None)] == [0, 2, 0]
    assert policeuk_counts_refresh(actor=SYSTEM, months=None) >= 2
    assert _seen(analyst, area) == before
    assert not _reads_records(analyst, area)


def test_an_import_keeps_the_counts_of_its_months(make_user, area, tmp_path: Path):
    analyst = actor_of(make_user(Role.ANALYST))
    policeuk_counts_refresh(actor=SYSTEM)  # the sweep: counts made for every shape
    lat, lng = INSIDE

    def imported(name: str, month: str, crimes: list[str]) -> None:
        rows = [
            f"{uuid.uuid4().hex},{month},Essex Police,Essex Police,{lng},{lat},On or near X,"
            f"E01000001,Southend 001A,{crime},,"
            for crime in crimes
        ]
        path = tmp_path / name
        path.write_text("\n".join([OFFICIAL_HEADER, *rows]) + "\n")
        policeuk_import(actor=SYSTEM, path=path)

    imported("may.csv", "2026-05", ["Burglary", "Drugs", "Drugs"])
    imported("june.csv", "2026-06", ["Drugs"])
    assert not _reads_records(analyst, area)
    kept = _seen(analyst, area)
    assert kept[("", area.pk)] == [0, 3, 1]
    PoliceUkCountBasis.objects.all().delete()  # counted from the records again
    assert _seen(analyst, area) == kept


def test_a_changed_shape_is_counted_from_the_records_until_counted_again(make_user, area):
    analyst = actor_of(make_user(Role.ANALYST))
    _record(MAY, INSIDE)
    _record(MAY, OUTSIDE)
    policeuk_counts_refresh(actor=SYSTEM, months=None)
    assert _seen(analyst, area)[("", area.pk)] == [0, 1, 0]
    partnership = Partnership.objects.get(name="Test Partnership")
    places.area_update(
        actor=SYSTEM, area_id=area.pk, name=area.name, geojson=partnership.boundary
    )  # now the whole partnership: both records
    assert _seen(analyst, area)[("", area.pk)] == [0, 2, 0]  # not the old shape's count
    assert _reads_records(analyst, area)
    assert policeuk_counts_refresh(actor=SYSTEM) == 1  # the sweep counts only that area
    assert _seen(analyst, area)[("", area.pk)] == [0, 2, 0]
    assert not _reads_records(analyst, area)
    counted = PoliceUkAreaCount.objects.filter(area=area).values_list("records", flat=True)
    assert sum(counted) == 2


def _raw_reports(partnership_id) -> dict:
    """The partnership's reports by month, counted from the reports themselves."""
    from collections import Counter

    from lantern.core.monthly import month_start

    found = Report.objects.filter(partnership_id=partnership_id).exclude(queue=Queue.SAFEGUARDING)
    return dict(Counter((month_start(r.created_at),) for r in found))


def test_kept_report_counts_follow_reports_made_and_disposed_of(make_user, orgs):
    resident = actor_of(make_user(Role.RESIDENT))
    analyst = actor_of(make_user(Role.ANALYST))
    made = []
    for code in ("noise", "noise", "concern-for-safety", "noise"):
        made.append(
            report_create(
                actor=resident,
                data=ReportInput(
                    category_code=code,
                    latitude=INSIDE[0],
                    longitude=INSIDE[1],
                    occurred_from=NOW - dt.timedelta(hours=2),
                    description="Shouting outside number 14.",
                    address="14 Larkspur Row",
                ),
            ).report
        )
    partnership = Partnership.objects.get(name="Test Partnership")
    counted = counts_by_month(actor=analyst, partnership_id=partnership.pk, months=RANGE)
    assert counted == {(JUNE,): 3} == _raw_reports(partnership.pk)
    report_dispose(SYSTEM, made[0].pk)
    report_dispose(SYSTEM, made[2].pk)  # the safeguarding queue's: never counted
    counted = counts_by_month(actor=analyst, partnership_id=partnership.pk, months=RANGE)
    assert counted == {(JUNE,): 2} == _raw_reports(partnership.pk)
