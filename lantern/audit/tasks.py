"""Background work for the audit log: thin wrappers over services."""

from datetime import timedelta

from django_tasks import task

from lantern.audit.services import audit_chain_verify, audit_checkpoint_create
from lantern.core.actor import SYSTEM
from lantern.core.periodic import every


@task()
def verify_audit_chain() -> dict:
    """Recompute the whole chain and check every checkpoint; the verdict is the result."""
    return audit_chain_verify(actor=SYSTEM).as_dict()


@every(timedelta(hours=1))
@task()
def sign_audit_checkpoint() -> int | None:
    """Sign the chain's head at least daily: enqueued hourly by ``lantern scheduler``, it
    signs when the latest checkpoint is a day old (every AUDIT_CHECKPOINT_EVERY events the
    append itself signs one). Returns the event number signed, or None."""
    checkpoint = audit_checkpoint_create(actor=SYSTEM, unless_newer_than=timedelta(days=1))
    return checkpoint.seq if checkpoint else None
