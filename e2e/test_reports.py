"""Report journeys in the browser, with axe-core on every page: an anonymous report with a
map pin set from the keyboard, through to the confirmation; an officer triaging reports
and marking a duplicate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils.timezone import localtime
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.places import services as places_services
from lantern.places.demo import AREA
from lantern.reports.models import Report
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db(transaction=True)


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_anonymous_report_with_a_keyboard_map_pin(page, axe, orgs, map_images):
    page.goto("/reports/new/")
    assert page.get_by_text("If someone is in danger now, call 999").is_visible()
    axe(page)
    page.get_by_role("button", name="Start now").click()

    # What happened: an empty answer first, then kerb crawling.
    page.wait_for_url("**/new/what/")
    assert page.get_by_text("goes to the safeguarding team").is_visible()
    axe(page)
    _continue(page)
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)
    page.get_by_label("Kerb crawling").check()
    _continue(page)

    # Where: the map pin, moved and set with the keyboard only.
    page.wait_for_url("**/new/where/")
    the_map = page.get_by_role("application", name="Map of where it happened")
    assert the_map.is_visible()
    pins = map_images.check("#report-map")  # the pin's image loads, and is named
    assert [p["alt"] for p in pins] == ["Pin: where it happened"]
    axe(page)
    the_map.focus()
    for key in ("ArrowUp", "ArrowUp", "ArrowRight", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    assert page.get_by_text("Press Enter to set it here").is_visible()
    page.keyboard.press("Enter")
    assert page.get_by_text("Pin set at").is_visible()
    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    assert latitude > 51.5412 and longitude > 0.7183  # moved up (north) and right (east)
    assert abs(latitude - 51.5412) < 0.01 and abs(longitude - 0.7183) < 0.01
    page.get_by_label("Address or description of the place").fill("Corner of Larkspur Row")
    _continue(page)

    # When.
    page.wait_for_url("**/new/when/")
    axe(page)
    day = localtime(clock.now() - timedelta(days=1))
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("What time did it start?").fill("10:15pm")
    _continue(page)

    page.wait_for_url("**/new/description/")
    axe(page)
    page.get_by_label("Tell us what happened").fill("A silver car slowed and stopped twice.")
    _continue(page)

    page.wait_for_url("**/new/people-and-vehicles/")
    axe(page)
    page.get_by_label("Registration numbers of vehicles involved (optional)").fill("lr19 kxt")
    _continue(page)

    page.wait_for_url("**/new/more-questions/")
    axe(page)
    page.get_by_label("Yes").check()
    _continue(page)

    page.wait_for_url("**/new/evidence/")
    axe(page)
    _continue(page)

    page.wait_for_url("**/new/contact/")
    axe(page)
    page.get_by_label("Do not contact me: I want to stay anonymous").check()
    _continue(page)

    page.wait_for_url("**/new/check/")
    assert page.get_by_text("LR19 KXT").is_visible()
    axe(page)
    page.get_by_role("button", name="Send report").click()

    page.wait_for_url("**/new/sent/")
    assert page.get_by_role("heading", name="Report sent").is_visible()
    report = Report.objects.get()
    assert page.get_by_text(report.reference).is_visible()
    assert page.get_by_role("heading", name="Your tracking code").is_visible()
    axe(page)
    assert report.anonymous and abs(report.latitude - latitude) < 1e-6
    assert list(report.vehicles.values_list("registration", flat=True)) == ["LR19KXT"]
    code = page.locator(".lantern-tracking-code").inner_text().strip()

    # Following it with the reference and the tracking code.
    page.goto("/reports/follow/")
    axe(page)
    page.get_by_label("Report reference").fill(report.reference)
    page.get_by_label("Tracking code").fill(code)
    page.get_by_role("button", name="Find report").click()
    page.wait_for_url("**/follow/report/")
    assert page.get_by_role("heading", name=f"Report {report.reference}").is_visible()
    axe(page)


def _sign_in_staff(page, axe, user) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")


def test_officer_triages_and_marks_a_duplicate(page, axe, make_user):
    officer = make_user(Role.POLICE_OFFICER)
    places_services.area_create(actor=SYSTEM, name="Larkspur Row and surrounds", geojson=AREA)
    first = make_report(hours_ago=3, vehicles=["LR19 KXT"]).report
    second = make_report(hours_ago=2, at=(51.5413, 0.7184), vehicles=["LR19KXT"]).report
    elsewhere = make_report(hours_ago=1, at=(51.5500, 0.7300)).report
    make_report(category="noise", hours_ago=20)

    _sign_in_staff(page, axe, officer)
    assert page.get_by_role("heading", name="Reports to triage").is_visible()
    axe(page)
    page.get_by_role("link", name="Reports", exact=True).click()
    page.wait_for_url("**/reports/triage/")
    axe(page)

    # Filter by category and by the area's name, then open the newer kerb-crawling report.
    page.get_by_label("Category").select_option("kerb-crawling")
    page.get_by_label("Area", exact=True).select_option(label="Larkspur Row and surrounds")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("link", name=second.reference).is_visible()
    assert page.get_by_role("link", name=first.reference).is_visible()
    assert page.get_by_role("link", name=elsewhere.reference).count() == 0
    axe(page)
    page.get_by_role("link", name=second.reference).click()
    page.wait_for_url(f"**/triage/{second.pk}/")
    axe(page)

    # Assign to themselves, add a public update, then mark it a duplicate of the first.
    page.get_by_label("Assign to").select_option(str(officer.pk))
    page.get_by_role("button", name="Assign").click()
    assert page.get_by_text("Report assigned").is_visible()
    axe(page)
    page.get_by_label("A public update: the person who reported it will see it").check()
    page.get_by_label("Text").fill("Thank you: patrols are visiting in the evenings.")
    page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_text("Public update added").is_visible()
    page.get_by_role("button", name=f"Mark this report as a duplicate of {first.reference}").click()
    assert page.get_by_text(f"Marked as a duplicate of {first.reference}").is_visible()
    axe(page)
    second.refresh_from_db()
    assert second.status == "duplicate" and second.duplicate_of_id == first.pk
    assert second.assigned_to_id == officer.pk


def test_officer_reads_an_open311_clients_update(page, axe, make_user):
    from lantern.accounts.models import Partnership
    from lantern.reports.open311 import services as open311
    from lantern.reports.services import ReportInput

    officer = make_user(Role.POLICE_OFFICER)
    test = Partnership.objects.get(name="Test Partnership")
    client = open311.open311_client_create(
        actor=SYSTEM, name="FixMyStreet", partnership_id=test.pk
    ).client
    report = open311.open311_request_create(
        client=client,
        data=ReportInput(
            category_code="drug-litter",
            latitude=51.5413,
            longitude=0.7184,
            occurred_from=clock.now() - timedelta(hours=1),
            description="Needles behind the bus shelter.",
            answers={"needles": "yes"},
            contact="email",
            contact_name="Alys Fennimore",
            contact_email="alys.fennimore@example.test",
        ),
        extras=open311.SubmissionExtras(),
    ).report
    open311.open311_update_receive(
        client=client,
        report_id=report.pk,
        data=open311.UpdateInput(
            service_request_id=report.reference,
            status="FIXED",
            description="Cleared by the council this morning.",
        ),
    )

    _sign_in_staff(page, axe, officer)
    page.goto("/reports/triage/")
    page.get_by_role("link", name="Updates from Open311 clients").click()
    page.wait_for_url("**/triage/client-updates/")
    assert page.get_by_text("Cleared by the council this morning.").is_visible()
    axe(page)
    page.get_by_role("link", name=report.reference).click()
    page.wait_for_url(f"**/triage/{report.pk}/")
    assert page.get_by_role("heading", name="Updates from FixMyStreet").is_visible()
    assert page.get_by_text("Alys Fennimore").is_visible()
    axe(page)
