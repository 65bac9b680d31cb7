"""The places pages: registration, my cameras, the officers' search, footage requests."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils.timezone import localtime

from conftest import fake_report
from lantern.accounts.selectors import actor_for, partnership_at
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import Role
from lantern.places import demo, geometry, selectors
from lantern.places.models import Area, Camera, FootageRequest
from lantern.places.tests.factories import LARKSPUR, make_camera, make_request

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "owner_kind": "resident",
    "label": "Back gate",
    "latitude": "51.5412",
    "longitude": "0.7183",
    "direction": "350",
    "angle": "40",
    "range_m": "20",
    "records_audio": "yes",
    "covers_street": "yes",
    "retention_days": "14",
    "contact_preference": "lantern",
    "guidance_acknowledged": "true",
}


def test_register_a_camera_page_shows_the_guidance_and_flags(signed_in):
    client = signed_in(Role.RESIDENT)
    page = client.get("/places/cameras/register/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "captures only images within the boundary of your" in body
    assert "ico.org.uk/your-data-matters/domestic-cctv" in body
    assert "Audio recording is very intrusive" in body

    response = client.post("/places/cameras/register/", REGISTRATION)
    camera = Camera.objects.get()
    assert response.status_code == 302 and response.url == f"/places/cameras/{camera.pk}/"
    assert (camera.direction, camera.angle, camera.records_audio) == (350, 40, True)
    detail = client.get(response.url).content.decode()
    assert "This camera records sound" in detail and "captures beyond your boundary" in detail
    assert "Back gate" in client.get("/places/cameras/").content.decode()


def test_registration_errors_are_shown_not_a_crash(signed_in):
    client = signed_in(Role.RESIDENT)
    bad = {**REGISTRATION, "latitude": "north", "direction": "999", "guidance_acknowledged": ""}
    bad.pop("records_audio")
    page = client.post("/places/cameras/register/", bad)
    assert page.status_code == 200
    body = page.content.decode()
    assert "govuk-error-summary" in body
    assert "Latitude must be a number" in body
    assert "Confirm that you have read the guidance" in body
    assert not Camera.objects.exists()
    nan = client.post("/places/cameras/register/", {**REGISTRATION, "latitude": "nan"})
    assert nan.status_code == 200 and not Camera.objects.exists()


def test_owners_reach_only_their_own_cameras(signed_in, make_user):
    other = actor_for(make_user(Role.RESIDENT))
    camera = make_camera(other)
    client = signed_in(Role.RESIDENT)
    for url in (f"/places/cameras/{camera.pk}/", f"/places/cameras/{camera.pk}/edit/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/places/cameras/{camera.pk}/remove/").status_code == 404
    assert Camera.objects.get(pk=camera.pk).active


def test_edit_and_remove_own_camera(signed_in):
    client = signed_in(Role.RESIDENT)
    client.post("/places/cameras/register/", REGISTRATION)
    camera = Camera.objects.get()
    edit = client.get(f"/places/cameras/{camera.pk}/edit/")
    assert edit.status_code == 200 and 'value="350"' in edit.content.decode()
    changed = {**REGISTRATION, "direction": "10"}
    changed.pop("guidance_acknowledged")
    assert client.post(f"/places/cameras/{camera.pk}/edit/", changed).status_code == 302
    camera.refresh_from_db()
    assert camera.direction == 10 and camera.clock_offset_seconds is None
    assert "Not declared" in client.get(f"/places/cameras/{camera.pk}/").content.decode()
    # The owner says how far the camera's clock is out (the item page uses it).
    fast = {**changed, "clock_offset_seconds": "180"}
    assert client.post(f"/places/cameras/{camera.pk}/edit/", fast).status_code == 302
    camera.refresh_from_db()
    assert camera.clock_offset_seconds == 180
    detail = client.get(f"/places/cameras/{camera.pk}/").content.decode()
    assert "Runs 3 minutes fast (+180 seconds)" in detail
    bad = client.post(
        f"/places/cameras/{camera.pk}/edit/", {**changed, "clock_offset_seconds": "3 min"}
    )
    assert bad.status_code == 200 and "whole number of seconds" in bad.content.decode()
    client.post(f"/places/cameras/{camera.pk}/remove/")
    camera.refresh_from_db()
    assert not camera.active


def test_officer_search_and_request_pages(signed_in, make_user, django_assert_max_num_queries):
    owner = actor_for(make_user(Role.RESIDENT))
    camera = make_camera(owner, direction=0, angle=90, range_m=50)
    client = signed_in(Role.POLICE_OFFICER)
    lat, lng = geometry.destination(*LARKSPUR, 0, 20)
    at = localtime(clock.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    report = str(fake_report())
    page = client.get(
        "/places/search/", {"latitude": lat, "longitude": lng, "at": at, "report": report}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 camera may have seen it" in body and "Front doorbell" in body
    link = f"/places/cameras/{camera.pk}/request/"
    assert link in body

    assert client.get(link, {"at": "9999-12-31T23:59"}).status_code == 200
    form = client.get(link, {"at": at, "report": report})
    assert form.status_code == 200 and report in form.content.decode()
    start = localtime(clock.now() - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    end = localtime(clock.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    sent = client.post(
        link, {"report_id": report, "window_start": start, "window_end": end, "message": "A fight"}
    )
    request = FootageRequest.objects.get()
    assert sent.status_code == 302 and sent.url == f"/places/requests/{request.pk}/"
    assert str(request.report_id) == report
    staff_view = client.get(sent.url)
    assert staff_view.status_code == 200 and "Sent" in staff_view.content.decode()
    with django_assert_max_num_queries(12):
        listing = client.get("/places/requests/sent/")
    assert listing.status_code == 200 and "Front doorbell" in listing.content.decode()


def test_search_form_errors(signed_in):
    client = signed_in(Role.PCSO)
    page = client.get("/places/search/", {"latitude": "500", "longitude": "x", "at": "soon"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Enter a latitude between -90 and 90" in body and "Enter a date and time" in body
    far = {"latitude": "51.5", "longitude": "0.7", "at": "9999-12-31T23:59"}
    page = client.get("/places/search/", far)
    assert page.status_code == 200 and "between the years 2000 and 2100" in page.content.decode()


def test_residents_cannot_search_and_officers_cannot_register(signed_in):
    assert signed_in(Role.RESIDENT).get("/places/search/").status_code == 403


def test_owner_sees_declines_and_can_upload(signed_in, make_user):
    client = signed_in(Role.RESIDENT)
    owner = actor_for(client.user)
    camera = make_camera(owner, records_audio=True)
    request = make_request(actor_for(make_user(Role.POLICE_OFFICER), verified=True), camera)
    home = client.get("/").content.decode()
    assert "Requests for footage" in home and f"/places/requests/{request.pk}/" in home
    page = client.get(f"/places/requests/{request.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-link-kind="footage_request"' in body and f'data-link-id="{request.pk}"' in body
    assert "Decline this request" in body
    request.refresh_from_db()
    assert request.status == "seen"
    declined = client.post(f"/places/requests/{request.pk}/decline/", {"reason": "Overwritten"})
    assert declined.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "Overwritten")
    again = client.post(f"/places/requests/{request.pk}/decline/", {"reason": ""})
    assert again.status_code == 200 and "declined" in again.content.decode().lower()
    closed = client.get(f"/places/requests/{request.pk}/").content.decode()
    # The upload endpoint refuses a declined request, so the page no longer offers to upload.
    assert 'data-link-kind="footage_request"' not in closed and "uppy" not in closed
    assert "You declined this request, so it is closed" in closed
    assert "Decline this request" not in closed


def test_owner_is_told_an_expired_request_takes_no_uploads(signed_in, make_user):
    client = signed_in(Role.RESIDENT)
    request = make_request(
        actor_for(make_user(Role.POLICE_OFFICER), verified=True),
        make_camera(actor_for(client.user)),
    )
    page = client.get(f"/places/requests/{request.pk}/").content.decode()
    assert 'data-link-kind="footage_request"' in page and "has expired" not in page
    # The camera's retention has run out (the expiry task has not marked it yet).
    FootageRequest.objects.filter(pk=request.pk).update(expires_at=clock.now() - timedelta(hours=1))
    page = client.get(f"/places/requests/{request.pk}/").content.decode()
    assert 'data-link-kind="footage_request"' not in page and "uppy" not in page
    assert "This request has expired" in page
    FootageRequest.objects.filter(pk=request.pk).update(status=FootageRequest.Status.EXPIRED)
    page = client.get(f"/places/requests/{request.pk}/").content.decode()
    assert 'data-link-kind="footage_request"' not in page and "This request has expired" in page


def test_strangers_get_404_for_a_request(signed_in, make_user):
    owner = actor_for(make_user(Role.RESIDENT))
    request = make_request(
        actor_for(make_user(Role.POLICE_OFFICER), verified=True), make_camera(owner)
    )
    assert signed_in(Role.RESIDENT).get(f"/places/requests/{request.pk}/").status_code == 404


def test_demo_seed_is_idempotent(orgs):
    from lantern.accounts import demo as accounts_demo

    out = io.StringIO()
    accounts_demo.seed(out=out)
    demo.seed(out=out)
    events = AuditEvent.objects.count()
    demo.seed(out=out)
    assert AuditEvent.objects.count() == events
    assert Camera.objects.count() == 2
    assert Area.objects.get().name == "Larkspur Row and surrounds"
    resident = Camera.objects.get(owner__email="resident@demo.lantern.test")
    assert resident.records_audio
    area = Area.objects.get()
    assert selectors.area_contains(area=area, latitude=51.5412, longitude=0.7183)
    business = Camera.objects.get(owner_kind="business")
    assert business.business_name == "Larkspur Stores"
    # All of it in the partnership that serves Larkspur Row.
    assert {area.partnership_id, resident.partnership_id, business.partnership_id} == {
        partnership_at(51.5412, 0.7183).pk
    }
