"""A resident's own data and account, on a phone, with the keyboard, with axe-core on every
page reached: they read their data and download it, correct their details (a bad phone
number first), then close their account and are told what was kept and why."""

from __future__ import annotations

import json

import pytest

from conftest import PASSWORD
from lantern.accounts.models import User
from lantern.core.actor import Role
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_resident_downloads_corrects_and_closes_on_a_phone(page, axe, make_user):
    from conftest import actor_of
    from lantern.reports.tests.factories import make_report

    resident = make_user(Role.RESIDENT)
    report = make_report(
        actor_of(resident), contact=Report.Contact.PHONE, contact_phone="07700 900 982"
    ).report
    page.set_viewport_size(PHONE)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.endswith("/"))

    page.get_by_role("link", name="See or download your data").click()
    page.wait_for_url("**/account/your-data/")
    assert page.get_by_role("heading", name="Reports you made").is_visible()
    assert page.get_by_role("heading", name=report.reference).is_visible()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data (JSON file)").click()
    document = json.loads(download.value.path().read_text())
    assert document["sections"]["reports"]["records"][0]["reference"] == report.reference

    page.goto("/account/your-details/")
    page.get_by_label("Phone number (optional)").fill("call me")
    page.get_by_label("Phone number (optional)").press("Enter")  # sent with the keyboard
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter a phone number" in summary.inner_text()
    assert page.title().startswith("Error: ")
    axe(page)
    page.get_by_label("Phone number (optional)").fill("01632 960 001")
    page.get_by_role("button", name="Save your details").click()
    page.wait_for_url("**/account/your-details/")
    assert "Your details were saved." in page.content()
    axe(page)

    page.get_by_role("link", name="Close your account").click()
    page.wait_for_url("**/account/close/")
    assert "Other reports you made (1)" in page.content()
    axe(page)
    page.get_by_role("button", name="Close your account").click()  # not confirmed yet
    page.locator(".govuk-error-summary").wait_for()
    axe(page)
    checkbox = page.get_by_label("I understand that I will not be able to sign in again")
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    page.get_by_role("button", name="Close your account").click()
    page.wait_for_url("**/account/closed/")
    assert page.get_by_role("heading", name="Your account is closed").is_visible()
    assert "Other reports you made (1)" in page.content()
    axe(page)
    assert User.objects.get(pk=resident.pk).closed_at is not None


def test_a_camera_owner_sees_the_reminder_waiting_and_says_it_is_done(page, axe, make_user):
    from datetime import timedelta

    import time_machine

    from conftest import actor_of
    from lantern.core.actor import SYSTEM
    from lantern.places.services import footage_deletion_reminders_send
    from lantern.places.tests.factories import make_camera

    resident = make_user(Role.RESIDENT)
    camera = make_camera(actor_of(resident), retention_days=7)
    with time_machine.travel(camera.created_at + timedelta(days=7, minutes=1), tick=True):
        assert footage_deletion_reminders_send(actor=SYSTEM) == 1
    page.set_viewport_size(PHONE)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.get_by_role("link", name="Delete old footage from your camera").click()
    page.wait_for_url("**/places/cameras/**")
    assert page.get_by_role("heading", name="Deleting old footage").is_visible()
    axe(page)
    button = page.get_by_role("button", name="I have deleted the old footage")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("that you had deleted it").wait_for()
    axe(page)
