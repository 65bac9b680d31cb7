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
