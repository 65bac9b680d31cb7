"""Camera registry journeys, with axe-core on every page reached: a resident registers a
camera on the map; an officer finds it for an incident and sends a footage request; the
owner sees the request on their home page and opens it (the upload itself is the evidence
app's journey)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils.timezone import localtime
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from lantern.core import clock
from lantern.core.actor import Role
from lantern.places import geometry
from lantern.places.models import Camera, FootageRequest

pytestmark = pytest.mark.django_db(transaction=True)


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(page, user) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        page.wait_for_url("**/two-factor/check/")
        page.get_by_label("Security code").fill(_code(user))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/dashboard/")
    else:
        page.wait_for_url(lambda url: url.endswith("/"))


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")


def _local(value) -> str:
    return localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_register_a_camera_find_it_and_send_a_footage_request(page, axe, make_user, map_images):
    from lantern.reports.tests.factories import make_report

    resident = make_user(Role.RESIDENT)
    officer = make_user(Role.POLICE_OFFICER)
    report_id = str(make_report().report.pk)  # a report the officer sees

    # The resident registers a camera, placing it with the map.
    _sign_in(page, resident)
    page.get_by_role("link", name="Your cameras").first.click()
    page.wait_for_url("**/places/cameras/")
    axe(page)
    page.get_by_role("button", name="Register a camera").click()
    page.wait_for_url("**/places/cameras/register/")
    assert page.get_by_text("captures only images within the boundary").is_visible()
    # The pin is an image that loads (from the build, not relative to the page), named.
    pins = map_images.check("#camera-map")
    assert [p["alt"] for p in pins] == ["Pin: where the camera is"]
    assert pins[0]["src"].endswith("/static/vendor/leaflet/images/marker-icon.png")
    axe(page)
    page.get_by_role("button", name="Register camera").click()  # empty: errors, not a crash
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)

    page.get_by_label("A home (resident)").check()
    page.get_by_label("A name for the camera").fill("Porch camera")
    # The keyboard puts the pin: focus the map, move the pin, Enter sets it.
    map_element = page.locator("#camera-map")
    map_element.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert page.locator("#id_latitude").input_value() != ""
    page.get_by_label("Which way it points, in degrees").fill("350")
    page.get_by_label("How wide it sees, in degrees").fill("60")
    page.get_by_role("button", name="Turn right 15°").click()  # 350 + 15 wraps to 5
    assert page.locator("#id_direction").input_value() == "5"
    page.get_by_label("How far it sees, in metres").fill("30")
    page.locator("#id_records_audio").check()  # yes
    page.locator("#id_covers_street").check()  # yes
    page.get_by_label("How many days is footage kept").fill("30")
    page.get_by_label("Only through Lantern").check()
    page.get_by_label("I have read the guidance").check()
    axe(page)
    page.get_by_role("button", name="Register camera").click()
    page.wait_for_url("**/places/cameras/*/")
    assert page.get_by_role("heading", name="Porch camera", level=1).is_visible()
    assert page.get_by_text("This camera records sound").is_visible()
    assert [p["alt"] for p in map_images.check("#camera-map")] == ["The camera: Porch camera"]
    axe(page)
    camera = Camera.objects.get(label="Porch camera")
    assert camera.direction == 5 and camera.owner_id == resident.pk
    _sign_out(page)

    # An officer finds the camera for a point 15 m in front of it, and asks for footage.
    _sign_in(page, officer)
    page.get_by_role("link", name="Find cameras").first.click()
    page.wait_for_url("**/places/search/")
    pins = map_images.check("#search-map")
    assert [p["alt"] for p in pins] == ["Pin: where the incident happened"]
    axe(page)
    lat, lng = geometry.destination(camera.latitude, camera.longitude, 10, 15)
    page.get_by_label("Latitude").fill(f"{lat:.6f}")
    page.get_by_label("Longitude").fill(f"{lng:.6f}")
    page.get_by_label("When it happened").fill(_local(clock.now() - timedelta(hours=2)))
    page.get_by_label("Report id (optional)").fill(report_id)
    page.get_by_role("button", name="Find cameras").click()
    assert page.get_by_text("1 camera may have seen it").is_visible()
    axe(page)
    page.get_by_role("link", name="Request footage from Porch camera").click()
    page.wait_for_url("**/request/**")
    assert page.get_by_label("Report id").input_value() == report_id
    axe(page)
    page.get_by_label("Message to the camera's owner").fill("Looking for a silver van")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/places/requests/*/")
    assert page.get_by_text("Footage request sent").is_visible()
    axe(page)
    request = FootageRequest.objects.get()
    assert str(request.report_id) == report_id and request.status == "sent"
    _sign_out(page)

    # The owner sees it on their home page and opens it: the uploader and "decline".
    _sign_in(page, resident)
    assert page.get_by_role("heading", name="Requests for footage").is_visible()
    axe(page)
    page.get_by_role("link", name="Porch camera:").click()
    page.wait_for_url(f"**/places/requests/{request.pk}/")
    assert page.get_by_role("heading", name="Request for footage", level=1).is_visible()
    page.locator(".uppy-Dashboard").wait_for()
    axe(page)
    request.refresh_from_db()
    assert request.status == "seen"
    page.get_by_role("button", name="Decline this request").click()
    axe(page)
    assert len(axe.checked) >= 12
