"""A change to a case holds the case's row until its transaction ends, so two changes made
at once cannot overwrite each other (PostgreSQL: SQLite has one writer at a time)."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from lantern.cases.models import Case
from lantern.cases.services.common import case_for_update


def _try_to_lock(case_id, seen: list[str]) -> None:
    """From another connection: take the case's row without waiting, or say it is held."""
    try:
        with transaction.atomic():
            Case.objects.select_for_update(nowait=True).get(pk=case_id)
        seen.append("free")
    except DatabaseError:
        seen.append("held")
    finally:
        connections.close_all()


def _from_another_connection(case_id) -> str:
    seen: list[str] = []
    thread = threading.Thread(target=_try_to_lock, args=(case_id, seen))
    thread.start()
    thread.join(timeout=60)
    return seen[0]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_case_being_changed_is_held_until_the_change_commits(officer, case):
    assert connection.vendor == "postgresql"
    with transaction.atomic():
        case_for_update(officer, case.pk)
        assert _from_another_connection(case.pk) == "held"
    assert _from_another_connection(case.pk) == "free"
