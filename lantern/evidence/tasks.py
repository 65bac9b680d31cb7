"""Background work for evidence: thin wrappers over services."""

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.evidence.uploads import uploads_expire


@task()
def expire_uploads() -> int:
    """Delete the partial bytes of abandoned uploads; returns how many went."""
    return uploads_expire(actor=SYSTEM)
