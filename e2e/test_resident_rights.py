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
