"""The hash chain: ``verify_rows`` names the first bad event; verify reads the columns
exactly as ``verify_rows`` takes them, and gives the verdict of ``verify_rows`` over the
whole table.

The tests of the chain itself need no database: rows are built with ``chain.encode`` and
``chain.digest``. Tail truncation is not detectable from the rows (what is left is a valid
chain); it is detected by comparing ``Verdict.head_hash`` with a head recorded elsewhere,
which ``test_truncating_the_tail_verifies_but_moves_the_head`` shows.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.audit import chain, verify

N = 12
ACTIONS = [
    ("access", "record.viewed", "case", '{"data_class":"special_category","purpose":"view"}'),
    ("change", "case.updated", "case", '{"fields":["status"],"status":"triaged"}'),
    ("change", "account.signed_in", "user", '{"method":"password+totp"}'),
    ("change", "audit.verified", "audit_chain", '{"events":3,"ok":true}'),
]
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _fields(seq: int) -> tuple[str, ...]:
    """Everything but seq and the hashes: (occurred_at, kind, actor, action, object_type,
    object_id, details), realistic and different for each event."""
    kind, action, object_type, details = ACTIONS[seq % len(ACTIONS)]
    moment = START + timedelta(seconds=seq * 7, microseconds=seq * 1013)
    actor = "system" if seq % 5 == 0 else str(uuid.UUID(int=seq * 7919, version=4))
    object_id = str(uuid.UUID(int=seq * 104729, version=4))
    return (chain.format_time(moment), kind, actor, action, object_type, object_id, details)


def _row(seq: int, fields: tuple[str, ...], prev: str) -> tuple:
    """An event as verify_rows takes it, its hash computed over its fields: how the service
    writes one, and how a forger with database access writes one."""
    at, kind, actor, action, object_type, object_id, details = fields
    encoded = chain.encode(seq, at, kind, actor, action, object_type, object_id, details, prev)
    return (seq, *fields, prev, chain.digest(encoded))


def build(n: int = N) -> list[tuple]:
    rows, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        rows.append(_row(seq, _fields(seq), prev))
        prev = rows[-1][-1]
    return rows


def _replace(row: tuple, index: int, value) -> tuple:
    return (*row[:index], value, *row[index + 1 :])


# --- verify_rows ----------------------------------------------------------------------


def test_a_good_chain_verifies():
    rows = build()
    verdict = chain.verify_rows(rows)
    assert verdict == chain.Verdict(True, N, None, "", rows[-1][-1])
    assert verdict.as_dict()["ok"] is True


def test_an_empty_chain_verifies_with_the_genesis_head():
    assert chain.verify_rows([]) == chain.Verdict(True, 0, None, "", chain.GENESIS)


def test_the_encoding_is_the_version_and_fields_joined_by_newlines():
    encoded = chain.encode(
        7, "2026-03-02T09:30:00.000001Z", "change", "system", "a.b", "", "", "{}", "0" * 64
    )
    assert encoded == (
        b"lantern-audit-v1\n7\n2026-03-02T09:30:00.000001Z\nchange\nsystem\na.b\n\n\n{}\n"
        + b"0" * 64
    )
    assert chain.digest(encoded) == chain.hashlib.sha256(encoded).hexdigest()


FIELD_NAMES = ["occurred_at", "kind", "actor", "action", "object_type", "object_id", "details"]


@pytest.mark.parametrize("k", [1, 2, N // 2, N])
@pytest.mark.parametrize("index", range(1, 8), ids=FIELD_NAMES)
def test_altering_any_field_of_an_event_names_it(k, index):
    rows = build()
    row = rows[k - 1]
    altered = "2020-01-01T00:00:00.000000Z" if index == 1 else row[index] + "x"
    rows[k - 1] = _replace(row, index, altered)
    verdict = chain.verify_rows(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.events) == (False, k, k - 1)
    assert verdict.reason == "hash does not match the event's contents"
    assert verdict.head_hash == (rows[k - 2][-1] if k > 1 else chain.GENESIS)


@pytest.mark.parametrize("k", [1, N // 2, N])
def test_altering_the_stored_hash_or_the_link_names_the_event(k):
    rows = build()
    rows[k - 1] = _replace(rows[k - 1], 9, "f" * 64)
    assert chain.verify_rows(rows).first_bad_seq == k
    rows = build()
    rows[k - 1] = _replace(rows[k - 1], 8, "e" * 64)
    verdict = chain.verify_rows(rows)
    assert (verdict.first_bad_seq, verdict.reason) == (
        k,
        "previous hash does not match the event before",
    )


@pytest.mark.parametrize("k", [1, N // 2, N])
def test_an_altered_event_rehashed_by_the_forger_breaks_the_next_link(k):
    rows = build()
    fields = _replace(_fields(k), 6, '{"purpose":"export"}')
    rows[k - 1] = _row(k, fields, rows[k - 1][8])
    verdict = chain.verify_rows(rows)
    if k == N:  # nothing after it: only the head hash shows the change
        assert verdict.ok and verdict.head_hash != build()[-1][-1]
    else:
        assert (verdict.ok, verdict.first_bad_seq) == (False, k + 1)


@pytest.mark.parametrize("k", [1, 2, N // 2, N - 1])
def test_deleting_an_event_names_it(k):
    rows = build()
    del rows[k - 1]
    verdict = chain.verify_rows(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.events) == (False, k, k - 1)
    assert verdict.reason == f"sequence gap: expected {k}, found {k + 1}"


@pytest.mark.parametrize("k", [1, N // 2, N - 1])
def test_deleting_an_event_and_renumbering_names_the_one_after(k):
    rows = build()
    del rows[k - 1]
    rows = [row if row[0] < k else _replace(row, 0, row[0] - 1) for row in rows]
    verdict = chain.verify_rows(rows)
    assert (verdict.first_bad_seq, verdict.reason) == (
        k,
        "previous hash does not match the event before",
    )


@pytest.mark.parametrize("k", [1, N // 2, N - 1])
def test_inserting_a_forged_event_between_k_and_k_plus_1(k):
    """The forger numbers it k + 1, hashes it correctly and renumbers the rest. Unlinked,
    the forged event itself is named; linked to event k, the event after it is, because
    its own link still names event k."""
    rows = build()
    forged_fields = _replace(_fields(k), 3, "change.forged")
    renumbered = [_replace(row, 0, row[0] + 1) for row in rows[k:]]
    unlinked = _row(k + 1, forged_fields, "e" * 64)
    verdict = chain.verify_rows([*rows[:k], unlinked, *renumbered])
    assert (verdict.first_bad_seq, verdict.events) == (k + 1, k)
    linked = _row(k + 1, forged_fields, rows[k - 1][-1])
    verdict = chain.verify_rows([*rows[:k], linked, *renumbered])
    assert (verdict.first_bad_seq, verdict.events) == (k + 2, k + 1)
    assert verdict.reason == "previous hash does not match the event before"


def test_inserting_a_duplicate_number_names_it():
    rows = build()
    k = N // 2
    forged = _row(k + 1, _fields(k + 1), rows[k - 1][-1])
    verdict = chain.verify_rows([*rows[: k + 1], forged, *rows[k + 1 :]])
    assert (verdict.first_bad_seq, verdict.reason) == (
        k + 1,
        f"sequence gap: expected {k + 2}, found {k + 1}",
    )


@pytest.mark.parametrize("k", [1, N // 2, N - 1])
def test_reordering_two_events_names_the_first_of_them(k):
    rows = build()
    swapped = [*rows[: k - 1], rows[k], rows[k - 1], *rows[k + 1 :]]
    assert chain.verify_rows(swapped).first_bad_seq == k
    # Swapping the contents but keeping the numbers in order breaks the link instead.
    relabelled = [
        *rows[: k - 1],
        _replace(rows[k], 0, k),
        _replace(rows[k - 1], 0, k + 1),
        *rows[k + 1 :],
    ]
    verdict = chain.verify_rows(relabelled)
    assert (verdict.first_bad_seq, verdict.reason) == (
        k,
        "previous hash does not match the event before",
    )


def test_an_event_numbered_below_one_is_named():
    rows = build()
    stray = _row(0, _fields(0), chain.GENESIS)
    assert chain.verify_rows([stray, *rows]).first_bad_seq == 0


def test_truncating_the_tail_verifies_but_moves_the_head():
    """Removing the newest events leaves a valid chain: the rows alone cannot show it.
    The verdict's head hash is then an older event's, which a head recorded outside the
    database (an export, a ticket, a monitoring log) gives away."""
    rows = build()
    recorded_head = chain.verify_rows(rows).head_hash
    verdict = chain.verify_rows(rows[:-3])
    assert verdict.ok and verdict.events == N - 3
    assert verdict.head_hash == rows[N - 4][-1] != recorded_head


def test_verification_continues_from_an_earlier_verdict():
    rows = build()
    first = chain.verify_rows(rows[:5])
    assert chain.verify_rows(rows[5:], first) == chain.verify_rows(rows)
    broken = chain.verify_rows([rows[5], *rows[7:]], first)
    assert (broken.first_bad_seq, broken.events) == (7, 6)
    with pytest.raises(ValueError, match="did not verify"):
        chain.verify_rows(rows, broken)


# --- Damage, for the checks across batches ---------------------------------------------


def _tampered(rows: list[tuple] | None = None, k: int = N // 2) -> dict[str, list[tuple]]:
    """Ways to damage a chain around event ``k`` (which has events on both sides)."""
    rows = build() if rows is None else rows
    cases = {"good": rows, "truncated": rows[:-2], "empty": []}
    cases["altered"] = [*rows[: k - 1], _replace(rows[k - 1], 7, '{"x":1}'), *rows[k:]]
    cases["deleted"] = [*rows[: k - 1], *rows[k:]]
    cases["two deleted"] = [*rows[: k - 1], *rows[k + 1 :]]
    linked = _row(k + 1, _fields(99), rows[k - 1][-1])
    cases["inserted"] = [*rows[:k], linked, *(_replace(r, 0, r[0] + 1) for r in rows[k:])]
    cases["reordered"] = [*rows[: k - 1], rows[k], rows[k - 1], *rows[k + 1 :]]
    cases["relinked"] = [*rows[: k - 1], _replace(rows[k - 1], 8, "e" * 64), *rows[k:]]
    cases["rehashed"] = [
        *rows[: k - 1],
        _row(k, _replace(_fields(k), 2, "system"), rows[k - 2][-1]),
        *rows[k:],
    ]
    cases["stray zero"] = [_row(0, _fields(0), chain.GENESIS), *rows]
    cases["float seq"] = [*rows[: k - 1], _replace(rows[k - 1], 0, float(k)), *rows[k:]]
    return cases


@pytest.mark.parametrize("case", list(_tampered()))
def test_verify_rows_in_batches_gives_the_verdict_of_one_pass(case):
    rows = _tampered()[case]
    for size in (1, 2, 5):
        verdict = chain.EMPTY
        for start in range(0, len(rows), size):
            verdict = chain.verify_rows(rows[start : start + size], verdict)
            if not verdict.ok:
                break
        assert verdict == chain.verify_rows(rows)


# --- Reading the table ------------------------------------------------------------------

# The table as the migrations leave it, and one whose constraints a forger has dropped.
SCHEMA = """CREATE TABLE audit_auditevent (
    seq bigint NOT NULL PRIMARY KEY, occurred_at datetime NOT NULL, kind varchar(6) NOT NULL,
    actor varchar(64) NOT NULL, action varchar(100) NOT NULL,
    object_type varchar(100) NOT NULL, object_id varchar(100) NOT NULL,
    details text NOT NULL, prev_hash varchar(64) NOT NULL UNIQUE,
    hash varchar(64) NOT NULL UNIQUE)"""
LOOSE_SCHEMA = SCHEMA.replace(" UNIQUE", "")


def _sqlite_time(moment: datetime) -> str:
    """How Django stores an aware datetime in SQLite: naive UTC, no fraction on a whole
    second."""
    return str(moment.astimezone(UTC).replace(tzinfo=None))


def _insert(db: sqlite3.Connection, rows: list[tuple]) -> None:
    """Rows as verify_rows takes them, stored the way Django stores them."""
    stored = []
    for row in rows:
        moment = datetime.strptime(row[1], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        stored.append((row[0], _sqlite_time(moment), *row[2:]))
    db.executemany(f"INSERT INTO audit_auditevent VALUES ({', '.join('?' * 10)})", stored)
    db.commit()


def _db(rows: list[tuple], schema: str = LOOSE_SCHEMA) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(schema)
    _insert(db, rows)
    return db


def _read(db: sqlite3.Connection, after: int = 0, high: int | None = None) -> list[tuple]:
    batches = verify.read(db.cursor(), "sqlite", "?", after, high, batch=5)
    return [row for rows in batches for row in rows]


def _in_table(rows: list[tuple]) -> list[tuple]:
    """The rows as the table gives them back: in seq order, seq an integer."""
    return sorted(((int(r[0]), *r[1:]) for r in rows), key=lambda r: r[0])


def test_verify_reads_the_columns_as_verify_rows_takes_them():
    rows = build()
    rows[3] = _row(4, (_replace(_fields(4), 0, "2026-03-02T09:30:28.000000Z")), rows[2][-1])
    rows[4] = _row(5, _fields(5), rows[3][-1])
    rows[5:] = build()[5:]
    db = _db(rows, SCHEMA)
    assert db.execute("SELECT occurred_at FROM audit_auditevent WHERE seq = 4").fetchone() == (
        "2026-03-02 09:30:28",
    )
    assert _read(db) == rows


def test_reading_starts_after_a_number_and_stops_at_another():
    rows = [_row(-1, _fields(1), "a" * 64), _row(0, _fields(2), "b" * 64), *build()]
    db = _db(rows)
    assert [r[0] for r in _read(db)] == list(range(-1, N + 1))  # numbers below one included
    assert [r[0] for r in _read(db, after=3)] == list(range(4, N + 1))
    assert [r[0] for r in _read(db, after=3, high=9)] == list(range(4, 10))
    assert [r[0] for r in _read(db, high=2)] == [-1, 0, 1, 2]
    assert _read(db, after=N) == []


text = st.text(st.characters(codec="utf-8"), max_size=12)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2099, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    fields=st.tuples(text, text, text, text, text, text),
    moment=moments,
    whole_second=st.booleans(),
    seq=st.integers(min_value=1, max_value=2**62),
)
def test_any_stored_text_is_read_back_as_stored(fields, moment, whole_second, seq):
    """For any stored text (quotes, NULs, newlines, any script) verify reads back the very
    fields Django stored, and the time as chain.format_time writes it; so the encoding it
    rebuilds is the one the event was hashed over."""
    if whole_second:
        moment = moment.replace(microsecond=0)
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)
    kind, actor, action, object_type, object_id, details = fields
    stored = (seq, kind, actor, action, object_type, object_id, details, "p", "h")
    db.execute(
        f"INSERT INTO audit_auditevent VALUES ({', '.join('?' * 10)})",
        (seq, _sqlite_time(moment), *stored[1:]),
    )
    (read,) = _read(db)
    assert read == (seq, chain.format_time(moment), *stored[1:])


# --- Verifying a table ------------------------------------------------------------------

DB_CASES = [case for case in _tampered() if case != "float seq"]  # SQLite stores 6.0 as 6


@pytest.fixture
def chain_file(tmp_path):
    path = tmp_path / "audit.sqlite3"
    db = sqlite3.connect(path)
    db.execute(LOOSE_SCHEMA)
    db.close()
    return path


@pytest.fixture
def file_connection(chain_file, django_db_blocker):
    """A Django connection to a SQLite file of its own, outside any transaction."""
    from django.db.utils import ConnectionHandler

    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(chain_file)}}
    )
    with django_db_blocker.unblock():
        connection = handler["default"]
        yield connection
        connection.close()


@pytest.mark.parametrize("case", DB_CASES)
def test_verifying_a_table_gives_the_verdict_of_verify_rows(
    case, chain_file, file_connection, monkeypatch
):
    """Read a few rows at a time, from the first event or after an earlier verdict."""
    monkeypatch.setattr(verify, "BATCH", 7)
    rows = _in_table(_tampered(build(60), 30)[case])
    db = sqlite3.connect(chain_file)
    _insert(db, rows)
    db.close()
    expected = chain.verify_rows(rows)
    assert verify.verify_events(file_connection) == expected
    if case != "stray zero":
        start = chain.verify_rows(rows[:25])
        assert verify.verify_events(file_connection, start) == expected


def store(rows: list[tuple]) -> None:
    """Write rows as the only events in the Django database. Fixtures may have written
    events already (reference data reloaded after a flush): they go first."""
    from django.db import connection

    from lantern.audit import triggers
    from lantern.audit.models import AuditEvent

    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    finally:
        triggers.create(connection)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            seq=row[0],
            occurred_at=datetime.strptime(row[1], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
            kind=row[2],
            actor=row[3],
            action=row[4],
            object_type=row[5],
            object_id=row[6],
            details=row[7],
            prev_hash=row[8],
            hash=row[9],
        )
        for row in rows
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 28, 0, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, 15, 7, tzinfo=UTC),
        datetime(2026, 6, 1, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2001, 1, 1, 0, 0, 0, 100000, tzinfo=UTC),
    ],
)
def test_the_database_gives_the_time_as_format_time_writes_it(moment):
    from django.db import connection

    rows = build(3)
    rows[1] = _row(2, _replace(_fields(2), 0, chain.format_time(moment)), rows[0][-1])
    rows[2] = _row(3, _fields(3), rows[1][-1])
    store(rows)
    with connection.cursor() as cursor:
        assert [r for batch in verify.read(cursor, connection.vendor, "%s", 0) for r in batch] == (
            rows
        )
    assert verify.verify_chain().ok


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_break_found_outside_a_transaction_leaves_the_connection_usable():
    """PostgreSQL streams the rows; stopped at a break, the query is cancelled, which
    outside a transaction harms nothing (inside one, the rest is read instead: the tests
    in test_log.py go on using their transaction after a break)."""
    from django.db import connection

    from lantern.audit import triggers

    rows = build(120)
    store(rows)
    assert verify.verify_chain() == chain.verify_rows(rows)
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET details = '{}' WHERE seq = 77")
    finally:
        triggers.create(connection)
    verdict = verify.verify_chain()
    assert (verdict.ok, verdict.first_bad_seq, verdict.events) == (False, 77, 76)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone() == (120,)
