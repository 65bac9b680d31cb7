"""Verifying from batch summaries: ``_digest_sql`` sums a batch up in SQL (PostgreSQL
hashing too, SQLite handing the encodings to ``chain.hashed_here``), and
``chain.verify_digested`` vouches for it only where ``verify_rows`` would accept every
event; on any doubt verification carries on event by event and ``verify_rows`` names the
first bad one.
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.audit import chain, verify
from lantern.audit.tests.test_chain import (
    SCHEMA,
    STORED_SCHEMA,
    _fields,
    _insert,
    _replace,
    _row,
    _sqlite_time,
    _tampered,
    build,
    moments,
    store,
    text,
)


def _summary(rows: list[tuple], low: int, high: int) -> tuple:
    """What the database gives back for the events numbered low..high, worked out here."""
    batch = sorted(
        (r for r in rows if isinstance(r[0], int | float) and low <= r[0] <= high),
        key=lambda r: r[0],
    )
    if not batch:
        return 0, None, None, None, None
    hashed = sum(chain.digest(chain.encode(*r[:9])) == r[9] for r in batch)
    return (
        len(batch),
        ",".join(str(r[0]) for r in batch),
        hashed,
        "\n".join(r[8] for r in batch),
        "\n".join(r[9] for r in batch),
    )


def _digested(rows: list[tuple], size: int) -> chain.Verdict:
    """verify.py's order: the database's summaries as far as they vouch, then row by row."""
    verdict = chain.EMPTY
    while True:
        low = verdict.events + 1
        summary = _summary(rows, low, low + size - 1)
        continued = chain.verify_digested(verdict, low, *summary)
        if continued is None:
            break
        verdict = continued
    if verdict.events == 0:
        return chain.verify_rows(rows)
    return chain.verify_rows([r for r in rows if r[0] > verdict.events], verdict)


@pytest.mark.parametrize("size", [1, 2, 5, 12, 100])
@pytest.mark.parametrize("case", list(_tampered()))
def test_digested_batches_give_the_same_verdict_as_row_by_row(case, size):
    # A database reads them in seq order ("reordered" is then a sound chain again).
    rows = sorted(_tampered()[case], key=lambda r: r[0])
    assert _digested(rows, size) == chain.verify_rows(rows)


def test_verify_digested_vouches_only_for_a_continuing_batch():
    rows = build()
    head = chain.verify_rows(rows[:4])
    assert chain.verify_digested(head, 5, *_summary(rows, 5, 12)) == chain.verify_rows(rows)
    assert chain.verify_digested(None, 1, *_summary(rows, 1, 1)) == chain.verify_rows(rows[:1])
    assert chain.verify_digested(head, 5, *_summary(rows, 20, 30)) is None  # nothing there
    assert chain.verify_digested(None, 5, *_summary(rows, 5, 12)) is None  # not at the start
    assert chain.verify_digested(chain.verify_rows(rows[:3]), 5, *_summary(rows, 5, 12)) is None


def test_verify_digested_cannot_tell_about_odd_values():
    rows = build(4)
    count, seqs, hashed, prevs, hashes = _summary(rows, 1, 4)
    assert chain.verify_digested(None, 1, count, seqs, hashed, prevs, hashes)
    assert chain.verify_digested(None, 1, count, seqs, hashed - 1, prevs, hashes) is None
    assert chain.verify_digested(None, 1, count, "1,2,4,3", hashed, prevs, hashes) is None
    assert chain.verify_digested(None, 1, count, "1,2,3,4.0", hashed, prevs, hashes) is None
    assert chain.verify_digested(None, 1, 4.0, seqs, 4.0, prevs, hashes) is None
    assert chain.verify_digested(None, 1, count, seqs, hashed, None, hashes) is None
    assert chain.verify_digested(None, 1, count, seqs, hashed, prevs, None) is None
    # A database that compares hashes case-blind (SQLite's unhex) still gets no say on case.
    assert chain.verify_digested(None, 1, count, seqs, hashed, prevs, hashes.upper()) is None
    assert chain.verify_digested(None, 1, count, seqs, hashed, prevs, hashes + "\n") is None


def _joined(rows: list[tuple]) -> bytes:
    return chain.SEPARATOR.join(chain.encode(*r[:9]) for r in rows)


def test_hashed_here_counts_only_a_batch_that_all_hashes_right():
    rows = build(5)
    hashes = "\n".join(r[9] for r in rows)
    assert chain.hashed_here(_joined(rows), 5, hashes) == 5
    assert chain.hashed_here(_joined(rows), 4, hashes) == 0
    assert chain.hashed_here(_joined(rows), 5, hashes.upper()) == 0
    assert chain.hashed_here(_joined(rows[:4]), 5, hashes) == 0
    assert chain.hashed_here(None, 5, hashes) == 0
    assert chain.hashed_here(_joined(rows).decode(), 5, hashes) == 0
    assert chain.hashed_here(_joined(rows), 5.0, hashes) == 0
    # An event holding the separator splits in two: the batch goes to verify_rows.
    odd = [_row(1, _replace(_fields(1), 2, "sys\x1etem"), chain.GENESIS)]
    assert chain.hashed_here(_joined(odd), 1, odd[0][9]) == 0
    assert chain.verify_rows(odd).ok
    # Bytes that are not UTF-8 (SQLite can hold them) are never vouched for, even hashed.
    bad = chain.encode(*rows[0][:9]).replace(b"{", b"{\xff", 1)
    assert chain.hashed_here(bad, 1, chain.digest(bad)) == 0
    fine = chain.encode(*rows[0][:9]).replace(b"{", "{é".encode(), 1)
    assert chain.hashed_here(fine, 1, chain.digest(fine)) == 1


# --- The SQL, in SQLite ---------------------------------------------------------------


def _db(rows: list[tuple], schema: str = SCHEMA) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(schema)
    _insert(db, rows)
    return db


def _run(db, low: int, high: int) -> tuple:
    """The summary as verify.py makes it from SQLite's: the encodings (stored, where the
    table has them) hashed here."""
    stored = any(row[1] == "encoded" for row in db.execute("PRAGMA table_xinfo(audit_auditevent)"))
    count, seqs, joined, prevs, hashes = db.execute(
        verify._digest_sql("sqlite", "?", stored), (low, high)
    ).fetchone()
    return count, seqs, chain.hashed_here(joined, count, hashes), prevs, hashes


SCHEMAS = pytest.mark.parametrize("schema", [SCHEMA, STORED_SCHEMA], ids=["rebuilt", "stored"])


@SCHEMAS
def test_sqlite_sums_up_a_batch_as_worked_out_here(schema):
    rows = build(30)
    db = _db(rows, schema)
    for low, high in [(1, 30), (1, 1), (7, 19), (25, 40)]:
        assert _run(db, low, high) == _summary(rows, low, high)
    assert _run(db, 31, 40) == (0, None, 0, None, None)


@pytest.mark.parametrize(
    ("sql", "bad"),
    [
        ("UPDATE audit_auditevent SET details = details || char(0) || 'x' WHERE seq = 6", 6),
        ("UPDATE audit_auditevent SET prev_hash = prev_hash || char(0) WHERE seq = 12", 12),
        ("UPDATE audit_auditevent SET hash = upper(hash) WHERE seq = 12", 12),
        ("UPDATE audit_auditevent SET occurred_at = occurred_at || ' ' WHERE seq = 3", 3),
        ("UPDATE audit_auditevent SET seq = 20 WHERE seq = 9", 9),
        ("UPDATE audit_auditevent SET kind = 1 WHERE seq = 2", 2),
    ],
)
@SCHEMAS
def test_sqlite_batches_with_damage_are_not_vouched_for(sql, bad, schema):
    rows = build(12)
    db = _db(rows, schema)
    db.execute(sql)
    first = chain.verify_rows(rows[: bad - 1])
    assert chain.verify_digested(first, bad, *_run(db, bad, 12)) is None
    assert chain.verify_digested(chain.EMPTY, 1, *_run(db, 1, 12)) is None
    if bad > 1:
        assert chain.verify_digested(chain.EMPTY, 1, *_run(db, 1, bad - 1)) == first


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    fields=st.tuples(text, text, text, text, text, text),
    moment=moments,
    whole_second=st.booleans(),
    right=st.booleans(),
    stored=st.booleans(),
)
def test_sqlite_hashes_what_the_exact_path_reads(fields, moment, whole_second, right, stored):
    """For any stored text (quotes, NULs, newlines, any script), an event counts as hashed
    only when the SHA-256 of ``chain.encode`` of the fields the exact path reads back is
    its stored hash."""
    if whole_second:
        moment = moment.replace(microsecond=0)
    kind, actor, action, object_type, object_id, details = fields
    stored = (1, _sqlite_time(moment), kind, actor, action, object_type, object_id, details)
    exact_db = sqlite3.connect(":memory:")
    exact_db.execute(SCHEMA)
    exact_db.execute(
        f"INSERT INTO audit_auditevent VALUES ({', '.join('?' * 10)})",
        (*stored, chain.GENESIS, "h"),
    )
    (exact,) = exact_db.execute(verify._select(verify._exact_columns("sqlite"), "", 10)).fetchall()
    digest = chain.digest(chain.encode(*exact[:9]))
    db = sqlite3.connect(":memory:")
    db.execute(STORED_SCHEMA if stored else SCHEMA)
    db.execute(
        f"INSERT INTO audit_auditevent VALUES ({', '.join('?' * 10)})",
        (*stored, chain.GENESIS, digest if right else "f" * 64),
    )
    count, _, hashed, _, _ = _run(db, 1, 1)
    assert count == 1
    # Sound always; complete unless the event holds the separator (then verify_rows checks it).
    holds_separator = chain.SEPARATOR in chain.encode(*exact[:9])
    assert hashed == (1 if right and not holds_separator else 0)


# --- PostgreSQL, in this process --------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_hashes_in_the_database_and_names_the_bad_event():
    from django.db import connection

    from lantern.audit import triggers

    rows = build(50)
    store(rows)
    with connection.cursor() as cursor:
        sql = verify._digest_sql("postgresql", "%s")
        cursor.execute(sql, (1, 50))
        assert cursor.fetchone() == _summary(rows, 1, 50)
        assert verify._digest_batches(
            cursor, "postgresql", "%s", chain.EMPTY, None, 7
        ) == chain.verify_rows(rows)
    assert verify.verify_chain(workers=0) == chain.verify_rows(rows)
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET hash = upper(hash) WHERE seq = 50")
    finally:
        triggers.create(connection)
    verdict = verify.verify_chain(workers=0)
    assert (verdict.ok, verdict.first_bad_seq, verdict.events) == (False, 50, 49)
