"""The reports app's migrations, frozen: they carry their own data and SQL (no application
code), and still do what they did."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lantern.reports.models import Category

pytestmark = pytest.mark.django_db

FEWER_INDEXES = importlib.import_module("lantern.reports.migrations.0006_fewer_indexes")
DEFAULT_CATEGORIES = importlib.import_module("lantern.reports.migrations.0002_default_categories")
PARTNERSHIP_DEFAULT = importlib.import_module("lantern.reports.migrations.0010_partnership_default")
BEFORE_DEFAULT = ("reports", "0009_partnership_nullable")


def _pattern_ops_indexes(*tables: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef LIKE '%%varchar_pattern_ops%%'",
            [list(tables)],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_default_categories_are_loaded_in_order():
    expected = [entry["code"] for entry in DEFAULT_CATEGORIES.DEFAULT_CATEGORIES]
    loaded = list(
        Category.objects.filter(code__in=expected).order_by("order").values_list("code", "order")
    )
    orders = dict(loaded)
    assert set(orders) == set(expected)
    assert orders["kerb-crawling"] == 10  # its place in the list, in tens
    assert orders["concern-for-safety"] == 10  # an entry's own order wins
    assert orders["other"] == 1000


@pytest.mark.postgres_only
def test_prefix_indexes_on_reference_and_registration_are_dropped_and_restored():
    """Migration 0006 names the indexes Django made in 0001: none is left after it, and
    reversing it makes them again."""
    tables = ("reports_report", "reports_vehiclemention")
    assert _pattern_ops_indexes(*tables) == set()
    with connection.schema_editor() as editor:
        FEWER_INDEXES.restore_like_indexes(None, editor)
    assert _pattern_ops_indexes(*tables) == {name for _, _, name in FEWER_INDEXES.LIKE_INDEXES}
    with connection.schema_editor() as editor:
        FEWER_INDEXES.drop_like_indexes(None, editor)
    assert _pattern_ops_indexes(*tables) == set()


@pytest.mark.django_db(transaction=True)
def test_reports_and_clients_held_before_partnerships_go_to_the_oldest_partnership():
    """Migration 0009: rows without a partnership go to the oldest one; with rows and no
    partnership at all, to a new "Default partnership"; the database is migrated back to
    before it and forward again around the test."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_DEFAULT])
    try:
        apps = executor.loader.project_state([BEFORE_DEFAULT]).apps
        partnerships = apps.get_model("accounts", "Partnership")
        partnerships.objects.all().delete()  # the test partnership (conftest.py): none here
        report_model = apps.get_model("reports", "Report")
        client_model = apps.get_model("reports", "Open311Client")
        category = apps.get_model("reports", "Category").objects.create(
            code="old-noise", name="Noise", asb_type="nuisance", queue="enforcement"
        )
        report = report_model.objects.create(
            reference="R-OLD1-OLD1",
            category=category,
            queue="enforcement",
            latitude=51.5,
            longitude=0.7,
            occurred_from=datetime(2026, 1, 1, tzinfo=UTC),
            description="Before partnerships.",
        )
        client = client_model.objects.create(name="OldApp", key_hash="0" * 64, key_prefix="old")

        PARTNERSHIP_DEFAULT.forwards(apps, None)  # rows and no partnership: a default one
        made = partnerships.objects.get()
        assert made.name == "Default partnership" and made.boundary is None
        report.refresh_from_db()
        client.refresh_from_db()
        assert report.partnership_id == client.partnership_id == made.pk

        older = partnerships.objects.create(name="Older")
        partnerships.objects.filter(pk=older.pk).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
        report_model.objects.update(partnership=None)
        client_model.objects.update(partnership=None)
        PARTNERSHIP_DEFAULT.forwards(apps, None)  # the oldest partnership takes them
        assert set(report_model.objects.values_list("partnership_id", flat=True)) == {older.pk}
        assert set(client_model.objects.values_list("partnership_id", flat=True)) == {older.pk}
        assert partnerships.objects.count() == 2
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_an_empty_database_gets_no_partnership_from_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_DEFAULT])
    try:
        apps = executor.loader.project_state([BEFORE_DEFAULT]).apps
        partnerships = apps.get_model("accounts", "Partnership")
        partnerships.objects.all().delete()  # the test partnership (conftest.py): none here
        PARTNERSHIP_DEFAULT.forwards(apps, None)
        assert not partnerships.objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
