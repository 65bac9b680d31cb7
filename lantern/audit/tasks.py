"""Background work for the audit log."""

from django_tasks import task

from lantern.audit.services import audit_chain_verify
from lantern.core.actor import SYSTEM


@task()
def verify_audit_chain() -> dict:
    """Recompute the whole chain; the verdict is the task's result."""
    return audit_chain_verify(actor=SYSTEM).as_dict()
