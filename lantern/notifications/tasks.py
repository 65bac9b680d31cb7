"""Background work for notifications: thin wrappers over services."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lantern.core.periodic import every
from lantern.notifications import delivery, services


@every(timedelta(minutes=5))
@task()
def retry_due_notifications() -> int:
    """Send the messages whose next attempt is due: after a transient failure, or lost on
    the way to a worker (enqueued every five minutes by ``lantern scheduler``)."""
    due = delivery.notifications_due()
    for notification_id in due:
        delivery.send_notification.enqueue(notification_id=str(notification_id))
    return len(due)


@every(timedelta(days=1))
@task()
def send_waiting_digests() -> int:
    """The daily "waiting for you" email to staff (a second run within 20 hours sends none)."""
    return services.digests_send()
