"""Background work for reports: thin wrappers over services."""

from datetime import timedelta

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.core.periodic import every
from lantern.reports.idempotency import idempotency_keys_expire


@every(timedelta(hours=1))
@task()
def expire_idempotency_keys() -> int:
    """Delete the API's Idempotency-Keys (and the answers kept for them) once they are 24
    hours old (enqueued hourly by ``lantern scheduler``)."""
    return idempotency_keys_expire(actor=SYSTEM)
