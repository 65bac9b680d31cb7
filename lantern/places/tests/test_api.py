"""The places API: cameras, the camera search, footage requests; bad input never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import fake_report
from lantern.accounts.selectors import actor_for
from lantern.core import clock
from lantern.core.actor import Role
from lantern.places import geometry
from lantern.places.models import Camera, FootageRequest
from lantern.places.tests.factories import LARKSPUR, camera_fields, make_camera

pytestmark = pytest.mark.django_db


def test_resident_registers_and_lists_cameras(signed_in):
    client = signed_in(Role.RESIDENT)
    body = {**camera_fields(), "guidance_acknowledged": True}
    created = client.post("/api/v1/places/cameras", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["flags"] == ["Covers the street or beyond the boundary"]
    assert created.json()["clock_offset_seconds"] is None
    fast = client.post(
        "/api/v1/places/cameras",
        {**body, "label": "Side gate", "clock_offset_seconds": -90},
        content_type="application/json",
    )
    assert fast.status_code == 201 and fast.json()["clock_offset_seconds"] == -90
    too_far = client.post(
        "/api/v1/places/cameras",
        {**body, "clock_offset_seconds": 10**12},
        content_type="application/json",
    )
    assert too_far.status_code == 422
    listed = client.get("/api/v1/places/cameras").json()
    assert listed["count"] == 2 and listed["items"][0]["label"] == "Front doorbell"
    refused = client.post(
        "/api/v1/places/cameras",
        {**body, "guidance_acknowledged": False, "label": "x\u0000"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    bad = client.post(
        "/api/v1/places/cameras",
        {**body, "latitude": "NaN", "direction": 10**30},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_officer_searches_and_requests_then_owner_declines(signed_in, make_user):
    owner_user = make_user(Role.RESIDENT)
    camera = make_camera(actor_for(owner_user), direction=90, angle=60, range_m=40)
    officer = signed_in(Role.POLICE_OFFICER)
    lat, lng = geometry.destination(*LARKSPUR, 100, 25)
    at = (clock.now() - timedelta(hours=1)).isoformat()
    found = officer.get(
        "/api/v1/places/cameras/search", {"latitude": lat, "longitude": lng, "at": at}
    )
    assert found.status_code == 200
    (match,) = found.json()
    assert match["camera"]["id"] == str(camera.pk) and match["distance_m"] == pytest.approx(
        25, abs=0.2
    )
    assert "contact_phone" not in match["camera"]
    for bad in (
        {"latitude": 91, "longitude": lng, "at": at},
        {"latitude": lat, "longitude": lng, "at": "0001-01-01T00:00:00"},
        {"latitude": "inf", "longitude": lng, "at": at},
    ):
        assert officer.get("/api/v1/places/cameras/search", bad).status_code == 422

    sent = officer.post(
        "/api/v1/places/footage-requests",
        {
            "camera_id": str(camera.pk),
            "report_id": str(fake_report()),
            "window_start": (clock.now() - timedelta(hours=2)).isoformat(),
            "window_end": (clock.now() - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    request_id = sent.json()["id"]
    listed = officer.get("/api/v1/places/footage-requests").json()
    assert listed == {"results": listed["results"], "next": None, "previous": None}
    assert [r["id"] for r in listed["results"]] == [request_id]

    officer.logout()
    officer.force_login(owner_user)
    mine = officer.get(f"/api/v1/places/footage-requests/{request_id}")
    assert mine.status_code == 200 and mine.json()["status"] == "sent"
    declined = officer.post(
        f"/api/v1/places/footage-requests/{request_id}/decline",
        {"reason": "Nothing recorded"},
        content_type="application/json",
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    again = officer.post(
        f"/api/v1/places/footage-requests/{request_id}/decline",
        {},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["rule"] == "FOOTAGE_REQUEST_STATUS"
    assert FootageRequest.objects.get().status == "declined"


def test_residents_may_not_search_and_strangers_get_404(signed_in, make_user):
    camera = make_camera(actor_for(make_user(Role.RESIDENT)))
    client = signed_in(Role.RESIDENT)
    at = clock.now().isoformat()
    response = client.get(
        "/api/v1/places/cameras/search", {"latitude": 51.5, "longitude": 0.7, "at": at}
    )
    assert response.status_code == 403
    assert client.get(f"/api/v1/places/cameras/{camera.pk}").status_code == 404
    assert client.delete(f"/api/v1/places/cameras/{camera.pk}").status_code == 404
    assert Camera.objects.get().active
