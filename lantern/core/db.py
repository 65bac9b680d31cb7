"""Database helpers for migrations."""

from __future__ import annotations

from typing import Any


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
