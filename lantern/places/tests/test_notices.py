"""A camera's owner is told of a footage request the way they chose, and sees it waiting on
their home page; the officer who asked sees the footage that came back."""

from __future__ import annotations

import pytest
from django.core import mail

from conftest import actor_of
from lantern.accounts.models import User
from lantern.core.actor import Role
from lantern.notifications.models import Notification
from lantern.notifications.selectors import waiting_list
from lantern.places import services
from lantern.places.models import Camera
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user):
    return actor_of(make_user(Role.RESIDENT))


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


def test_an_owner_who_chose_email_is_emailed_and_sees_the_request_waiting(
    settings, owner, officer, make_user, django_capture_on_commit_callbacks
):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"
    camera = make_camera(owner, contact_preference=Camera.Contact.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(officer, camera)
    (sent,) = mail.outbox
    assert sent.to == [User.objects.get(pk=owner.user_id).email]
    assert f"/places/requests/{request.pk}/" in sent.body
    assert "Front doorbell" not in sent.body

    (item,) = waiting_list(actor=owner)
    assert item.url == f"/places/requests/{request.pk}/"
    assert waiting_list(actor=actor_of(make_user(Role.RESIDENT))) == []

    services.footage_request_decline(actor=owner, request_id=request.pk, reason="")
    assert waiting_list(actor=owner) == []


@pytest.mark.parametrize(
    ("preference", "phone", "channel"),
    [(Camera.Contact.PHONE, "07700900456", "sms"), (Camera.Contact.LANTERN, "", None)],
)
def test_an_owner_is_told_only_as_they_chose(
    settings, owner, officer, django_capture_on_commit_callbacks, preference, phone, channel
):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "console"
    camera = make_camera(owner, contact_preference=preference, contact_phone=phone)
    with django_capture_on_commit_callbacks(execute=True):
        make_request(officer, camera)
    assert list(Notification.objects.values_list("channel", flat=True)) == (
        [channel] if channel else []
    )
    assert len(waiting_list(actor=owner)) == 1


def test_the_officer_sees_footage_that_came_back(owner, officer, make_user, far):
    camera = make_camera(owner)
    request = make_request(officer, camera)
    assert waiting_list(actor=officer) == []
    services.footage_request_mark_answered(actor=owner, request_id=request.pk, item_count=2)
    (item,) = waiting_list(actor=officer)
    assert item.title.startswith("Footage received for your request FR-")
    assert waiting_list(actor=actor_of(make_user(Role.POLICE_OFFICER, "far_police"))) == []
