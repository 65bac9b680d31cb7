"""Recomputing the whole chain from the database, streamed, in constant memory."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connections

from lantern.audit import chain
from lantern.audit.models import AuditEvent

_COLUMNS = "seq, {at}, kind, actor, action, object_type, object_id, details, prev_hash, hash"


def _time_expression(vendor: str) -> str:
    if vendor == "postgresql":
        return "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    # SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC; read it as text, normalise below.
    return "CAST(occurred_at AS TEXT)"


def _sqlite_times(rows: Iterator[tuple]) -> Iterator[tuple]:
    for row in rows:
        at = row[1]
        at = at[:10] + "T" + at[11:] + (".000000Z" if len(at) == 19 else "Z")
        yield (row[0], at, *row[2:])


def iter_rows(using: str = "default", batch: int = 20_000) -> Iterator[tuple]:
    connection = connections[using]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = f"SELECT {_COLUMNS.format(at=_time_expression(connection.vendor))} FROM {table} ORDER BY seq"  # noqa: S608
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        rows: Iterator[tuple] = _fetch(cursor, batch)
        if connection.vendor == "sqlite":
            rows = _sqlite_times(rows)
        yield from rows


def _fetch(cursor, batch: int) -> Iterator[tuple]:
    while True:
        chunk = cursor.fetchmany(batch)
        if not chunk:
            return
        yield from chunk


def verify_chain(using: str = "default") -> chain.Verdict:
    return chain.verify_rows(iter_rows(using))
