"""Stored hotspot surfaces (docs/hotspots.md "Stored surfaces"): computed once and read
again; stale after a police.uk import or a change to the reports they count, the default
views prepared again after an import; never read across partnerships; the page says the
surface is being prepared until the background task has run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import actor_of, client_for
from lantern.accounts.models import Partnership
from lantern.analytics import selectors, services
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.models import HotspotSurface
from lantern.analytics.selectors import Period, Source
from lantern.analytics.selectors.surfaces import hotspot_surface_get, stored_surface
from lantern.analytics.surfaces import OPEN, SurfaceInputs, SurfaceScope
from lantern.analytics.tests.test_pages import ASB, QUERY
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.reports.services import report_mark_duplicate, report_share
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

IMPORTED = SurfaceInputs(
    method="kde",
    period=Period.parse("2018-01..2018-03"),
    category=ASB,
    area="Southend-on-Sea",
    sources=frozenset({Source.IMPORTED}),
)


@pytest.fixture
def data(tmp_path: Path) -> None:
    """As test_pages.py's: 45 ASB records in Southend-on-Sea over three months (and 45
    burglaries), two in three at Larkspur Row."""
    rows = []
    for month in ("2018-01", "2018-02", "2018-03"):
        for i in range(30):
            lon, lat = (0.7183, 51.5412) if i % 3 else (0.7000 + i * 0.0018, 51.5300 + i * 0.001)
            rows.append(
                f"c{month}{i},{month},Essex Police,Essex Police,{lon},{lat},On or near X,E01,"
                f"Southend-on-Sea 001A,{ASB if i % 2 else 'Burglary'},,"
            )
    path = tmp_path / "small.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + "\n".join(rows) + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)


def _computed() -> int:
    return AuditEvent.objects.filter(action=services.HOTSPOT_SURFACE_COMPUTED).count()


def _reports() -> SurfaceInputs:
    today = clock.now().date()
    return SurfaceInputs(
        method="kde",
        period=Period(today - dt.timedelta(days=40), today + dt.timedelta(days=1)),
        sources=frozenset({Source.REPORTS}),
    )


def _records(actor, inputs: SurfaceInputs) -> int:
    stored = services.hotspot_surface_for(actor=actor, inputs=inputs)
    assert stored is not None  # the test settings run tasks at once
    return int(stored.result["records"])


def _import(tmp_path: Path, rows: int) -> None:
    lines = [
        f"n{i},2018-02,Essex Police,Essex Police,0.7183,51.5412,On or near X,E01,"
        f"Southend-on-Sea 001A,{ASB},,"
        for i in range(rows)
    ]
    path = tmp_path / "more.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + "\n".join(lines) + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)


def test_a_surface_is_computed_once_and_read_again(data, signed_in):
    client = signed_in(Role.ANALYST)
    for _ in range(2):
        page = client.get(reverse("analytics:hotspots"), QUERY)
        assert "45 located records" in page.content.decode()
        geo = client.get(reverse("analytics:hotspots-geojson"), QUERY)
        assert geo.status_code == 200 and geo.json()["properties"]["records"] == 45
    assert HotspotSurface.objects.count() == 1 and _computed() == 1
    # Another method is another surface, kept beside the first.
    client.get(reverse("analytics:hotspots"), QUERY | {"method": "gi_star"})
    assert HotspotSurface.objects.count() == 2 and _computed() == 2
    stored = HotspotSurface.objects.get(inputs__method="kde")
    assert stored.data_version.startswith("policeuk=") and stored.result["records"] == 45
    assert len(stored.result["cells"]) == len(stored.result["values"]) > 0


def test_an_import_makes_surfaces_stale_and_prepares_the_default_views(
    data, make_user, far, tmp_path, client, django_capture_on_commit_callbacks
):
    analyst = make_user(Role.ANALYST)
    actor = actor_of(analyst)
    assert _records(actor, IMPORTED) == 45
    with django_capture_on_commit_callbacks(execute=True):
        _import(tmp_path, 3)
    assert hotspot_surface_get(actor=actor, inputs=IMPORTED) is None  # stale
    # The default view of every partnership, every map method, computed after the import.
    months = selectors.policeuk_months(actor=SYSTEM)
    for partnership in Partnership.objects.all():
        scope = SurfaceScope((str(partnership.pk),), OPEN)
        for method in ("kde", "gi_star", "h3_counts"):
            inputs = services.default_inputs(months, method)
            assert stored_surface(scope=scope, inputs=inputs) is not None, (partnership, method)
    # So the first page after the import computes nothing.
    before = _computed()
    page = client_for(analyst, client).get(reverse("analytics:hotspots"))
    assert "93 located records" in page.content.decode()
    assert _computed() == before
    assert _records(actor, IMPORTED) == 48


def test_a_report_change_makes_report_surfaces_stale(make_user):
    actor = actor_of(make_user(Role.ANALYST))
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    first = make_report().report
    assert _records(actor, _reports()) == 1
    second = make_report(hours_ago=3).report
    assert hotspot_surface_get(actor=actor, inputs=_reports()) is None
    assert _records(actor, _reports()) == 2
    report_mark_duplicate(actor=officer, report_id=second.pk, original_id=first.pk)
    assert hotspot_surface_get(actor=actor, inputs=_reports()) is None
    assert _records(actor, _reports()) == 1


def test_a_surface_is_never_read_across_partnerships(make_user, far):
    ours = actor_of(make_user(Role.ANALYST))
    theirs = actor_of(make_user(Role.ANALYST, "far_police"))
    report = make_report().report
    assert _records(ours, _reports()) == 1
    # The far partnership's analyst asks for the same inputs: their own surface, not ours.
    assert hotspot_surface_get(actor=theirs, inputs=_reports()) is None
    assert _records(theirs, _reports()) == 0
    ours_id, theirs_id = (str(next(iter(a.partnership_ids))) for a in (ours, theirs))
    scopes = sorted(HotspotSurface.objects.values_list("scope", flat=True))
    assert scopes == sorted([f"staff:{ours_id}", f"staff:{theirs_id}"])
    # Shared with them on purpose, the report counts in their surface too.
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    report_share(actor=officer, report_id=report.pk, to_partnership_id=theirs_id, reason="Border")
    assert _records(theirs, _reports()) == 1
    # Open data too: each partnership's surface is its own row.
    assert _records(ours, IMPORTED) == _records(theirs, IMPORTED) == 0
    assert HotspotSurface.objects.filter(inputs__sources=["imported"]).count() == 2


def test_the_page_says_it_is_being_prepared_until_the_task_runs(data, signed_in, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    client = signed_in(Role.ANALYST)
    for _ in range(2):
        page = client.get(reverse("analytics:hotspots"), QUERY)
        text = page.content.decode()
        assert page.status_code == 200
        assert "are being prepared" in text and 'role="status"' in text
        assert "Show the hotspots if they are ready" in text
        assert "located records" not in text
        geo = client.get(reverse("analytics:hotspots-geojson"), QUERY)
        assert geo.status_code == 202 and geo["Retry-After"] == "3"
    # Asked for once, however often the page is looked at.
    assert len(default_task_backend.results) == 1
    for result in default_task_backend.results:
        result.task.call(*result.args, **result.kwargs)
    page = client.get(reverse("analytics:hotspots"), QUERY)
    text = page.content.decode()
    assert "45 located records" in text and "are being prepared" not in text
    assert "The 10 strongest hotspots" in text or "strongest hotspots" in text


def test_the_api_answers_202_until_the_surface_is_stored(data, make_user, client, settings):
    from django_tasks import default_task_backend

    from lantern.accounts import services as account_services

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _, token = account_services.api_token_create(
        actor=SYSTEM, user=make_user(Role.ANALYST), name="test"
    )
    query = {"period": "2018-01..2018-03", "category": ASB, "area": "Southend-on-Sea"}
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get("/api/v1/analytics/hotspots", query, headers=headers)
    assert response.status_code == 202 and response["Retry-After"] == "3"
    assert response.json() == {"status": "preparing", "retry_after": 3}
    for result in default_task_backend.results:
        result.task.call(*result.args, **result.kwargs)
    response = client.get("/api/v1/analytics/hotspots", query, headers=headers)
    assert response.status_code == 200
    assert response.json()["properties"]["records"] == 45
    assert response.json()["features"]


def test_the_months_and_crime_types_offered_are_those_of_the_records(data, tmp_path):
    from lantern.analytics.models import PoliceUkRecord

    def distinct(field: str) -> list:
        return sorted(set(PoliceUkRecord.objects.values_list(field, flat=True)))

    _import(tmp_path, 3)  # more of a month already held: counted again, not twice
    assert selectors.policeuk_months(actor=SYSTEM) == distinct("month")
    assert selectors.policeuk_categories(actor=SYSTEM) == distinct("crime_type")
    from lantern.analytics.models import PoliceUkMonthCount

    february = PoliceUkMonthCount.objects.get(month=dt.date(2018, 2, 1), crime_type=ASB)
    assert february.records == 15 + 3
