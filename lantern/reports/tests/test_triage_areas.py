"""Triage by named area: officers choose one of the areas drawn in lantern.places by its name
and see the reports whose map pin lies inside its polygon (not merely its bounding box)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from lantern.core.actor import SYSTEM, Role
from lantern.places import services as places_services
from lantern.reports import selectors
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

# An L: the square 51.530-51.550 N, 0.710-0.730 E without its north-east quarter, so a point
# in the notch is inside the bounding box but outside the area.
ELL = {
    "type": "Polygon",
    "coordinates": [
        [
            [0.710, 51.530],
            [0.730, 51.530],
            [0.730, 51.540],
            [0.720, 51.540],
            [0.720, 51.550],
            [0.710, 51.550],
            [0.710, 51.530],
        ]
    ],
}
INSIDE = [(51.535, 0.715), (51.545, 0.715), (51.535, 0.725)]
NOTCH = (51.545, 0.725)
FAR = (51.60, 0.80)


@pytest.fixture
def ell():
    return places_services.area_create(actor=SYSTEM, name="Larkspur L", geojson=ELL)


def test_officer_picks_an_area_by_name_and_sees_the_reports_inside(signed_in, ell):
    inside = [make_report(at=at).report.reference for at in INSIDE]
    notch = make_report(at=NOTCH).report.reference
    far = make_report(at=FAR).report.reference
    by_address = make_report(at=(None, None), address="Larkspur Row").report
    assert by_address.location_approximate
    client = signed_in(Role.POLICE_OFFICER)
    page = client.get(reverse("reports:triage")).content.decode()
    assert f'<option value="{ell.pk}">Larkspur L</option>' in page
    page = client.get(reverse("reports:triage"), {"area": str(ell.pk)}).content.decode()
    assert all(ref in page for ref in inside)
    assert notch not in page and far not in page and by_address.reference not in page
    assert "3 reports" in page
    # With another filter too.
    page = client.get(reverse("reports:triage"), {"area": str(ell.pk), "category": "noise"})
    assert "0 reports" in page.content.decode()


def test_mostly_outside_and_mostly_inside_give_the_same_answer(make_user, ell):
    from lantern.accounts.selectors import actor_for

    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    filters = selectors.TriageFilters(area_id=ell.pk)
    first = {make_report(at=INSIDE[0]).report.pk}
    for _ in range(4):
        make_report(at=NOTCH)
    assert (
        set(selectors.report_list(actor=officer, filters=filters).values_list("pk", flat=True))
        == first
    )
    for at in INSIDE * 3:
        first.add(make_report(at=at).report.pk)
    assert (
        set(selectors.report_list(actor=officer, filters=filters).values_list("pk", flat=True))
        == first
    )


def test_unknown_area_is_a_form_error_not_a_500(signed_in, ell):
    client = signed_in(Role.POLICE_OFFICER)
    for bad in (str(uuid.uuid4()), "not-a-uuid", "x" * 500):
        response = client.get(reverse("reports:triage"), {"area": bad})
        assert response.status_code == 200
        assert "Choose one of the areas" in response.content.decode()


def test_area_filter_in_the_api(client, make_user, ell):
    from lantern.reports.tests.test_api import bearer

    inside = make_report(at=INSIDE[1]).report
    make_report(at=NOTCH)
    _, officer = bearer(make_user, Role.POLICE_OFFICER)
    response = client.get("/api/v1/reports/", {"area": str(ell.pk)}, **officer)
    assert response.status_code == 200, response.content[:300]
    assert [r["reference"] for r in response.json()["results"]] == [inside.reference]


def test_triage_list_by_area_query_count_does_not_grow(
    signed_in, ell, django_assert_max_num_queries
):
    client = signed_in(Role.POLICE_OFFICER)
    make_report(at=INSIDE[0])
    query = {"area": str(ell.pk)}
    client.get(reverse("reports:triage"), query)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("reports:triage"), query)
    for n in range(30):
        make_report(at=INSIDE[n % 3] if n % 4 else NOTCH, hours_ago=n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:triage"), query)
    assert "23 reports" in response.content.decode()
