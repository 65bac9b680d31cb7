"""Background work for places: thin wrappers over services."""

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.places.services import footage_requests_expire


@task()
def expire_footage_requests() -> int:
    """Mark open footage requests whose footage the camera no longer keeps as expired."""
    return footage_requests_expire(actor=SYSTEM)
