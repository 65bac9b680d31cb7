"""Signing in: email and password, two-factor for every staff role, lockout, sign out."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db

STAFF_ROLES = [r for r in Role if r.is_staff]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, user, password=PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"username": user.email, "password": password})


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_must_pass_two_factor_before_any_staff_page(client, make_user, role):
    user = make_user(role)
    response = _sign_in(client, user)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two-factor-verify")
    # Every staff page sends them back to the second step until they pass it.
    response = client.get(reverse("frontend:dashboard"))
    assert response.status_code == 302 and response.url == reverse("accounts:two-factor-verify")
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:two-factor-verify"), {"token": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("frontend:dashboard")).status_code == 200


def test_staff_without_a_device_set_one_up_first(client, make_user):
    user = make_user(Role.POLICE_OFFICER, two_factor=False)
    response = _sign_in(client, user)
    assert response.url == reverse("accounts:two-factor-setup")
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200 and b"Setup key" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor-setup"), {"token": "000000"})
    assert wrong.status_code == 200 and b"not right" in wrong.content
    # Straight after a wrong code, even the right one waits: guessing is slowed down.
    throttled = client.post(reverse("accounts:two-factor-setup"), {"token": _code(device)})
    assert b"Too many wrong codes" in throttled.content
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()  # as if the wait had passed
    response = client.post(reverse("accounts:two-factor-setup"), {"token": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("frontend:dashboard")).status_code == 200
    assert AuditEvent.objects.filter(
        action="two_factor.device_added", object_id=str(user.pk)
    ).exists()


def test_a_wrong_code_is_refused_with_a_message(client, make_user):
    user = make_user(Role.ANALYST)
    _sign_in(client, user)
    response = client.post(reverse("accounts:two-factor-verify"), {"token": "12ab"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert client.get(reverse("frontend:dashboard")).status_code == 302


def test_residents_sign_in_without_two_factor(client, make_user):
    user = make_user(Role.RESIDENT)
    response = _sign_in(client, user)
    assert response.status_code == 302
    home = client.get(reverse("frontend:home"))
    assert home.status_code == 200 and user.display_name.encode() in home.content
    assert client.get(reverse("frontend:dashboard")).status_code == 403


def test_bad_password_shows_the_error_summary(client, make_user):
    user = make_user(Role.RESIDENT)
    response = _sign_in(client, user, password="wrong")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct email address and password" in response.content


def test_repeated_failures_lock_the_account(client, make_user, settings):
    user = make_user(Role.RESIDENT)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user, password="wrong")
    response = _sign_in(client, user)  # even the right password is refused for a while
    assert response.status_code == 429
    assert b"You cannot sign in for a while" in response.content
    assert AuditEvent.objects.filter(action="user.locked_out").exists()


def test_sign_out_is_a_post_and_is_audited(client, make_user):
    user = make_user(Role.RESIDENT)
    _sign_in(client, user)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.signed_out", object_id=str(user.pk)).exists()
    assert client.get(reverse("frontend:home")).status_code == 200
    assert b"Sign in" in client.get(reverse("frontend:home")).content


def test_next_is_kept_through_two_factor_but_never_off_site(client, make_user):
    user = make_user(Role.ADMIN)
    device = TOTPDevice.objects.get(user=user)
    client.post(
        reverse("accounts:sign-in") + "?next=/audit/",
        {"username": user.email, "password": PASSWORD, "next": "/audit/"},
    )
    response = client.post(reverse("accounts:two-factor-verify"), {"token": _code(device)})
    assert response.url == "/audit/"


def test_lockouts_ignore_capitals_and_are_recorded_once(client, make_user, settings):
    user = make_user(Role.RESIDENT)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:sign-in"), {"username": user.email.upper(), "password": "wrong"}
        )
    for _ in range(3):
        assert _sign_in(client, user).status_code == 429
    assert AuditEvent.objects.filter(action="user.locked_out").count() == 1
    event = AuditEvent.objects.get(action="user.locked_out")
    assert event.actor == "anonymous" and event.object_id == str(user.pk)
