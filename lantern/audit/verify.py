"""Recomputing the whole chain from the database, in bounded memory.

Batch by batch, the database sums the events up (``_digest_sql``): it takes each event's
canonical encoding (the same bytes as ``chain.encode``) from the stored column the database
generates (ADR 0006; only while ``stored_encoding_in_force``), or builds it in SQL from the
columns (``full``, or a table whose definition changed), and gives back five
values a batch. PostgreSQL hashes the encodings itself with its ``sha256()``; SQLite, which
has no hash function, hands them over joined, and ``chain.hashed_here`` hashes them in one
pass. ``chain.verify_digested`` then vouches for the batch or says it cannot tell; a
batch it cannot vouch for is read again field by field and checked with
``chain.verify_rows``, which names the first bad event. Every verdict against the chain
comes from there.

On a large log outside a transaction the batches are spread over worker processes
(``_verify_parallel``), each checking a range of sequence numbers on its own connection;
the ranges are then joined in order. Any doubt there (a gap, a broken link between
ranges, a failed worker) and verification carries on in this process from the last range
that held. Workers import this module but not Django, so it imports Django lazily.
"""

from __future__ import annotations

import gc
import logging
import math
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from lantern.audit import chain
from lantern.audit.triggers import TABLE  # AuditEvent's table; workers run without Django set up

logger = logging.getLogger(__name__)

BATCH = 20_000
# Stored encodings are summed up in smaller batches: hashing a batch then works on bytes
# still in the CPU's cache (measured: 10-15% faster than BATCH-sized ones).
STORED_BATCH = 2_000
PARALLEL_MIN_EVENTS = 200_000
MAX_WORKERS = 4

_COLUMNS = "seq, {at}, kind, actor, action, object_type, object_id, details, prev_hash, hash"


def time_expression(vendor: str) -> str:
    """SQL for ``chain.format_time`` of ``occurred_at``, from the database's built-in,
    immutable functions only (a generated column may use nothing else)."""
    if vendor == "postgresql":
        # to_char() is only STABLE, so the fields are put together one by one (and no "%":
        # it would be taken for a query placeholder).
        utc = "(occurred_at AT TIME ZONE 'UTC')"
        micro = f"extract(microseconds from {utc})::int"
        parts = [
            *(
                f"lpad(extract({field} from {utc})::int::text, {width}, '0') || '{sep}'"
                for field, width, sep in (
                    ("year", 4, "-"),
                    ("month", 2, "-"),
                    ("day", 2, "T"),
                    ("hour", 2, ":"),
                    ("minute", 2, ":"),
                )
            ),
            f"lpad(({micro} / 1000000)::text, 2, '0') || '.'",
            f"lpad(mod({micro}, 1000000)::text, 6, '0') || 'Z'",
        ]
        return " || ".join(parts)
    # SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, as text; a whole second has no
    # fraction. Normalised to chain.format_time's form, by bytes: SQLite's text functions
    # stop at a NUL, which would let whatever follows one change unseen.
    at = "CAST(occurred_at AS BLOB)"
    return (
        f"substr({at}, 1, 10) || 'T' || substr({at}, 12)"
        f" || CASE WHEN length({at}) = 19 THEN '.000000Z' ELSE 'Z' END"
    )


def encoding_sql(vendor: str, *, binary: bool = True) -> str:
    """SQL for ``chain.encode(...)`` of a row: VERSION and chain.FIELDS joined by newlines,
    as bytes (``binary``) or as the text whose UTF-8 bytes they are. The text form is the
    stored ``encoded`` column's expression (models.AuditEncoding), so it uses only
    immutable built-in functions. Tested against chain.encode in
    lantern/audit/tests/test_chain.py."""
    version = chain.VERSION.decode("ascii")
    if "'" in version:
        raise ValueError("the version tag cannot be an SQL literal")
    parts = [f"'{version}'"]
    for field in chain.FIELDS:
        if field == "seq":
            parts.append("CAST(seq AS TEXT)")
        elif field == "occurred_at":
            parts.append(f"({time_expression(vendor)})")
        else:
            parts.append(field)
    joined = " || '\n' || ".join(parts)
    if not binary:
        return joined
    if vendor == "postgresql":
        return f"convert_to({joined}, 'UTF8')"
    return f"CAST({joined} AS BLOB)"


# PostgreSQL: the stored column's expression calls this function (ADR 0006, addendum)
# rather than spelling out encoding_sql. PostgreSQL reads a generated column's expression
# back from the catalog, plans it and compiles it for every INSERT statement, inside the
# chain's lock; a call to a PL/pgSQL function is a small expression, and the function keeps
# its own compiled body. ``to_char`` is only STABLE because some patterns (TM...) follow the
# locale; this one has none, and the time is first put in UTC, so the result depends on the
# arguments alone: declaring the function IMMUTABLE is true. lantern_audit_append (audit
# migration 0003) hashes the same text.
ENCODING_FUNCTION = "lantern_audit_encoding"
# (name, type) of its parameters, one per chain.FIELDS, in order.
_ENCODING_FUNCTION_PARAMS = (
    ("p_seq", "bigint"),
    ("p_occurred_at", "timestamptz"),
    *((f"p_{field}", "text") for field in chain.FIELDS[2:]),
)
# Its parameters as CREATE FUNCTION takes them, and its argument types as DROP FUNCTION and
# ALTER FUNCTION name it.
ENCODING_FUNCTION_PARAMS = ", ".join(f"{name} {kind}" for name, kind in _ENCODING_FUNCTION_PARAMS)
ENCODING_FUNCTION_ARGS = ", ".join(kind for _, kind in _ENCODING_FUNCTION_PARAMS)
_ENCODING_FUNCTION_BODY = """
BEGIN
    RETURN '@VERSION@' || E'\\n' || p_seq::text || E'\\n'
        || to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\\n'
        || p_kind || E'\\n' || p_actor || E'\\n' || p_action || E'\\n'
        || p_object_type || E'\\n' || p_object_id || E'\\n' || p_details || E'\\n'
        || p_prev_hash;
END;
"""


def encoding_function_body() -> str:
    """The PL/pgSQL body of ENCODING_FUNCTION, exactly as stored (``pg_proc.prosrc``)."""
    if tuple(chain.FIELDS) != (
        "seq", "occurred_at", "kind", "actor", "action",
        "object_type", "object_id", "details", "prev_hash",
    ):  # fmt: skip
        raise ValueError("chain.FIELDS changed: the encoding function needs a new migration")
    version = chain.VERSION.decode("ascii")
    if "'" in version:
        raise ValueError("the version tag cannot be an SQL literal")
    return _ENCODING_FUNCTION_BODY.replace("@VERSION@", version)


def encoding_function_sql() -> str:
    """CREATE OR REPLACE FUNCTION for ENCODING_FUNCTION (audit migration 0006)."""
    return (
        f"CREATE OR REPLACE FUNCTION {ENCODING_FUNCTION}({ENCODING_FUNCTION_PARAMS})"
        " RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE"
        f" AS $lantern${encoding_function_body()}$lantern$"
    )


def stored_encoding_sql(vendor: str) -> str:
    """The stored ``encoded`` column's expression (models.AuditEncoding): in PostgreSQL a
    call to ENCODING_FUNCTION, in SQLite, which has no stored functions, encoding_sql."""
    if vendor == "postgresql":
        return f"{ENCODING_FUNCTION}({', '.join(chain.FIELDS)})"
    return encoding_sql(vendor, binary=False)


def _select(columns: str, where: str, batch: int) -> str:
    return f"SELECT {columns} FROM {TABLE}{where} ORDER BY seq LIMIT {int(batch)}"  # noqa: S608


def _exact_columns(vendor: str) -> str:
    return _COLUMNS.format(at=time_expression(vendor))


def _digest_sql(vendor: str, mark: str, stored: bool = False) -> str:
    """SQL that sums up the events numbered from one ``mark`` to the other for
    ``chain.verify_digested``: count, seq values, then the hashing, then the previous
    hashes and hashes. PostgreSQL hashes with its own ``sha256()`` and gives how many events
    hash to their stored hash; SQLite, which has no hash function, gives the encodings
    joined by ``chain.SEPARATOR`` for ``chain.hashed_here`` to hash in one pass.
    ``stored``: hash the generated ``encoded`` column rather than rebuild the encodings
    (only where ``stored_encoding_in_force`` says the database keeps it in step)."""
    if not stored:
        encoding = encoding_sql(vendor)
    elif vendor == "postgresql":
        encoding = "convert_to(encoded, 'UTF8')"
    else:
        encoding = "encoded"
    if vendor == "postgresql":
        summary = (
            "count(*), string_agg(seq::text, ',' ORDER BY seq),"
            f" count(*) FILTER (WHERE encode(sha256({encoding}), 'hex') = hash),"
            " string_agg(prev_hash, chr(10) ORDER BY seq), string_agg(hash, chr(10) ORDER BY seq)"
        )
    else:
        # Read through the primary key's index, so in seq order; verify_digested checks it.
        separator = chain.SEPARATOR.hex().upper()
        summary = (
            "count(*), group_concat(seq, ','),"
            f" CAST(group_concat({encoding}, X'{separator}') AS BLOB),"
            " group_concat(prev_hash, char(10)), group_concat(hash, char(10))"
        )
    return f"SELECT {summary} FROM {TABLE} WHERE seq BETWEEN {mark} AND {mark}"  # noqa: S608


def _digest_batches(
    cursor,
    vendor: str,
    mark: str,
    verdict: chain.Verdict,
    high: int | None,
    batch: int,
    stored: bool = False,
) -> chain.Verdict:
    """Continue ``verdict`` batch by batch while the summaries vouch for the events, up to
    ``high`` (None: the end of the log). Returns how far they held."""
    sql = _digest_sql(vendor, mark, stored)
    if stored:
        batch = min(batch, STORED_BATCH)
    while high is None or verdict.events < high:
        low = verdict.events + 1
        top = low + batch - 1 if high is None else min(low + batch - 1, high)
        cursor.execute(sql, (low, top))
        count, seqs, hashing, prevs, hashes = cursor.fetchone()
        if vendor != "postgresql":
            hashing = chain.hashed_here(hashing, count, hashes)
        continued = chain.verify_digested(verdict, low, count, seqs, hashing, prevs, hashes)
        if continued is None:
            return verdict
        verdict = continued
    return verdict


def iter_rows(using: str = "default", batch: int = 20_000) -> Iterator[tuple]:
    """Every event in ``seq`` order as ``chain.verify_rows`` takes them, streamed."""
    from django.db import connections

    connection = connections[using]
    sql = f"SELECT {_exact_columns(connection.vendor)} FROM {TABLE} ORDER BY seq"  # noqa: S608
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                return
            yield from chunk


def verify_chain(
    using: str = "default", *, workers: int | None = None, full: bool = False
) -> chain.Verdict:
    """Recompute the whole chain. ``workers``: processes to spread a large log over; by
    default one per CPU (at most MAX_WORKERS) when the log has PARALLEL_MIN_EVENTS events or
    more; 0 or 1 to stay in this process; 2 or more to use them whatever the size.
    ``full``: rebuild every encoding from the columns even where the stored ``encoded``
    column is in force (ADR 0006)."""
    from django.db import connections

    return _verify(connections[using], workers, full=full)


def _verify(connection, workers: int | None = None, *, full: bool = False) -> chain.Verdict:
    stored = not full and stored_encoding_in_force(connection)
    if not full and not stored:
        logger.warning(
            "audit verify: the table no longer defines the stored encoding as migrated;"
            " rebuilding every encoding from the columns (ADR 0006)"
        )
    verdict = chain.EMPTY
    count = _worker_count(connection, workers)
    if count >= 2:
        verdict, complete = _verify_parallel(
            connection, count, force=workers is not None, stored=stored
        )
        if complete:
            return verdict
    return _verify_here(connection, verdict, stored=stored)


def stored_encoding_in_force(connection) -> bool:
    """Whether ``encoded`` is still a stored column that the database generates from the
    other columns with ``stored_encoding_sql`` (and, in PostgreSQL, ENCODING_FUNCTION as
    migrated): only then is hashing it the same as hashing the encodings rebuilt from the
    columns. A changed table or function (the column dropped, made plain, given another
    expression; the function given another body) makes verify rebuild them, as ``full``
    does."""
    vendor = connection.vendor
    expected = stored_encoding_sql(vendor)
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(f"PRAGMA table_xinfo({TABLE})")
            hidden = [row[6] for row in cursor.fetchall() if row[1] == "encoded"]
            cursor.execute(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = %s", [TABLE]
            )
            row = cursor.fetchone()
            definition = f'"encoded" text GENERATED ALWAYS AS ({expected}) STORED'
            return (
                hidden == [3]
                and row is not None
                and row[0].count(definition) == 1
                and row[0].count("GENERATED") == 1
            )
    if vendor == "postgresql":
        return _pg_generated_as_expected(connection, expected) and _pg_function_as_migrated(
            connection
        )
    return False


def _pg_function_as_migrated(connection) -> bool:
    """Whether the one function the ``encoded`` column's expression calls (found by the
    catalog's dependency, not by name) is ENCODING_FUNCTION with the body, language and
    volatility audit migration 0006 gave it, and no settings or definer's rights."""
    sql = (
        "SELECT p.proname, p.prosrc, l.lanname, p.provolatile, p.prosecdef,"
        " p.proconfig IS NULL"
        " FROM pg_attribute a"
        " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        " JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid"
        " AND dep.refclassid = 'pg_proc'::regclass"
        " JOIN pg_proc p ON p.oid = dep.refobjid JOIN pg_language l ON l.oid = p.prolang"
        " WHERE a.attrelid = %s::regclass AND a.attname = 'encoded' AND NOT a.attisdropped"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [TABLE])
        found = cursor.fetchall()
    return len(found) == 1 and tuple(found[0]) == (
        ENCODING_FUNCTION,
        encoding_function_body(),
        "plpgsql",
        "i",
        False,
        True,
    )


def _pg_generated_as_expected(connection, expected: str) -> bool:
    """PostgreSQL keeps a generated column's expression parsed and prints it back in its
    own form, so the expected one is printed back the same way: by a throwaway temporary
    table with the column as ``encoding_sql`` makes it, rolled back at once. Where no
    temporary table can be made (a read-only standby), the stored column is not trusted."""
    from django.db import DatabaseError, transaction

    printed = (
        "SELECT a.attgenerated, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a"
        " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        " WHERE a.attrelid = %s::regclass AND a.attname = 'encoded' AND NOT a.attisdropped"
    )
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE lantern_audit_probe (LIKE {TABLE})")
            cursor.execute(
                "ALTER TABLE lantern_audit_probe DROP COLUMN encoded, ADD COLUMN encoded text"
                f" GENERATED ALWAYS AS ({expected}) STORED"
            )
            cursor.execute(printed, [TABLE])
            found = cursor.fetchall()
            cursor.execute(printed, ["pg_temp.lantern_audit_probe"])
            wanted = cursor.fetchall()
            transaction.set_rollback(True, using=connection.alias)
    except DatabaseError:
        return False
    return len(wanted) == 1 and wanted[0][0] == "s" and found == wanted


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector: a batch is tens of thousands of fresh tuples, and each
    collection would walk every object in the process (all of Django's) for no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- In this process ------------------------------------------------------------------


def _where(after: chain.Verdict, placeholder: str) -> tuple[str, list]:
    # Before the first event there is no lower bound, so rows numbered 0 or less are seen.
    if after.events == 0:
        return "", []
    return f" WHERE seq > {placeholder}", [after.events]


def _verify_here(
    connection, verdict: chain.Verdict, batch: int = BATCH, *, stored: bool = False
) -> chain.Verdict:
    vendor = connection.vendor
    exact = _exact_columns(vendor)
    # Events numbered other than 1..n (a stray event numbered 0, a gap) are for the exact
    # path to explain, from the start.
    summed = _numbered_from_one(connection) is not None
    with connection.cursor() as cursor, _no_gc():
        while True:
            if summed:
                verdict = _digest_batches(cursor, vendor, "%s", verdict, None, batch, stored)
            # The next batch, field by field: verify_rows names the first bad event, or
            # vouches for a batch the summary could not (then summaries carry on).
            where, params = _where(verdict, "%s")
            cursor.execute(_select(exact, where, batch), params)
            rows = cursor.fetchall()
            if not rows:
                return verdict
            continued = chain.verify_rows(rows, verdict)
            if not continued.ok or continued.events == verdict.events:
                return continued
            verdict = continued


# --- Across worker processes ----------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """How a worker process reaches the database: plain values only, no Django."""

    vendor: str
    params: dict[str, Any]
    stored: bool = False  # hash the stored encodings (see stored_encoding_in_force)


@dataclass(frozen=True)
class _Range:
    """What a worker found in one range of sequence numbers. ``ok`` means its events are
    consecutive from ``first_seq``, each links to the one before and has the right hash;
    the link into the range (``first_prev``) is checked when the ranges are joined."""

    ok: bool
    events: int = 0
    first_seq: int = 0
    first_prev: str = ""
    head_hash: str = ""


def _worker_count(connection, workers: int | None) -> int:
    if workers is not None and workers < 2:
        return 0
    if connection.in_atomic_block:
        return 0  # other connections would not see this transaction's events
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return 0
    elif connection.vendor != "postgresql":
        return 0
    if workers is not None:
        return workers
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def _source(connection, stored: bool = False) -> _Source:
    params = connection.get_connection_params()
    if connection.vendor == "sqlite":
        keep = {"database": params["database"], "uri": True, "timeout": params.get("timeout", 5)}
    else:
        plain = (str, int, float, bool, type(None))
        keep = {
            key: value
            for key, value in params.items()
            if isinstance(value, plain) and key != "prepare_threshold"
        }
    return _Source(connection.vendor, keep, stored)


def _plan(total: int, workers: int) -> list[tuple[int, int]]:
    """Ranges of sequence numbers covering 1..total, a few per worker to even out the load."""
    size = max(BATCH, math.ceil(total / (workers * 4)))
    return [(low, min(low + size - 1, total)) for low in range(1, total + 1, size)]


def _join(verdict: chain.Verdict, found: _Range) -> chain.Verdict | None:
    """The verdict continued over the next range, or None if it does not carry on exactly
    where ``verdict`` stopped (a worker's doubt, an empty range, a gap or a broken link)."""
    if not (
        found.ok
        and found.events > 0
        and found.first_seq == verdict.events + 1
        and found.first_prev == verdict.head_hash
    ):
        return None
    return chain.Verdict(True, verdict.events + found.events, None, "", found.head_hash)


def _numbered_from_one(connection) -> int | None:
    """How many events there are, if they are numbered 1 to that many (with no number
    twice, as the primary key ensures); None if not. Anything else (a stray event numbered
    0, a gap) is for the exact path to explain, from the start."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(seq), MAX(seq), COUNT(*), COUNT(seq) FROM {TABLE}")  # noqa: S608
        low, high, total, numbered = cursor.fetchone()
    if total == 0:
        return 0
    if type(low) is not int or type(high) is not int or (low, high, numbered) != (1, total, total):
        return None
    return total


def _start_method() -> str:
    """fork where it is safe, spawn elsewhere. Forking a process that runs other threads
    can copy a lock another thread holds and deadlock the child, so only a single-threaded
    caller (the command line, a task worker) forks; forking saves starting and importing a
    fresh interpreter per worker (about 0.1 s). The workers never touch the connections
    they inherit: each opens its own, and leaves through os._exit."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _verify_parallel(
    connection, workers: int, *, force: bool, stored: bool = False
) -> tuple[chain.Verdict, bool]:
    """Returns the verdict over the ranges that held, and whether that covers the log."""
    total = _numbered_from_one(connection)
    if total == 0:
        return chain.EMPTY, True
    if total is None:
        return chain.EMPTY, False
    if total < PARALLEL_MIN_EVENTS and not force:
        return chain.EMPTY, False
    source = _source(connection, stored)
    verdict = chain.EMPTY
    try:
        import multiprocessing

        context = multiprocessing.get_context(_start_method())
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            jobs = [pool.submit(_check_range, source, lo, hi) for lo, hi in _plan(total, workers)]
            for job in jobs:
                joined = _join(verdict, job.result())
                if joined is None:
                    for rest in jobs:
                        rest.cancel()
                    return verdict, False
                verdict = joined
    except Exception:  # no worker processes here: carry on in this process
        return verdict, False
    return verdict, verdict.events == total


def _connect(source: _Source):
    if source.vendor == "sqlite":
        import sqlite3

        return sqlite3.connect(**source.params), "?"
    import psycopg

    return psycopg.connect(autocommit=True, **source.params), "%s"


def _check_range(source: _Source, low: int, high: int, batch: int = BATCH) -> _Range:
    """In a worker process: check the events numbered low..high. Any error is reported as
    a range that did not hold; the caller then reads it again itself."""
    try:
        connection, mark = _connect(source)
    except Exception:
        return _Range(False)
    try:
        with _no_gc():
            return _digest_range(
                connection.cursor(), source.vendor, mark, low, high, batch, source.stored
            )
    except Exception:
        return _Range(False)
    finally:
        connection.close()


def _digest_range(
    cursor, vendor: str, mark: str, low: int, high: int, batch: int, stored: bool = False
) -> _Range:
    """The database hashes the range: first the event at ``low`` for the link into the
    range (checked on joining), then the rest in batches."""
    cursor.execute(f"SELECT prev_hash FROM {TABLE} WHERE seq = {mark}", (low,))  # noqa: S608
    row = cursor.fetchone()
    if row is None:
        cursor.execute(f"SELECT 1 FROM {TABLE} WHERE seq BETWEEN {mark} AND {mark}", (low, high))  # noqa: S608
        return _Range(cursor.fetchone() is None)  # an empty range, or doubt
    first_prev = row[0]
    if not isinstance(first_prev, str):
        return _Range(False)
    start = chain.Verdict(True, low - 1, None, "", first_prev)
    verdict = _digest_batches(cursor, vendor, mark, start, high, batch, stored)
    if verdict.events != high:
        # The log may end inside the range: only a range that holds to its last event, or
        # to the end of the log, is vouched for.
        rest = f"SELECT 1 FROM {TABLE} WHERE seq > {mark} AND seq <= {mark}"  # noqa: S608
        cursor.execute(rest, (verdict.events, high))
        if cursor.fetchone() is not None or verdict.events < low:
            return _Range(False)
    return _Range(True, verdict.events - low + 1, low, first_prev, verdict.head_hash)
