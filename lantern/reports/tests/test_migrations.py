"""The reports app's migrations, frozen: they carry their own data and SQL (no application
code), and still do what they did."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from lantern.reports.models import Category

pytestmark = pytest.mark.django_db

FEWER_INDEXES = importlib.import_module("lantern.reports.migrations.0006_fewer_indexes")
DEFAULT_CATEGORIES = importlib.import_module("lantern.reports.migrations.0002_default_categories")


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
