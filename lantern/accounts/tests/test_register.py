"""Residents register themselves and confirm their email address."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from lantern.accounts.models import Membership, User
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db

FORM = {
    "display_name": "Ada Resident",
    "email": "ada@example.test",
    "password": "a long enough pass phrase",
}


def test_register_confirm_and_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), FORM)
    assert response.status_code == 302 and response.url == reverse("accounts:register-sent")
    user = User.objects.get(email="ada@example.test")
    assert not user.is_active
    assert Membership.objects.get(user=user).role == Role.RESIDENT
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed_at is not None
    signed = client.post(
        reverse("accounts:sign-in"), {"username": FORM["email"], "password": FORM["password"]}
    )
    assert signed.status_code == 302


def test_unconfirmed_account_cannot_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), FORM)
    response = client.post(
        reverse("accounts:sign-in"), {"username": FORM["email"], "password": FORM["password"]}
    )
    assert response.status_code == 200 and b"govuk-error-summary" in response.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", b"Enter an email address in the correct format"),
        ("password", "short", b"too short"),
        ("display_name", "", b"Enter your name"),
    ],
)
def test_bad_input_gets_a_clear_message(client, field, value, message):
    response = client.post(reverse("accounts:register"), {**FORM, field: value})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content and message in response.content
    assert not User.objects.exists()


def test_registering_a_taken_address_reveals_nothing(
    client, make_user, django_capture_on_commit_callbacks
):
    existing = make_user(Role.RESIDENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), {**FORM, "email": existing.email})
    assert response.url == reverse("accounts:register-sent")
    assert "already has an account" in mail.outbox[0].body


def test_a_bad_confirmation_link_is_a_clear_400(client):
    response = client.get(reverse("accounts:confirm-email", args=["bm90LWEtdXNlcg", "x-y"]))
    assert response.status_code == 400 and b"This link is not valid" in response.content
