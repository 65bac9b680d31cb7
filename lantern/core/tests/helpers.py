"""Helpers shared by tests in several apps."""

from __future__ import annotations

from django.db import connection


def pattern_ops_indexes(table: str) -> set[str]:
    """PostgreSQL: the names of the ``varchar_pattern_ops`` indexes on ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE '%%varchar_pattern_ops%%'",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}
