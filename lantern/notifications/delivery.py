"""Delivering one queued message: the background task that sends it through the backend,
records what happened (sent, failed, to be tried again) with its audit event, and tries
again after a transient failure. The task lives here, beside what it runs, so that the
services that queue messages can enqueue it without an import cycle through ``tasks.py``."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django_tasks import default_task_backend, task

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import SYSTEM
from lantern.notifications import backends, sealing
from lantern.notifications.models import Notification

log = logging.getLogger("lantern.notifications")

E = catalogue.declare
NOTIFICATION_SENT = E("notification.sent", "A queued message was handed to the backend.")
NOTIFICATION_FAILED = E(
    "notification.failed",
    "A message could not be sent: the reason, and whether it will be tried again.",
)

S = Notification.Status
# A queued message is sent by the task enqueued when it was queued; should that task be
# lost (a worker stopped mid-send, a queue that was away), the sweep sends it once this
# long has passed.
LEASE = timedelta(minutes=10)


@task()
def send_notification(*, notification_id: str) -> str:
    """Send one queued message (enqueued when the transaction that queued it commits)."""
    return notification_send(notification_id=uuid.UUID(notification_id))


def enqueue(notification_id: uuid.UUID, *, delay: timedelta | None = None) -> None:
    """Ask a worker to send the message (after ``delay``, where the task backend can wait;
    otherwise the sweep sends it when it is due)."""
    task = send_notification
    if delay is not None:
        if not default_task_backend.supports_defer:
            return  # the sweep (retry_due_notifications) sends it when it is due
        task = task.using(run_after=clock.now() + delay)
    try:
        task.enqueue(notification_id=str(notification_id))
    except Exception:
        # The queue is away: the row is due at next_attempt_at, and the sweep sends it then.
        log.exception("could not enqueue notification %s", notification_id)


def _claim(notification_id: uuid.UUID) -> Notification | None:
    """Take the next attempt at a message still to send (one worker wins), holding it for
    LEASE so that the sweep leaves it alone while this attempt runs."""
    now = clock.now()
    claimed = Notification.objects.filter(
        Q(attempts=0) | Q(next_attempt_at__lte=now),
        pk=notification_id,
        status__in=[S.QUEUED, S.RETRYING],
    )
    if not claimed.update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE):
        return None
    return Notification.objects.get(pk=notification_id)


def backoff(attempt: int) -> timedelta:
    """How long to wait after failed attempt ``attempt`` (1, 2, ...): 1, 5, 25, 125 minutes,
    at most six hours."""
    return min(timedelta(minutes=5 ** (attempt - 1)), timedelta(hours=6))


def notification_send(*, notification_id: uuid.UUID) -> str:
    """Send one queued message and record the outcome: its status afterwards ("sent",
    "retrying", "failed"), or "" when there was nothing to send (sent already, or another
    worker is at it)."""
    notification = _claim(notification_id)
    if notification is None:
        return ""
    try:
        payload = sealing.unseal(notification.pk, notification.payload)
    except (InvalidTag, ValueError):
        return _finish(notification, error="the sealed message could not be opened", retry=False)
    outgoing = backends.Outgoing(
        channel=notification.channel,
        address=payload["address"],
        template=notification.template,
        personalisation=payload["personalisation"],
        reference=str(notification.pk),
    )
    try:
        provider_id = backends.backend().send(outgoing)
    except backends.PermanentFailure as exc:
        return _finish(notification, error=str(exc), retry=False)
    except backends.TransientFailure as exc:
        return _finish(notification, error=str(exc), retry=True)
    except Exception as exc:  # a fault of ours or the library's: try again, say what it was
        log.exception("notification %s: unexpected failure", notification.pk)
        return _finish(notification, error=f"unexpected {type(exc).__name__}", retry=True)
    return _finish(notification, provider_id=provider_id)


def _finish(
    notification: Notification, *, error: str = "", retry: bool = False, provider_id: str = ""
) -> str:
    now = clock.now()
    n = notification
    if not error:
        n.status, n.sent_at, n.error, n.provider_id = S.SENT, now, "", provider_id[:64]
        n.next_attempt_at, n.payload = None, b""
    elif retry and n.attempts < settings.LANTERN_NOTIFICATIONS_MAX_ATTEMPTS:
        n.status, n.error, n.next_attempt_at = S.RETRYING, error[:300], now + backoff(n.attempts)
    else:
        n.status, n.error, n.next_attempt_at, n.payload = S.FAILED, error[:300], None, b""
    with transaction.atomic():
        n.save(
            update_fields=[
                "status",
                "sent_at",
                "error",
                "provider_id",
                "next_attempt_at",
                "payload",
                "updated_at",
            ]
        )
        details: dict[str, object] = {
            "template": n.template,
            "channel": n.channel,
            "attempt": n.attempts,
        }
        if error:
            details.update(error=n.error, will_retry=n.status == S.RETRYING)
        audit_record(
            actor=SYSTEM,
            action=NOTIFICATION_FAILED if error else NOTIFICATION_SENT,
            object_type="notification",
            object_id=n.pk,
            details=details,
        )
        if n.status == S.RETRYING:
            delay = backoff(n.attempts)
            transaction.on_commit(lambda: enqueue(n.pk, delay=delay))
    return str(n.status)


def notifications_due() -> list[uuid.UUID]:
    """Messages whose next attempt is due: failed for a while, or lost on the way to a
    worker."""
    return list(
        Notification.objects.filter(
            status__in=[S.QUEUED, S.RETRYING], next_attempt_at__lte=clock.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
