"""Background work for notifications: thin wrappers over services."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django_tasks import task

from lantern.core.periodic import every
from lantern.notifications import services


@task()
def send_notification(*, notification_id: str) -> str:
    """Send one queued message (enqueued when the transaction that queued it commits)."""
    return services.notification_send(notification_id=uuid.UUID(notification_id))


@every(timedelta(minutes=5))
@task()
def retry_due_notifications() -> int:
    """Send the messages whose next attempt is due: after a transient failure, or lost on
    the way to a worker (enqueued every five minutes by ``lantern scheduler``)."""
    due = services.notifications_due()
    for notification_id in due:
        send_notification.enqueue(notification_id=str(notification_id))
    return len(due)


@every(timedelta(days=1))
@task()
def send_waiting_digests() -> int:
    """The daily "waiting for you" email to staff (a second run within 20 hours sends none)."""
    return services.digests_send()
