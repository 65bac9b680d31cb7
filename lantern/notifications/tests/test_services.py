"""Queueing, sending, recording, trying again, and the audit trail: through the real
services and tasks (the test settings run tasks immediately)."""

from __future__ import annotations

import json
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import SYSTEM
from lantern.notifications import delivery, services, tasks
from lantern.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db

S = Notification.Status
PERSONALISATION = {"reference": "LAN-7K2P9Q", "link": "https://lantern.example.test/r/"}


class Flaky(BaseEmailBackend):
    """A mail server that is away for the first ``failures`` messages."""

    failures = 0

    def send_messages(self, email_messages):
        if Flaky.failures:
            Flaky.failures -= 1
            raise smtplib.SMTPServerDisconnected("away")
        mail.outbox.extend(email_messages)
        return len(email_messages)


@pytest.fixture
def smtp(settings):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"
    settings.EMAIL_BACKEND = f"{__name__}.Flaky"
    Flaky.failures = 0
    return Flaky


def queue(django_capture_on_commit_callbacks, **kw) -> Notification:
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            actor=SYSTEM,
            template=kw.pop("template", "report_updated"),
            recipient=services.Recipient(Channel.EMAIL, "resident@example.test"),
            personalisation=kw.pop("personalisation", PERSONALISATION),
        )
    assert notification is not None
    notification.refresh_from_db()
    return notification


def events(notification: Notification) -> list[AuditEvent]:
    found = list(
        AuditEvent.objects.filter(object_type="notification", object_id=str(notification.pk))
    )
    for event in found:
        event.payload = json.loads(event.details)  # type: ignore[attr-defined]
    return found


def test_a_message_is_queued_then_sent_after_commit_and_its_payload_emptied(
    smtp, django_capture_on_commit_callbacks
):
    notification = queue(django_capture_on_commit_callbacks)
    assert notification.status == S.SENT
    assert notification.sent_at is not None and notification.attempts == 1
    assert bytes(notification.payload) == b""
    (sent,) = mail.outbox
    assert sent.to == ["resident@example.test"]
    assert "LAN-7K2P9Q" in sent.subject
    queued, done = events(notification)
    assert (queued.action, done.action) == (
        services.NOTIFICATION_QUEUED,
        delivery.NOTIFICATION_SENT,
    )
    assert queued.payload == {
        "template": "report_updated",
        "channel": "email",
        "recipient_user": "",
    }
    for event in (queued, done):
        assert "resident@example.test" not in str(event.details)
        assert "LAN-7K2P9Q" not in str(event.details)


def test_nothing_is_sent_before_the_transaction_commits(smtp):
    notification = services.notify(
        actor=SYSTEM,
        template="report_updated",
        recipient=services.Recipient(Channel.EMAIL, "resident@example.test"),
        personalisation=PERSONALISATION,
    )
    assert notification is not None
    notification.refresh_from_db()
    assert notification.status == S.QUEUED
    assert mail.outbox == []
    # While it waits, the address and words are sealed, not stored in the clear.
    assert b"resident@example.test" not in bytes(notification.payload)


def test_a_message_missing_a_placeholder_is_refused():
    with pytest.raises(ValueError, match="link"):
        services.notify(
            actor=SYSTEM,
            template="report_updated",
            recipient=services.Recipient(Channel.EMAIL, "resident@example.test"),
            personalisation={"reference": "LAN-7K2P9Q"},
        )


def test_no_address_queues_nothing():
    assert (
        services.notify(
            actor=SYSTEM,
            template="report_updated",
            recipient=services.Recipient(Channel.SMS, "  "),
            personalisation=PERSONALISATION,
        )
        is None
    )
    assert not Notification.objects.exists()


def test_a_transient_failure_is_recorded_and_tried_again_when_due(
    smtp, django_capture_on_commit_callbacks
):
    smtp.failures = 1
    notification = queue(django_capture_on_commit_callbacks)
    assert notification.status == S.RETRYING
    assert notification.error == "could not reach the mail server (SMTPServerDisconnected)"
    assert notification.next_attempt_at > clock.now()
    assert mail.outbox == []
    failed = events(notification)[-1]
    assert failed.action == delivery.NOTIFICATION_FAILED
    assert failed.payload["will_retry"] is True and failed.payload["attempt"] == 1

    # Not yet due: the sweep leaves it alone.
    assert tasks.retry_due_notifications.call() == 0
    with time_machine.travel(clock.now() + delivery.backoff(1) + timedelta(seconds=1)):
        assert tasks.retry_due_notifications.call() == 1
    notification.refresh_from_db()
    assert notification.status == S.SENT and notification.attempts == 2
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_it_is_recorded_as_failed(
    smtp, settings, django_capture_on_commit_callbacks
):
    settings.LANTERN_NOTIFICATIONS_MAX_ATTEMPTS = 2
    smtp.failures = 5
    notification = queue(django_capture_on_commit_callbacks)
    with time_machine.travel(clock.now() + timedelta(hours=1)):
        tasks.retry_due_notifications.call()
    notification.refresh_from_db()
    assert notification.status == S.FAILED and notification.attempts == 2
    assert bytes(notification.payload) == b""
    assert events(notification)[-1].payload["will_retry"] is False
    with time_machine.travel(clock.now() + timedelta(days=1)):
        assert tasks.retry_due_notifications.call() == 0


def test_a_permanent_failure_is_not_tried_again(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            actor=SYSTEM,
            template="report_updated",
            recipient=services.Recipient(Channel.SMS, "07700900123"),
            personalisation=PERSONALISATION,
        )
    assert notification is not None
    notification.refresh_from_db()
    assert notification.status == S.FAILED and notification.attempts == 1
    assert notification.error == "the SMTP backend cannot send text messages"


def test_a_lost_task_is_sent_by_the_sweep_once_its_lease_passes(smtp):
    notification = services.notify(
        actor=SYSTEM,
        template="report_updated",
        recipient=services.Recipient(Channel.EMAIL, "resident@example.test"),
        personalisation=PERSONALISATION,
    )  # its on_commit enqueue never runs: as if the queue lost it
    assert notification is not None
    assert tasks.retry_due_notifications.call() == 0
    with time_machine.travel(clock.now() + delivery.LEASE + timedelta(seconds=1)):
        assert tasks.retry_due_notifications.call() == 1
    notification.refresh_from_db()
    assert notification.status == S.SENT


def test_a_message_is_sent_once_however_often_its_task_runs(
    smtp, django_capture_on_commit_callbacks
):
    notification = queue(django_capture_on_commit_callbacks)
    assert delivery.notification_send(notification_id=notification.pk) == ""
    assert len(mail.outbox) == 1


def test_the_notify_backend_end_to_end(notify_api, django_capture_on_commit_callbacks):
    notify_api.statuses = [503]
    notification = queue(django_capture_on_commit_callbacks)
    assert notification.status == S.RETRYING
    assert notification.error.startswith("GOV.UK Notify answered 503")
    with time_machine.travel(clock.now() + timedelta(minutes=2)):
        tasks.retry_due_notifications.call()
    notification.refresh_from_db()
    assert notification.status == S.SENT and len(notification.provider_id) == 36
    first, second = notify_api.received
    assert first.body == second.body
    assert second.body["reference"] == str(notification.pk)
    assert second.body["personalisation"] == PERSONALISATION
