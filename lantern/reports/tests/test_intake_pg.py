"""PostgreSQL: a report is filed in one statement, against a category cached per process
that is read again whenever its row has changed (lantern/reports/intake_pg.py, ADR 0007)."""

from __future__ import annotations

import secrets
from itertools import pairwise

import pytest
from django.db import DEFAULT_DB_ALIAS, DataError, connection, connections
from django.test.utils import CaptureQueriesContext

from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import ValidationFailed
from lantern.core.tests.helpers import pattern_ops_indexes
from lantern.reports import intake_pg, reference, services
from lantern.reports.models import Category, Report, StatusChange
from lantern.reports.tests.factories import make_report

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def _chained() -> bool:
    """Each event names the one before it (the hashes themselves: lantern/audit/tests)."""
    events = list(AuditEvent.objects.order_by("seq").values_list("prev_hash", "hash"))
    return all(prev == before for (_, before), (prev, _) in pairwise(events))


@pytest.fixture(autouse=True)
def _empty_category_cache():
    intake_pg.forget_categories()
    yield
    intake_pg.forget_categories()


def test_report_vehicles_status_and_audit_event_are_one_statement(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    make_report(resident)  # caches the category
    with CaptureQueriesContext(connection) as queries:
        created = make_report(
            resident, vehicles=["ab12 cde", "A1 ABC"], answers={"repeat_vehicle": "yes"}
        )
    # The test's transaction wraps it in a savepoint; outside one it is its own transaction.
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1
    assert statements[0].startswith("WITH ")
    stored = Report.objects.get(pk=created.report.pk)
    for field in Report._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(created.report, field.attname), field
    assert stored.reporter_id == resident.user_id and stored.status == Report.Status.NEW
    assert stored.answers == {"repeat_vehicle": "yes"}
    assert sorted(stored.vehicles.values_list("registration", flat=True)) == ["A1ABC", "AB12CDE"]
    change = StatusChange.objects.get(report=stored)
    assert (change.from_status, change.to_status, change.changed_by_id) == ("", "new", None)
    event = AuditEvent.objects.get(action="report.created", object_id=str(stored.pk))
    assert event.actor == str(resident.user_id)
    assert '"vehicles":2' in event.details
    assert _chained()


def test_a_category_changed_by_another_process_is_read_again(make_user):
    make_report()  # anonymous: this process now holds kerb-crawling in its cache
    # Another process switches off anonymous reports (bypassing this process's cache).
    Category.objects.filter(code="kerb-crawling").update(allows_anonymous=False)
    with pytest.raises(ValidationFailed) as refused:
        make_report()
    assert "anonymous" in refused.value.errors
    Category.objects.filter(code="kerb-crawling").update(active=False)
    with pytest.raises(ValidationFailed) as refused:
        make_report(actor_for(make_user(Role.RESIDENT)))
    assert "category" in refused.value.errors
    assert Report.objects.count() == 1


def test_a_category_saved_here_empties_this_process_cache(django_capture_on_commit_callbacks):
    make_report()
    assert intake_pg._categories
    with django_capture_on_commit_callbacks(execute=True):
        services.category_save(actor=SYSTEM, code="kerb-crawling", name="Kerb-crawling")
    assert not intake_pg._categories


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


def test_a_value_too_long_for_its_column_is_refused_not_cut_short(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    too_long = "0" * 40  # contact_phone holds 30
    with pytest.raises(DataError):
        make_report(resident, contact="phone", contact_phone=too_long)
    assert not Report.objects.exists()
    assert not AuditEvent.objects.filter(action="report.created").exists()


def test_the_submission_tables_keep_only_indexes_a_query_uses():
    """Every index is written on every submission (migrations reports 0006, audit 0005)."""
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


def _as_sent(value):
    """A value as psycopg would be asked to send it (Jsonb wraps its object)."""
    return (type(value), getattr(value, "obj", value))


def test_each_row_holds_exactly_what_the_orm_s_insert_would_send(make_user):
    from datetime import UTC, datetime
    from unittest import mock

    from lantern.reports.models import VehicleMention

    reporter = make_user(Role.RESIDENT)
    category = Category.objects.get(code="kerb-crawling")
    report = Report(
        reference="R-TEST-ROWS",
        category_id=category.pk,
        queue=category.queue,
        source=Report.Source.WEB,  # an enum: a str, kept as it is
        reporter_id=reporter.pk,
        latitude=51.54,
        longitude=0.71,
        occurred_from=datetime(2026, 11, 1, 21, 0, tzinfo=UTC),
        description="What happened",
        answers={"how_many": 2},  # JSON: Django's own path
        contact=Report.Contact.NONE,
        contact_phone=5,  # not a str: Django's own path makes it "5"
    )
    vehicle = VehicleMention(report=report, registration="AB12CDE")
    status = StatusChange(report=report, to_status=report.status)
    db = connections[DEFAULT_DB_ALIAS]
    frozen = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=frozen):
        for obj in (report, vehicle, status):
            fields = intake_pg._columns(type(obj))[1]
            orm = [f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]
            ours = intake_pg._row(obj, db)
            assert [_as_sent(v) for v in ours] == [_as_sent(v) for v in orm], type(obj)
    names = [f.name for f in intake_pg._columns(Report)[1]]
    assert intake_pg._row(report, db)[names.index("contact_phone")] == "5"
