"""Background work for retention: thin wrappers over services."""

from datetime import timedelta

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.core.periodic import every
from lantern.dataprotection.services import blob_deletions_run, retention_queue_refresh


@every(timedelta(days=1))
@task()
def queue_records_due_for_review() -> dict[str, int]:
    """Put the records whose retention period has run on the review queue (daily, enqueued
    by ``lantern scheduler``); returns how many were queued, by record class."""
    return retention_queue_refresh(actor=SYSTEM)


@every(timedelta(hours=1))
@task()
def delete_disposed_blobs() -> dict[str, int]:
    """Delete the evidence bytes of disposed records whose S3 Object Lock has ended."""
    return blob_deletions_run(actor=SYSTEM)
