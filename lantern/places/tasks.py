"""Background work for places: thin wrappers over services."""

from datetime import timedelta

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.core.periodic import every
from lantern.places.services import footage_requests_expire


@every(timedelta(hours=1))
@task()
def expire_footage_requests() -> int:
    """Mark open footage requests whose footage the camera no longer keeps as expired
    (enqueued hourly by ``lantern scheduler``)."""
    return footage_requests_expire(actor=SYSTEM)


@every(timedelta(days=1))
@task()
def remind_footage_deletion() -> int:
    """Remind camera owners, at the retention period they declared, to delete footage no
    open footage request needs (enqueued daily by ``lantern scheduler``)."""
    from lantern.places.services import footage_deletion_reminders_send

    return footage_deletion_reminders_send(actor=SYSTEM)
