"""Areas on cases pages: a place-based problem's area and a notice's exclusion area are
PolygonFields (lantern/frontend/widgets.py), saved as GeoJSON Polygons, refused with the
reason when they are not polygons, and shown on the case and action pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine

from lantern.cases import services
from lantern.cases.models import Case, EnforcementAction
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db

AREA = {
    "type": "Polygon",
    "coordinates": [
        [
            [0.7175, 51.5405],
            [0.7195, 51.5405],
            [0.7195, 51.5420],
            [0.7175, 51.5420],
            [0.7175, 51.5405],
        ]
    ],
}


def test_a_place_based_case_keeps_its_drawn_area_and_shows_it(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    form = client.get("/cases/new/").content.decode()
    assert "data-polygon-editor" in form and "/static/lantern/polygon-map.js" in form
    assert "leaflet-geoman.min.js" in form
    response = client.post(
        "/cases/new/",
        {"kind": "place", "title": "Larkspur Row shops", "area": json.dumps(AREA)},
    )
    assert response.status_code == 302
    case = Case.objects.get(title="Larkspur Row shops")
    assert case.area == AREA
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "data-polygon-view" in page and "The area of the problem: its corners" in page
    assert "<li>51.540500, 0.717500</li>" in page
    assert "/static/lantern/polygon-map.js" in page


def test_a_case_without_an_area_has_no_map(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    client.post("/cases/new/", {"kind": "person", "title": "Doors", "area": ""})
    case = Case.objects.get(title="Doors")
    assert case.area is None
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "data-polygon-view" not in page and "polygon-map.js" not in page


def test_an_area_that_is_not_a_polygon_is_refused_with_the_reason(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    crossing = {"type": "Polygon", "coordinates": [[[0, 51], [1, 52], [1, 51], [0, 52], [0, 51]]]}
    response = client.post(
        "/cases/new/", {"kind": "place", "title": "Bow tie", "area": json.dumps(crossing)}
    )
    assert response.status_code == 422
    assert b"The edges of the area cross each other" in response.content
    assert b'href="#id_area"' in response.content  # the error summary links to the textarea
    assert not Case.objects.filter(title="Bow tie").exists()


def test_a_notice_keeps_its_exclusion_area_and_shows_it(
    signed_in, officer, supervisor, case, person, linked_report
):
    client = signed_in(Role.POLICE_OFFICER)
    start = clock.now()
    with time_machine.travel(start - timedelta(days=20)):
        cpw = services.action_draft(
            actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
        )
        served(cpw.pk, officer=officer, supervisor=supervisor)
    url = f"/cases/{case.pk}/actions/new/?kind=cpn"
    form = client.get(url).content.decode()
    assert "Exclusion area (optional)" in form and "data-polygon-editor" in form
    # The exclusion area comes after the requirements.
    assert form.index("Requirement 3: kind") < form.index("Exclusion area (optional)")
    response = client.post(
        url,
        {
            "person": str(person.pk),
            "conduct_category": "doorstep",
            "conduct": "Knocking on doors",
            "detrimental_effect": "Residents cannot sleep",
            "persistent_nature": "Three nights",
            "unreasonable_because": "No reason to knock at 2am",
            "evidence": [f"report:{linked_report.pk}"],
            "req_0_kind": "stop",
            "req_0_text": "Stop knocking",
            "req_1_kind": "none",
            "req_2_kind": "none",
            "exclusion_area": json.dumps({"type": "Feature", "geometry": AREA}),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = EnforcementAction.objects.get(case=case, kind="cpn")
    assert notice.exclusion_area == AREA
    page = client.get(f"/cases/actions/{notice.pk}/").content.decode()
    assert '<h2 class="govuk-heading-m">Exclusion area</h2>' in page
    assert "The exclusion area: its corners" in page


def test_only_a_notice_asks_for_an_exclusion_area(signed_in, case, person):
    client = signed_in(Role.POLICE_OFFICER)
    for kind in ("cpw", "aba", "dispersal"):
        page = client.get(f"/cases/{case.pk}/actions/new/?kind={kind}").content.decode()
        assert "Exclusion area" not in page and "polygon-map.js" not in page, kind
