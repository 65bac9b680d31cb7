"""Filing a report: the report, its vehicles, its first status and its audit event commit
together or not at all, on SQLite and PostgreSQL alike, and concurrent filings never fork
the audit chain."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

import pytest
from django.db import DatabaseError, connection, connections

from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.audit.verify import verify_chain
from lantern.core.actor import ANONYMOUS, Role
from lantern.core.tests.helpers import pattern_ops_indexes
from lantern.reports import reference
from lantern.reports.models import Report, StatusChange, VehicleMention
from lantern.reports.tests.factories import make_report


def _chained() -> bool:
    """Each event names the one before it (the hashes themselves: lantern/audit/tests)."""
    events = list(AuditEvent.objects.order_by("seq").values_list("prev_hash", "hash"))
    return all(prev == before for (_, before), (prev, _) in pairwise(events))


# A trigger that refuses the report.created audit row, so the append (the last write of
# the intake) fails after the report, its vehicles and its status are written.
REFUSE = {
    "sqlite": [
        "CREATE TRIGGER test_refuse_report_event BEFORE INSERT ON audit_auditevent "
        "WHEN NEW.action = 'report.created' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION test_refuse_report_event() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'refused by the test'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER test_refuse_report_event BEFORE INSERT ON audit_auditevent "
        "FOR EACH ROW WHEN (NEW.action = 'report.created') "
        "EXECUTE FUNCTION test_refuse_report_event()",
    ],
}


@contextmanager
def _audit_append_refused() -> Iterator[None]:
    """Inside the test's transaction, which takes the trigger away again."""
    with connection.cursor() as cursor:
        for statement in REFUSE[connection.vendor]:
            cursor.execute(statement)
    yield


@pytest.mark.django_db
def test_the_report_vehicles_status_and_audit_event_are_written_together(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    created = make_report(resident, vehicles=["ab12 cde", "A1 ABC"], answers={})
    stored = Report.objects.get(pk=created.report.pk)
    assert stored.reporter_id == resident.user_id and stored.status == Report.Status.NEW
    assert sorted(stored.vehicles.values_list("registration", flat=True)) == ["A1ABC", "AB12CDE"]
    change = StatusChange.objects.get(report=stored)
    assert (change.from_status, change.to_status, change.changed_by_id) == ("", "new", None)
    event = AuditEvent.objects.get(action="report.created", object_id=str(stored.pk))
    assert event.actor == str(resident.user_id)
    assert '"vehicles":2' in event.details
    assert _chained()


@pytest.mark.django_db
def test_when_the_audit_event_cannot_be_written_nothing_is(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    events_before = AuditEvent.objects.count()
    with _audit_append_refused(), pytest.raises(DatabaseError, match="refused by the test"):
        make_report(resident, vehicles=["ab12 cde"])
    assert not Report.objects.exists()
    assert not VehicleMention.objects.exists()
    assert not StatusChange.objects.exists()
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_a_clash_of_references_draws_another_and_writes_nothing_twice(make_user, monkeypatch):
    resident = actor_for(make_user(Role.RESIDENT))
    # The first two references drawn are the same (every character the alphabet's first);
    # the third differs (every character its second).
    ones = sum(len(reference.ALPHABET) ** i for i in range(8))
    draws = iter([0, 0, ones])
    monkeypatch.setattr(secrets, "randbelow", lambda n: next(draws))
    first = make_report(resident).report
    second = make_report(resident).report
    assert (first.reference, second.reference) == ("R-3333-3333", "R-4444-4444")
    assert Report.objects.count() == 2
    assert AuditEvent.objects.filter(action="report.created").count() == 2
    assert StatusChange.objects.count() == 2
    assert _chained()


FILERS = 6
REPORTS_EACH = 8


def _file_reports(barrier: threading.Barrier, errors: list[BaseException]) -> None:
    try:
        barrier.wait()
        for _ in range(REPORTS_EACH):
            make_report(ANONYMOUS, vehicles=["ab12 cde"])
    except BaseException as exc:  # reported by the test
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_reports_filed_at_once_on_postgresql_never_fork_the_audit_chain():
    barrier = threading.Barrier(FILERS)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_file_reports, args=(barrier, errors)) for _ in range(FILERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    filed = FILERS * REPORTS_EACH
    assert Report.objects.count() == filed
    assert VehicleMention.objects.count() == filed
    created = AuditEvent.objects.filter(action="report.created")
    assert sorted(created.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Report.objects.values_list("pk", flat=True)
    )
    verdict = verify_chain()
    assert verdict.ok, verdict
    total = AuditEvent.objects.count()
    assert verdict.events == total
    assert AuditEvent.objects.values("prev_hash").distinct().count() == total


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_submission_tables_keep_only_indexes_a_query_uses():
    """Every index is written on every submission (migrations reports 0006 and 0007,
    audit 0005)."""
    assert pattern_ops_indexes("audit_auditevent") == set()
    assert pattern_ops_indexes("reports_report") == set()
    assert pattern_ops_indexes("reports_vehiclemention") == set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN "
            "('reports_report', 'reports_vehiclemention')"
        )
        definitions = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'reports_statuschange'")
        status_definitions = [row[0] for row in cursor.fetchall()]
    # Each foreign key is still the first column of an index, for its joins and deletes.
    assert any("(category_id, occurred_from)" in d for d in definitions)
    assert any("(report_id, registration)" in d for d in definitions)
    assert not any(d.endswith(("(category_id)", "(report_id)")) for d in definitions)
    assert not any("tracking_code_hash" in d for d in definitions)
    # Links set later (migration 0007) are indexed only where set, so filing writes none.
    for column in ("assigned_to_id", "duplicate_of_id", "changed_by_id"):
        (index,) = [d for d in definitions + status_definitions if f"({column})" in d]
        assert index.endswith(f"WHERE ({column} IS NOT NULL)")
