"""The analytics pages through the test client: the hotspot map and its exports, patrol
plans from proposal to a logged patrol, impact evaluations, the partnership dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from lantern.analytics import services
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.models import PatrolLog, PatrolPlan
from lantern.core.actor import SYSTEM, Role

ASB = "Anti-social behaviour"


@pytest.fixture
def data(tmp_path: Path, db) -> None:
    rows = []
    for month in ("2018-01", "2018-02", "2018-03"):
        for i in range(30):
            # Two in three at Larkspur Row; the rest spread along a line 3.5 km long.
            lon, lat = (0.7183, 51.5412) if i % 3 else (0.7000 + i * 0.0018, 51.5300 + i * 0.001)
            rows.append(
                f"c{month}{i},{month},Essex Police,Essex Police,{lon},{lat},On or near X,E01,"
                f"Southend-on-Sea 001A,{ASB if i % 2 else 'Burglary'},,"
            )
    path = tmp_path / "small.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + "\n".join(rows) + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)


QUERY = {
    "method": "kde",
    "start": "2018-01",
    "end": "2018-03",
    "category": ASB,
    "area": "Southend-on-Sea",
    "source": "imported",
}


@pytest.mark.parametrize("method", ["kde", "gi_star", "h3_counts", "kde_cv", "blend"])
def test_hotspot_map_and_exports(data, signed_in, method):
    client = signed_in(Role.ANALYST)
    query = QUERY | {"method": method}
    page = client.get(reverse("analytics:hotspots"), query)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hotspot map" in text and "45 located records" in text
    assert "Download the hotspots as GeoJSON" in text
    # The map's JavaScript reads its layers from a json_script block: an object, not a string.
    layers = json.loads(text.split('id="hotspot-layers" type="application/json">')[1].split("<")[0])
    assert layers["active"] == method
    assert set(layers["layers"]) == {"kde", "gi_star", "h3_counts", "kde_cv", "blend"}

    geo = client.get(reverse("analytics:hotspots-geojson"), query | {"download": "1"})
    assert geo.status_code == 200
    assert geo["Content-Type"] == "application/geo+json"
    assert "attachment" in geo["Content-Disposition"]
    body = json.loads(geo.content)
    assert body["type"] == "FeatureCollection"
    assert body["properties"]["records"] == 45
    assert body["features"], method
    assert body["features"][0]["geometry"]["type"] == "Polygon"

    png = client.get(reverse("analytics:hotspots-png"), query)
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG")


def test_hotspot_map_defaults_to_every_month(data, signed_in):
    page = signed_in(Role.ANALYST).get(reverse("analytics:hotspots"))
    assert page.status_code == 200
    assert "90 located records" in page.content.decode()


def test_invalid_filters_are_a_400_not_a_500(data, signed_in):
    client = signed_in(Role.ANALYST)
    bad = QUERY | {"start": "1999-01"}
    assert client.get(reverse("analytics:hotspots-geojson"), bad).status_code == 400
    assert client.get(reverse("analytics:hotspots-png"), bad).status_code == 400
    assert client.get(reverse("analytics:hotspots"), bad).status_code == 200


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.SUPPORT_WORKER, Role.SAFEGUARDING_LEAD])
def test_hotspots_are_refused_to_roles_without_the_permission(data, signed_in, role):
    assert signed_in(role).get(reverse("analytics:hotspots")).status_code == 403


def test_patrol_plan_journey_through_the_pages(
    data, signed_in, client, make_user, django_capture_on_commit_callbacks
):
    analyst = signed_in(Role.ANALYST)
    with django_capture_on_commit_callbacks(execute=True):  # the task, run at once
        response = analyst.post(
            reverse("analytics:patrol-plan-new"),
            {
                "title": "Evening patrols",
                "start": "2018-01",
                "end": "2018-03",
                "category": ASB,
                "area": "",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-31",
                "cells": "2",
            },
        )
    assert response.status_code == 302
    plan = PatrolPlan.objects.get()
    item = plan.items.order_by("order").first()

    supervisor = signed_in(Role.SUPERVISOR)
    edit = supervisor.post(
        reverse("analytics:patrol-item", args=[item.pk]),
        {"weekday": "2", "start_time": "17:00", "end_time": "19:00", "visits": "3"},
    )
    assert edit.status_code == 302
    assert (
        supervisor.post(reverse("analytics:patrol-plan-publish", args=[plan.pk])).status_code == 302
    )
    plan.refresh_from_db()
    assert plan.status == PatrolPlan.Status.PUBLISHED

    officer = signed_in(Role.POLICE_OFFICER)
    detail = officer.get(reverse("analytics:patrol-plan", args=[plan.pk]))
    assert "Log a patrol" in detail.content.decode()
    logged = officer.post(
        reverse("analytics:patrol-log", args=[item.pk]),
        {"date": "2026-12-02", "start_time": "17:10", "end_time": "17:30", "notes": "Quiet."},
    )
    assert logged.status_code == 302
    log = PatrolLog.objects.get()
    assert log.minutes == 20
    detail = officer.get(reverse("analytics:patrol-plan", args=[plan.pk]))
    assert "1 (20 min)" in detail.content.decode()


def test_draft_plans_are_hidden_from_officers(data, signed_in):
    analyst = signed_in(Role.ANALYST)
    analyst.post(
        reverse("analytics:patrol-plan-new"),
        {"title": "Draft", "start": "2018-01", "end": "2018-03", "category": "",
         "area": "", "starts_on": "2026-12-01", "ends_on": "2026-12-31", "cells": "1"},
    )  # fmt: skip
    plan = PatrolPlan.objects.get()
    officer = signed_in(Role.PCSO)
    assert officer.get(reverse("analytics:patrol-plan", args=[plan.pk])).status_code == 404
    assert "Draft" not in officer.get(reverse("analytics:patrol-plans")).content.decode()


def _square(lon, lat, half):
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]  # fmt: skip
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def test_impact_pages_and_dashboard(data, signed_in):
    analyst = signed_in(Role.ANALYST)
    response = analyst.post(
        reverse("analytics:impact-new"),
        {
            "title": "Larkspur Row",
            "category": "",
            "problem_area": _square(0.7183, 51.5412, 0.001),
            "comparison_area": _square(0.7450, 51.5450, 0.01),
            "buffer_m": "100",
            "before": "2018-01..2018-01",
            "after": "2018-02..2018-03",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = analyst.get(response["Location"])
    text = detail.content.decode()
    assert "Weighted Displacement Quotient" in text
    assert "Counts before and after" in text
    chart = analyst.get(response["Location"] + "chart.png")
    assert chart.content.startswith(b"\x89PNG")
    dashboard = analyst.get(reverse("analytics:dashboard"), {"area": "Southend-on-Sea"})
    text = dashboard.content.decode()
    assert "Records by month and category, Southend-on-Sea" in text
    assert "Jan 2018" in text and "Larkspur Row" in text
