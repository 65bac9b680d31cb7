"""Concurrent writers never fork the chain: parallel transactions on real connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from lantern.audit import catalogue
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_record
from lantern.audit.verify import verify_chain
from lantern.core.actor import SYSTEM

WRITERS = 8
EVENTS_EACH = 25


def _writer(barrier: threading.Barrier, errors: list, index: int) -> None:
    try:
        barrier.wait()
        for i in range(EVENTS_EACH):
            # Each event in its own transaction that also holds some other work open a moment,
            # so transactions overlap as they do under load.
            with transaction.atomic():
                audit_record(
                    actor=SYSTEM, action=catalogue.AUDIT_VERIFIED, details={"w": index, "i": i}
                )
    except Exception as exc:  # pragma: no cover - reported below
        errors.append(exc)
    finally:
        connections.close_all()


def _run_writers() -> list:
    barrier = threading.Barrier(WRITERS)
    errors: list = []
    threads = [threading.Thread(target=_writer, args=(barrier, errors, n)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_transactions_on_postgresql_never_fork_the_chain():
    assert connection.vendor == "postgresql"
    before = AuditEvent.objects.count()  # fixtures may have written some already
    errors = _run_writers()
    assert errors == []
    total = before + WRITERS * EVENTS_EACH
    assert AuditEvent.objects.count() == total
    verdict = verify_chain()
    assert verdict.ok, verdict
    assert verdict.events == total
    assert AuditEvent.objects.values("prev_hash").distinct().count() == total
