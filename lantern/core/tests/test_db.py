"""lantern.core.db.prepared_cursor: server-side binding and statements prepared once per
connection on PostgreSQL (ADR 0009), the ordinary cursor elsewhere."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from config.settings.base import _tune_database
from lantern.core.db import drop_pattern_ops_indexes, numbered, prepared_cursor
from lantern.core.tests.helpers import pattern_ops_indexes

pytestmark = pytest.mark.django_db

PROBE = "SELECT %s::integer + 1, 'lantern prepared probe'"


def test_it_runs_a_statement_with_bound_parameters():
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s, %s", ["it's", 41])
        assert cursor.fetchone() == ("it's", 41)


def test_its_statements_are_logged_like_any_other_without_their_values():
    with CaptureQueriesContext(connection) as queries, prepared_cursor() as cursor:
        cursor.execute("SELECT %s", ["a value never logged on PostgreSQL"])
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        assert queries[0]["sql"] == "SELECT $1"


@pytest.mark.postgres_only
def test_on_postgresql_the_statement_is_prepared_on_its_connection():
    with prepared_cursor() as cursor:
        cursor.execute(PROBE, [1])
        assert cursor.fetchone()[0] == 2
        cursor.execute(PROBE, [2])
        assert cursor.fetchone()[0] == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%lantern prepared probe%"],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.postgres_only
def test_on_postgresql_the_ordinary_cursors_stay_client_side():
    with prepared_cursor():
        pass
    raw = connection.connection
    assert raw.cursor_factory.__name__ == "Cursor"  # Django's client-binding cursor
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text", ["x"])
        assert "'x'" in connection.ops.last_executed_query(cursor, "SELECT %s::text", ["x"])


@pytest.mark.postgres_only
def test_on_postgresql_database_errors_are_djangos():
    with pytest.raises(DataError), prepared_cursor() as cursor:
        cursor.execute("SELECT 1 / %s::integer", [0])


def test_prepared_statements_can_be_turned_off(monkeypatch):
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}
    assert _tune_database(dict(postgres))["OPTIONS"]["prepare_threshold"] == 0
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert _tune_database(dict(postgres))["OPTIONS"]["prepare_threshold"] is None
    sqlite = _tune_database({"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})
    assert "prepare_threshold" not in sqlite["OPTIONS"]


@pytest.mark.postgres_only
def test_pattern_ops_indexes_are_dropped_and_restored():
    operation = drop_pattern_ops_indexes("lantern_probe_table", "code")
    with connection.schema_editor() as editor:
        editor.execute("CREATE TABLE lantern_probe_table (code varchar(12) UNIQUE)")
        name = editor._create_index_name("lantern_probe_table", ["code"], suffix="_like")
        editor.execute(f"CREATE INDEX {name} ON lantern_probe_table (code varchar_pattern_ops)")
        assert pattern_ops_indexes("lantern_probe_table") == {name}
        operation.code(apps, editor)
        assert pattern_ops_indexes("lantern_probe_table") == set()
        operation.reverse_code(apps, editor)
        assert pattern_ops_indexes("lantern_probe_table") == {name}
        editor.execute("DROP TABLE lantern_probe_table")


def test_placeholders_are_numbered_once_for_postgresql():
    assert numbered("SELECT %s, %s::uuid FROM t WHERE a = %s") == (
        "SELECT $1, $2::uuid FROM t WHERE a = $3"
    )
    assert numbered("SELECT 1") == "SELECT 1"
    with pytest.raises(ValueError, match="only in %s"):
        numbered("SELECT * FROM t WHERE name LIKE 'a%'")


def test_a_statement_of_many_parameters_runs_and_is_prepared_once():
    # More parameters than psycopg caches the parsing of (50): a report with vehicles.
    values = list(range(80))
    sql = "SELECT " + " + ".join(["CAST(%s AS integer)"] * len(values))
    with prepared_cursor() as cursor:
        for _ in range(2):
            cursor.execute(sql, values)
            assert cursor.fetchone()[0] == sum(values)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["SELECT CAST($1 AS integer) + CAST($2 AS integer)%"],
            )
            assert cursor.fetchone()[0] == 1
