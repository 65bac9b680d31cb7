"""The hash chain: ``verify_rows`` names the first bad event; the SQL that builds encodings
in the database gives exactly ``chain.encode``'s bytes; worker ranges join back exactly.
(The batch summaries, ``verify_digested``, are in test_digest.py.)

The tests of the chain itself need no database: rows are built with ``chain.encode`` and
``chain.digest``. Tail truncation is not detectable from the rows (what is left is a valid
chain); it is detected by comparing ``Verdict.head_hash`` with a head recorded elsewhere,
which ``test_truncating_the_tail_verifies_but_moves_the_head`` shows.
"""

from __future__ import annotations

import itertools
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


# --- Damage, for the batch checks (test_digest.py) -------------------------------------


def _tampered() -> dict[str, list[tuple]]:
    rows, k = build(), N // 2
    cases = {"good": rows, "truncated": rows[:-2], "empty": []}
    cases["altered"] = [*rows[: k - 1], _replace(rows[k - 1], 7, '{"x":1}'), *rows[k:]]
    cases["deleted"] = [*rows[: k - 1], *rows[k:]]
    linked = _row(k + 1, _fields(99), rows[k - 1][-1])
    cases["inserted"] = [*rows[:k], linked, *(_replace(r, 0, r[0] + 1) for r in rows[k:])]
    cases["reordered"] = [*rows[: k - 1], rows[k], rows[k - 1], *rows[k + 1 :]]
    cases["relinked"] = [*rows[: k - 1], _replace(rows[k - 1], 8, "e" * 64), *rows[k:]]
    cases["rehashed"] = [
        *rows[: k - 1],
        _row(k, _replace(_fields(k), 2, "system"), rows[k - 2][-1]),
        *rows[k:],
    ]
    cases["float seq"] = [*rows[: k - 1], _replace(rows[k - 1], 0, float(k)), *rows[k:]]
    return cases


# --- The encoding built in SQL ---------------------------------------------------------

SCHEMA = """CREATE TABLE audit_auditevent (
    seq bigint NOT NULL PRIMARY KEY, occurred_at datetime NOT NULL, kind varchar(6) NOT NULL,
    actor varchar(64) NOT NULL, action varchar(100) NOT NULL,
    object_type varchar(100) NOT NULL, object_id varchar(100) NOT NULL,
    details text NOT NULL, prev_hash varchar(64) NOT NULL UNIQUE,
    hash varchar(64) NOT NULL UNIQUE)"""
# As Django makes it (migration 0004): with the encoding stored in a generated column,
# which verify hashes instead of rebuilding the encodings.
STORED_SCHEMA = (
    SCHEMA[:-1] + ', "encoded" text GENERATED ALWAYS AS'
    f" ({verify.encoding_sql('sqlite', binary=False)}) STORED)"
)


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


def _sql_rows(db: sqlite3.Connection) -> tuple[list[tuple], list[tuple]]:
    columns = f"seq, {verify.encoding_sql('sqlite')}, prev_hash, hash"
    fast = db.execute(verify._select(columns, "", 10**6)).fetchall()
    exact = db.execute(verify._select(verify._exact_columns("sqlite"), "", 10**6)).fetchall()
    return fast, exact


def test_the_database_builds_the_same_bytes_as_encode():
    rows = build()
    rows[3] = _row(4, (_replace(_fields(4), 0, "2026-03-02T09:30:28.000000Z")), rows[2][-1])
    rows[4:] = [_replace(r, 8, rows[3][-1]) if r[0] == 5 else r for r in rows[4:]]
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)
    _insert(db, rows)
    assert db.execute("SELECT occurred_at FROM audit_auditevent WHERE seq = 4").fetchone() == (
        "2026-03-02 09:30:28",
    )
    fast, exact = _sql_rows(db)
    assert exact == rows
    assert [f[1] for f in fast] == [chain.encode(*row[:9]) for row in rows]


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
def test_the_sql_encoding_is_encode_of_what_the_exact_path_reads(fields, moment, whole_second, seq):
    """For any stored text (quotes, NULs, newlines, any script), the encoding the fast path
    hashes is chain.encode of the fields the exact path reads back; so the fast path can
    never accept an event that verify_rows would reject."""
    if whole_second:
        moment = moment.replace(microsecond=0)
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)
    kind, actor, action, object_type, object_id, details = fields
    db.execute(
        f"INSERT INTO audit_auditevent VALUES ({', '.join('?' * 10)})",
        (seq, _sqlite_time(moment), kind, actor, action, object_type, object_id, details, "p", "h"),
    )
    (fast,), (exact,) = _sql_rows(db)
    assert exact[1] == chain.format_time(moment)
    assert fast[1] == chain.encode(*exact[:9])


# --- Worker ranges --------------------------------------------------------------------


def _found(rows: list[tuple]) -> verify._Range:
    return verify._Range(True, len(rows), rows[0][0], rows[0][8], rows[-1][-1])


def test_plan_covers_every_number_once():
    for total, workers in [(1, 2), (20_000, 2), (1_000_000, 2), (1_000_003, 4), (250_001, 3)]:
        ranges = verify._plan(total, workers)
        assert ranges[0][0] == 1 and ranges[-1][1] == total
        assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(ranges))
        assert all(high - low + 1 >= min(verify.BATCH, total) for low, high in ranges[:-1])


def test_ranges_join_only_where_they_carry_on():
    rows = build()
    first, second, third = rows[:4], rows[4:8], rows[8:]
    verdict = chain.EMPTY
    for part in (first, second, third):
        verdict = verify._join(verdict, _found(part))
    assert verdict == chain.verify_rows(rows)
    after_first = verify._join(chain.EMPTY, _found(first))
    assert verify._join(after_first, _found(third)) is None  # a gap between ranges
    assert verify._join(after_first, _found(rows[5:8])) is None  # first event of a range gone
    relinked = [_replace(second[0], 8, "e" * 64), *second[1:]]
    assert verify._join(after_first, _found(relinked)) is None  # broken link into a range
    assert verify._join(after_first, verify._Range(False)) is None  # the worker had doubts
    assert verify._join(after_first, verify._Range(True)) is None  # an empty range


@pytest.fixture(params=["rebuilt", "stored"])
def chain_file(tmp_path, request):
    """A SQLite file for a chain: a table without the stored encoding (verify rebuilds the
    encodings from the columns) or with it, as migrated (verify hashes the stored ones)."""
    path = tmp_path / "audit.sqlite3"
    db = sqlite3.connect(path)
    db.execute(SCHEMA if request.param == "rebuilt" else STORED_SCHEMA)
    db.close()
    return path


def _check(path, low: int, high: int) -> verify._Range:
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_xinfo(audit_auditevent)")]
    params = {"database": str(path), "uri": True, "timeout": 5}
    source = verify._Source("sqlite", params, stored="encoded" in columns)
    return verify._check_range(source, low, high, batch=3)


def test_a_worker_checks_its_range_in_batches(chain_file):
    rows = build(30)
    db = sqlite3.connect(chain_file)
    _insert(db, rows)
    assert _check(chain_file, 1, 30) == _found(rows)
    assert _check(chain_file, 11, 20) == _found(rows[10:20])
    assert _check(chain_file, 31, 40) == verify._Range(True)
    db.execute("UPDATE audit_auditevent SET details = '{}' WHERE seq = 15")
    db.commit()
    assert _check(chain_file, 11, 20) == verify._Range(False)
    assert _check(chain_file, 16, 30) == _found(rows[15:])
    db.execute("DELETE FROM audit_auditevent WHERE seq = 25")
    db.commit()
    assert _check(chain_file, 16, 30) == verify._Range(False)
    assert _check(chain_file, 1, 10) == _found(rows[:10])


def test_a_worker_that_cannot_connect_reports_doubt(tmp_path):
    missing = tmp_path / "no" / "such.sqlite3"
    source = verify._Source("sqlite", {"database": str(missing), "uri": True, "timeout": 1})
    assert verify._check_range(source, 1, 10) == verify._Range(False)


# --- The whole of verify, with worker processes ------------------------------------------


@pytest.fixture
def file_connection(chain_file, django_db_blocker):
    """A Django connection to a SQLite file (worker processes cannot see the test suite's
    in-memory database)."""
    from django.db.utils import ConnectionHandler

    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(chain_file)}}
    )
    with django_db_blocker.unblock():
        connection = handler["default"]
        yield connection
        connection.close()


def _tamper(path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()


def test_workers_and_one_process_give_the_verdict_of_verify_rows(
    chain_file, file_connection, monkeypatch
):
    monkeypatch.setattr(verify, "BATCH", 25)  # ranges of 38 events: 1-38, 39-76, ...
    rows = build(300)
    db = sqlite3.connect(chain_file)
    _insert(db, rows)
    db.close()
    # The workers really ran, and covered the log.
    assert verify._verify_parallel(file_connection, 2, force=True) == (
        chain.verify_rows(rows),
        True,
    )
    assert verify._verify(file_connection, workers=0) == chain.verify_rows(rows)
    # Tampering at the edges of ranges: the first event of one, the last event of all,
    # then a deletion. The workers vouch for the ranges before the damage (none once the
    # count of events no longer matches their numbers); this process finds the first bad
    # event from there.
    table = "audit_auditevent"
    for sql, bad, held in [
        (f"UPDATE {table} SET actor = 'system' WHERE seq = 39", 39, 38),
        (f"UPDATE {table} SET action = 'audit.forged' WHERE seq = 300", 39, 38),
        (f"DELETE FROM {table} WHERE seq = 38", 38, 0),
    ]:
        _tamper(chain_file, sql)
        with sqlite3.connect(chain_file) as db:
            now = db.execute(verify._select(verify._exact_columns("sqlite"), "", 10**6)).fetchall()
        expected = chain.verify_rows(now)
        assert (expected.ok, expected.first_bad_seq) == (False, bad)
        partial, complete = verify._verify_parallel(file_connection, 2, force=True)
        assert (partial, complete) == (chain.verify_rows(now[:held]), False)
        assert verify._verify_here(file_connection, partial) == expected
        assert verify._verify(file_connection, workers=0) == expected


def test_the_last_event_altered_is_named_with_workers(chain_file, file_connection, monkeypatch):
    monkeypatch.setattr(verify, "BATCH", 25)
    rows = build(100)
    db = sqlite3.connect(chain_file)
    _insert(db, rows)
    db.close()
    _tamper(chain_file, "UPDATE audit_auditevent SET details = '{}' WHERE seq = 100")
    verdict = verify._verify(file_connection, workers=2)
    assert (verdict.ok, verdict.first_bad_seq, verdict.events) == (False, 100, 99)


def test_an_empty_log_verifies_with_workers(file_connection):
    assert verify._verify(file_connection, workers=2) == chain.EMPTY


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


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_workers_on_postgresql_give_the_verdict_of_one_process():
    from django.db import connection

    from lantern.audit import triggers

    rows = build(120)
    store(rows)
    assert verify._verify_parallel(connection, 2, force=True) == (chain.verify_rows(rows), True)
    assert verify.verify_chain(workers=2) == chain.verify_rows(rows)
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET details = '{}' WHERE seq = 77")
    finally:
        triggers.create(connection)
    verdict = verify.verify_chain(workers=2)
    assert (verdict.ok, verdict.first_bad_seq, verdict.events) == (False, 77, 76)
    assert verify.verify_chain(workers=0) == verdict
