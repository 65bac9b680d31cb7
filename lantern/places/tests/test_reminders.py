"""Camera owners are reminded, at the retention period they declared, to delete footage no
open footage request needs, with the ICO's guidance (DOMAIN.md 7.4); once per period."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from conftest import actor_of, client_for
from lantern.accounts.models import User
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import PermissionDenied
from lantern.core.periodic import periodic_tasks
from lantern.notifications.models import Notification
from lantern.places import services
from lantern.places.guidance import ICO_URL
from lantern.places.models import Camera, FootageDeletionReminder
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db

ICO = "https://ico.org.uk/your-data-matters/domestic-cctv-systems-guidance-for-people-using-cctv/"


@pytest.fixture
def owner(make_user):
    return actor_of(make_user(Role.RESIDENT))


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


def send() -> int:
    return services.footage_deletion_reminders_send(actor=SYSTEM)


def test_the_guidance_linked_is_the_icos_page_domain_7_4_names():
    assert ICO_URL == ICO


def test_reminded_at_the_declared_period_then_once_per_period(
    settings, owner, django_capture_on_commit_callbacks
):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"
    camera = make_camera(owner, retention_days=14, contact_preference=Camera.Contact.EMAIL)
    assert send() == 0
    with time_machine.travel(camera.created_at + timedelta(days=13, hours=23)):
        assert send() == 0  # not yet: the period has not run
    due = camera.created_at + timedelta(days=14, minutes=1)
    with time_machine.travel(due), django_capture_on_commit_callbacks(execute=True):
        assert send() == 1
        assert send() == 0  # once per period, however often the task runs
    (message,) = mail.outbox
    assert message.to == [User.objects.get(pk=owner.user_id).email]
    assert ICO in message.body and "14 days" in message.body
    # DOMAIN.md 7.4: beyond the boundary the law applies; delete regularly.
    assert (
        "If your camera films beyond your boundary (a street, a footpath, shared space or a "
        "neighbour's home), data protection law applies to you and you should delete footage "
        "regularly." in " ".join(message.body.split())
    )
    assert "No open footage request needs any of it." in message.body
    assert f"/places/cameras/{camera.pk}/" in message.body
    assert "Front doorbell" not in message.body  # a reference, not the owner's words
    with time_machine.travel(due + timedelta(days=13)):
        assert send() == 0
    with time_machine.travel(due + timedelta(days=14, minutes=1)):
        assert send() == 1
    (event, _) = AuditEvent.objects.filter(action=services.FOOTAGE_DELETION_REMINDED)
    assert event.object_id == str(camera.pk)
    assert User.objects.get(pk=owner.user_id).email not in event.details


def test_footage_an_open_request_needs_is_kept_out_of_the_reminder(owner, officer):
    camera = make_camera(owner, retention_days=3)
    start = camera.created_at
    with time_machine.travel(start + timedelta(hours=2)):
        needed = make_request(
            officer,
            camera,
            window_start=start - timedelta(hours=1),
            window_end=start + timedelta(hours=1),
        )
        declined = make_request(
            officer,
            camera,
            window_start=start - timedelta(hours=3),
            window_end=start + timedelta(minutes=30),
        )
        services.footage_request_decline(actor=owner, request_id=declined.pk)
    with time_machine.travel(start + timedelta(days=3, minutes=1)):
        assert send() == 1
    (reminder,) = FootageDeletionReminder.objects.filter(camera=camera)
    assert reminder.kept_windows == [
        [needed.window_start.isoformat(), needed.window_end.isoformat()]
    ]
    assert reminder.delete_before > needed.window_start  # the window reaches back before it


def test_only_lantern_sends_them_and_not_to_cameras_off_the_register(owner, make_user):
    camera = make_camera(owner, retention_days=1)
    services.camera_deregister(actor=owner, camera_id=camera.pk)
    with time_machine.travel(camera.created_at + timedelta(days=2)):
        assert send() == 0
    with pytest.raises(PermissionDenied):
        services.footage_deletion_reminders_send(actor=owner)


def test_an_owner_told_only_through_lantern_sees_it_on_the_cameras_page(owner, make_user):
    camera = make_camera(owner, retention_days=7, contact_preference=Camera.Contact.LANTERN)
    with time_machine.travel(camera.created_at + timedelta(days=7, minutes=1)):
        assert send() == 1
        assert Notification.objects.count() == 0
        user = User.objects.get(pk=owner.user_id)
        page = client_for(user).get(reverse("places:camera", args=[camera.pk])).content.decode()
    assert "Deleting old footage" in page
    assert "We last reminded you on" in page
    assert ICO in page


def test_the_reminder_runs_daily_from_the_scheduler():
    (periodic,) = [p for p in periodic_tasks() if p.name.endswith("remind_footage_deletion")]
    assert periodic.every == timedelta(days=1)


def test_the_reminder_waits_on_the_home_page_until_the_owner_says_it_is_done(owner, make_user):
    from lantern.notifications.selectors import waiting_list

    camera = make_camera(owner, retention_days=7, contact_preference=Camera.Contact.LANTERN)
    stranger = make_user(Role.RESIDENT)
    with time_machine.travel(camera.created_at + timedelta(days=7, minutes=1)):
        send()
        (item,) = waiting_list(actor=owner)
        assert item.title.startswith("Delete old footage from your camera CAM-")
        assert item.url == f"/places/cameras/{camera.pk}/#deleting-footage"
        assert waiting_list(actor=actor_of(stranger)) == []
        url = reverse("places:camera-footage-deleted", args=[camera.pk])
        assert client_for(stranger).post(url).status_code == 404  # not their camera
        user = User.objects.get(pk=owner.user_id)
        client = client_for(user)
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302  # saying it twice changes nothing
        assert waiting_list(actor=owner) == []
    (reminder,) = FootageDeletionReminder.objects.filter(camera=camera)
    assert reminder.done_at is not None
    assert AuditEvent.objects.filter(action=services.FOOTAGE_DELETION_DONE).count() == 1
    page = client.get(reverse("places:camera", args=[camera.pk])).content.decode()
    assert "that you had deleted it" in page
    other = make_camera(owner, retention_days=7)
    assert (
        client.post(reverse("places:camera-footage-deleted", args=[other.pk])).status_code == 404
    )  # never reminded
