"""Signing in with two-factor, the staff dashboard, the audit log, the resident home, and the
error pages, with axe-core checking every page reached."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(page, axe, user) -> None:
    page.goto("/account/sign-in/")
    axe(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_staff_sign_in_with_two_factor_and_audit_log(page, axe, make_user):
    admin = make_user(Role.ADMIN)
    page.goto("/")
    axe(page)
    _sign_in(page, axe, admin)

    # The second step: a wrong code first, then the right one.
    page.wait_for_url("**/two-factor/check/")
    axe(page)
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert (
        page.get_by_role("alert").is_visible() or page.locator(".govuk-error-summary").is_visible()
    )
    axe(page)
    page.wait_for_timeout(2100)  # django-otp makes a guesser wait after a wrong code
    page.get_by_label("Security code").fill(_code(admin))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Dashboard", level=1).is_visible()
    axe(page)

    page.get_by_role("link", name="Audit log").first.click()
    page.wait_for_url("**/audit/")
    assert page.get_by_role("heading", name="Audit log", level=1).is_visible()
    axe(page)

    page.get_by_role("link", name="Verify the audit chain").click()
    axe(page)
    page.get_by_role("button", name="Verify now").click()
    assert page.get_by_text("The audit chain holds").is_visible()
    axe(page)

    page.goto("/no-such-page/")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    axe(page)
    assert len(axe.checked) >= 9


def test_staff_set_up_two_factor_on_first_sign_in(page, axe, make_user):
    officer = make_user(Role.POLICE_OFFICER, two_factor=False)
    _sign_in(page, axe, officer)
    page.wait_for_url("**/two-factor/set-up/")
    assert page.get_by_role("img", name="QR code").is_visible()
    axe(page)
    page.get_by_role("button", name="Continue").click()  # empty: an error, not a crash
    axe(page)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")
    axe(page)


def test_resident_home_and_registration_pages(page, axe, make_user):
    page.goto("/account/register/")
    axe(page)
    page.get_by_role("button", name="Create account").click()
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)
    resident = make_user(Role.RESIDENT)
    _sign_in(page, axe, resident)
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_role("heading", name=f"Hello, {resident.display_name}").is_visible()
    axe(page)
    page.goto("/dashboard/")
    assert (
        page.get_by_role("heading", name="You do not have permission").is_visible()
        or "permission" in page.content()
    )
    axe(page)
