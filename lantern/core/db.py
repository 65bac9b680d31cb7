"""Database helpers shared by the apps' hot paths (ADR 0009).

The ORM binds parameters on the client (Django's default on psycopg 3): every query is
sent as SQL text with its values quoted into it, and PostgreSQL parses and plans it anew.
For the few statements that run on every API request (the token check, a report's
insert), :func:`prepared_cursor` gives a Django cursor that binds parameters on the server
and, unless the operator turned prepared statements off (``DATABASE_PREPARED_STATEMENTS``),
prepares the statement on its connection at first use, so later runs skip parsing and
planning. Everything else keeps Django's client-side cursors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper


@lru_cache(maxsize=256)
def numbered(sql: str) -> str:
    """``sql`` with its ``%s`` placeholders written as PostgreSQL's own ``$1, $2, ...``.

    psycopg would do this on every execution for a statement of more than 50 parameters
    or 4,096 characters (it caches only smaller ones), and a report with its vehicles and
    audit event is such a statement. The hot statements are a handful of shapes, so each
    is numbered once here and sent through a raw cursor, which passes it on as it is."""
    parts = sql.split("%s")
    if any("%" in part for part in parts):
        raise ValueError("a prepared statement may use % only in %s placeholders")
    pieces = [f"{part}${n}" for n, part in enumerate(parts[:-1], start=1)]
    return "".join([*pieces, parts[-1]])


@cache
def _server_binding_cursor() -> type:
    """A psycopg raw cursor (server-side binding of ``$n`` parameters) with Django's cursor
    mixin, taking ``%s`` placeholders like every other Django cursor (:func:`numbered`). It
    also keeps the statement it sent where Django's query log looks for it
    (``cursor._query``, as psycopg's client-binding cursor does), so ``connection.queries``
    and the test suite's query capture show the statement, with ``$n`` in place of its
    values."""
    from django.db.backends.postgresql.base import CursorMixin  # type: ignore[attr-defined]
    from psycopg import RawCursor

    class PreparingCursor(CursorMixin, RawCursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            return super().execute(numbered(query), params, **kwargs)

        def _convert_query(self, query: Any, params: Any = None) -> Any:
            converted = super()._convert_query(query, params)
            self._query = converted
            return converted

    return PreparingCursor


@contextmanager
def prepared_cursor(db: BaseDatabaseWrapper | None = None) -> Iterator[Any]:
    """A cursor of ``db`` (default: the default database) whose statements bind their
    parameters on the server and are prepared once per connection (PostgreSQL); on other
    databases, the ordinary cursor.

    Write statements for it with ``%s`` placeholders, no other ``%``, and an explicit cast
    on every parameter whose type PostgreSQL could not infer (``%s::uuid``); values are
    bound, never quoted into the text."""
    # The wrapper itself: each attribute read through django.db.connection looks up this
    # thread's wrapper again.
    db = db or connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            yield cursor
        return
    # Connect (or reconnect after a failed health check) before choosing the cursor
    # class, so the class is chosen on the connection the cursor will use.
    db.close_if_health_check_failed()
    db.ensure_connection()
    raw = db.connection
    client_class = raw.cursor_factory
    raw.cursor_factory = _server_binding_cursor()  # this thread's own connection
    try:
        cursor = db.cursor()
    finally:
        raw.cursor_factory = client_class
    with cursor:
        yield cursor


def drop_pattern_ops_indexes(table: str, *columns: str) -> Any:
    """A migration operation: on PostgreSQL, drop the second index Django gives a unique or
    indexed CharField (``<table>_<column>_<hash>_like``, ``varchar_pattern_ops``, which
    serves only ``LIKE 'prefix%'``) on columns never searched that way; every insert
    writes each index, so an unused one costs on every submission. The column's own
    index stays. Reversible; nothing happens on other databases."""
    from django.db import migrations

    def like_indexes(schema_editor: Any) -> list[tuple[str, str]]:
        return [
            (schema_editor._create_index_name(table, [column], suffix="_like"), column)
            for column in columns
        ]

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _ in like_indexes(schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        for name, column in like_indexes(schema_editor):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {q(name)} ON {q(table)} ({q(column)} "
                "varchar_pattern_ops)"
            )

    return migrations.RunPython(forwards, backwards, elidable=False)
