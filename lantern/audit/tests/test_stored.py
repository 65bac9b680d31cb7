"""The stored encoding (ADR 0006): the database generates ``encoded`` from each event's
columns, exactly ``chain.encode``'s bytes; verify hashes it only while the table still
defines it so, and otherwise (or with ``full``) rebuilds the encodings from the columns,
with the same verdicts.
"""

from __future__ import annotations

import sqlite3

import pytest

from lantern.audit import chain, triggers, verify
from lantern.audit.tests.test_chain import SCHEMA, _fields, _replace, _row, build, store

TABLE = "audit_auditevent"
_FUNCTION = verify.ENCODING_FUNCTION


def _with_whole_second(rows: list[tuple]) -> list[tuple]:
    """Event 4 at a whole second (SQLite stores it without a fraction), the rest relinked."""
    out = [*rows[:3], _row(4, _replace(_fields(4), 0, "2026-03-02T09:30:28.000000Z"), rows[2][-1])]
    for row in rows[4:]:
        out.append(_row(row[0], row[1:8], out[-1][-1]))
    return out


def _exact_rows() -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(verify._select(verify._exact_columns(connection.vendor), "", 10**6))
        return list(chain.iter_formatted(cursor.fetchall()))


def _tamper(sql: str) -> None:
    from django.db import connection

    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        triggers.create(connection)


@pytest.mark.django_db
def test_the_database_stores_the_bytes_encode_makes():
    from lantern.audit.models import AuditEvent

    rows = _with_whole_second(build())
    assert chain.verify_rows(rows).ok
    store(rows)
    stored = list(AuditEvent.objects.order_by("seq").values_list("seq", "encoded"))
    assert stored == [(row[0], chain.encode(*row[:9]).decode()) for row in rows]
    # Rows read through the model leave the stored encoding in the database.
    assert "encoded" in AuditEvent.objects.first().get_deferred_fields()


@pytest.mark.django_db
def test_the_migrated_table_keeps_the_stored_encoding_in_force():
    from django.db import connection

    assert verify.stored_encoding_in_force(connection)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql", "bad"),
    [
        (None, None),
        (f"UPDATE {TABLE} SET details = '{{}}' WHERE seq = 5", 5),
        (f"UPDATE {TABLE} SET actor = 'system' WHERE seq = 1", 1),
        (f"UPDATE {TABLE} SET hash = upper(hash) WHERE seq = 12", 12),
        (f"UPDATE {TABLE} SET prev_hash = upper(prev_hash) WHERE seq = 7", 7),
        (f"DELETE FROM {TABLE} WHERE seq = 9", 9),
        (f"DELETE FROM {TABLE} WHERE seq = 1", 1),
    ],
)
def test_stored_and_rebuilt_encodings_give_the_verdict_of_verify_rows(sql, bad):
    rows = build()
    store(rows)
    if sql:
        _tamper(sql)
    expected = chain.verify_rows(_exact_rows())
    assert (expected.ok, expected.first_bad_seq) == (sql is None, bad)
    assert verify.verify_chain(workers=0) == expected
    assert verify.verify_chain(workers=0, full=True) == expected


@pytest.mark.django_db
def test_an_inserted_event_is_named_from_the_stored_encodings():
    """Renumbered to make room, the events after it no longer hash right: the first
    renumbered one is named. (The unique previous hash keeps a second event from linking
    to the one before.)"""
    from lantern.audit.models import AuditEvent

    rows = build()
    shifted = [_replace(r, 0, r[0] + 1) for r in rows[6:]]
    store(rows[:6] + shifted)
    forged = _row(7, _replace(_fields(7), 3, "audit.forged"), "a" * 64)
    AuditEvent.objects.bulk_create([AuditEvent(seq=7, **_as_fields(forged))])
    expected = chain.verify_rows(_exact_rows())
    assert (expected.ok, expected.first_bad_seq) == (False, 7)
    assert verify.verify_chain(workers=0) == expected
    assert verify.verify_chain(workers=0, full=True) == expected


def _as_fields(row: tuple) -> dict:
    from datetime import UTC, datetime

    at = datetime.strptime(row[1], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    names = ("kind", "actor", "action", "object_type", "object_id", "details", "prev_hash")
    return {"occurred_at": at, **dict(zip(names, row[2:9], strict=True)), "hash": row[9]}


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_no_longer_trusts_a_column_it_stopped_generating():
    """With the expression dropped, the column keeps its old values while the others
    change: verify must notice the table changed and rebuild the encodings."""
    from django.db import connection

    rows = build()
    store(rows)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN encoded DROP EXPRESSION")
    _tamper(f"UPDATE {TABLE} SET details = '{{}}' WHERE seq = 5")
    assert not verify.stored_encoding_in_force(connection)
    verdict = verify.verify_chain(workers=0)
    assert (verdict.ok, verdict.first_bad_seq) == (False, 5)


@pytest.fixture
def plain_file(tmp_path, django_db_blocker):
    """A SQLite file whose ``encoded`` is a plain column anyone can write, holding each
    event's original encoding while event 5's details were changed: a forgery that only
    hashing the columns' encodings exposes. Yields a Django connection to it."""
    from django.db.utils import ConnectionHandler

    path = tmp_path / "audit.sqlite3"
    rows = build()
    db = sqlite3.connect(path)
    db.execute(SCHEMA[:-1] + ', "encoded" text)')
    for row in rows:
        columns = list(row)
        if row[0] == 5:
            columns[7] = "{}"
        moment = columns[1].replace("T", " ").removesuffix("Z")
        encoded = chain.encode(*row[:9]).decode()
        db.execute(
            f"INSERT INTO {TABLE} VALUES ({', '.join('?' * 11)})",
            (columns[0], moment, *columns[2:], encoded),
        )
    db.commit()
    db.close()
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    with django_db_blocker.unblock():
        connection = handler["default"]
        yield connection
        connection.close()


def test_sqlite_does_not_trust_a_plain_encoded_column(plain_file):
    assert not verify.stored_encoding_in_force(plain_file)
    verdict = verify._verify(plain_file, workers=0)
    assert (verdict.ok, verdict.first_bad_seq) == (False, 5)
    assert verify._verify(plain_file, workers=2) == verdict


@pytest.mark.postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        "2026-03-02T09:30:28.000000+00:00",
        "2026-03-02T09:30:28.999999+00:00",
        "2026-12-31T23:59:59.000001+00:00",
        "2027-01-01T00:30:00.5+01:00",  # not UTC: still encoded in UTC
        "2000-02-29T12:00:00.123456+00:00",
    ],
)
def test_postgresql_encoding_function_makes_the_bytes_encode_makes(moment):
    from datetime import datetime

    from django.db import connection

    at = datetime.fromisoformat(moment)
    fields = ("change", "user:1", "report.created", "report", "7", '{"a":"é\\n\\u2028"}', "0" * 64)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {verify.ENCODING_FUNCTION}(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [41, at, *fields],
        )
        (encoded,) = cursor.fetchone()
    assert encoded.encode() == chain.encode(41, chain.format_time(at), *fields)


@pytest.mark.postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        # Another body (here one that ignores the details) while rows keep their column:
        f"CREATE OR REPLACE FUNCTION {_FUNCTION}({verify.ENCODING_FUNCTION_PARAMS})"
        " RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN p_seq::text; END; $$",
        # The same body run with settings of its own:
        f"ALTER FUNCTION {_FUNCTION}({verify.ENCODING_FUNCTION_ARGS}) SET search_path = pg_temp",
        # Or as its owner:
        f"ALTER FUNCTION {_FUNCTION}({verify.ENCODING_FUNCTION_ARGS}) SECURITY DEFINER",
    ],
)
def test_postgresql_no_longer_trusts_a_changed_encoding_function(change):
    from django.db import connection

    store(build())
    assert verify.stored_encoding_in_force(connection)
    with connection.cursor() as cursor:
        cursor.execute(change)
    assert not verify.stored_encoding_in_force(connection)
    assert verify.verify_chain(workers=0).ok
