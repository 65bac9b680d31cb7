"""Recomputing the audit chain from the database, in bounded memory (ADR 0013).

One path: the table is read in ``seq`` order a batch at a time, and ``chain.verify_rows``
rebuilds every event's encoding from its columns in Python, hashes it and checks the link
to the event before; it names the first bad event and why. The database only gives each
event's time as ``chain.format_time`` writes it (``TIME_SQL``), so that no datetime is
built in Python.

On a long stretch of events, outside a transaction, ranges of sequence numbers are checked
in worker processes, each on its own connection and assuming the link into its range; the
ranges are then joined in order (``join``), which checks those links and any numbers
missing between ranges. The verdict is the one ``verify_rows`` gives over the same events.
A worker that fails leaves the rest to this process.

Signed checkpoints (``lantern.audit.checkpoints``) let a check start after the latest one
(``since_checkpoint``); a full check also checks every checkpoint. Workers import this
module without setting Django up, so Django and the models are imported lazily.
"""

from __future__ import annotations

import gc
import itertools
import logging
import math
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from lantern.audit import chain

logger = logging.getLogger(__name__)

TABLE = "audit_auditevent"
BATCH = 10_000
# Below this many events to check, worker processes cost more than they save.
PARALLEL_MIN_EVENTS = 200_000
MAX_WORKERS = 4
RANGE = 50_000  # the most events one worker checks at a time

# chain.format_time of occurred_at. PostgreSQL: the format lantern_audit_append hashes
# (audit migration 0003). SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, as text, with
# no fraction on a whole second; it is normalised by bytes, because SQLite's text functions
# stop at a NUL, which would let whatever follows one change unseen.
TIME_SQL = {
    "postgresql": ("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"),
    "sqlite": (
        "substr(CAST(occurred_at AS BLOB), 1, 10) || 'T' || substr(CAST(occurred_at AS BLOB), 12)"
        " || CASE WHEN length(CAST(occurred_at AS BLOB)) = 19 THEN '.000000Z' ELSE 'Z' END"
    ),
}


def columns(vendor: str) -> str:
    """The columns as ``chain.verify_rows`` takes them, in its order."""
    if vendor not in TIME_SQL:
        raise RuntimeError(f"the audit log needs SQLite or PostgreSQL, not {vendor}")
    return (
        f"seq, {TIME_SQL[vendor]}, kind, actor, action, object_type, object_id, details,"
        " prev_hash, hash"
    )


def read(
    cursor, vendor: str, mark: str, after: int, high: int | None = None, batch: int = BATCH
) -> Iterator[list[tuple]]:
    """The events numbered above ``after`` (from the very first, numbers below one
    included, when ``after`` is 0) and up to ``high``, in ``seq`` order, a batch at a
    time, from one query on the driver's own cursor (``mark``: its placeholder).
    PostgreSQL streams the rows (psycopg's ``stream``), so the server reads and formats
    the next rows while these are checked; SQLite steps through them as they are fetched.
    """
    conditions, params = [], []
    if after:
        conditions.append(f"seq > {mark}")
        params.append(after)
    if high is not None:
        conditions.append(f"seq <= {mark}")
        params.append(high)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT {columns(vendor)} FROM {TABLE}{where} ORDER BY seq"  # noqa: S608
    if vendor != "postgresql":
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            yield rows
        return
    import psycopg

    # The rows arrive in chunks of ``batch`` with libpq 17 or later, one by one before.
    stream = cursor.stream(sql, params, size=batch if psycopg.pq.version() >= 170000 else 1)
    try:
        while rows := list(itertools.islice(stream, batch)):
            yield rows
    finally:
        # Stopped early (at a break in the chain), psycopg cancels the query; inside a
        # transaction that would abort it, so the rest is read instead.
        if not cursor.connection.autocommit:
            for _ in stream:
                pass


def check(batches: Iterable[list[tuple]], start: chain.Verdict) -> chain.Verdict:
    """``chain.verify_rows`` over the batches, continuing ``start``; stops at a break."""
    verdict = start
    with _no_gc():
        for rows in batches:
            verdict = chain.verify_rows(rows, verdict)
            if not verdict.ok:
                break
    return verdict


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector: a batch is thousands of fresh tuples, and each collection
    would walk every object in the process for no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def verify_chain(
    using: str = "default", *, since_checkpoint: bool = False, workers: int | None = None
) -> chain.Verdict:
    """Recompute the chain: every event, then every signed checkpoint; or, with
    ``since_checkpoint``, the latest checkpoint and the events after it only (the whole
    chain when there is none). ``workers``: processes to spread a long stretch over; by
    default one per CPU (at most MAX_WORKERS) from PARALLEL_MIN_EVENTS events to check; 0
    or 1 to stay in this process."""
    from django.db import connections

    from lantern.audit import checkpoints

    connection = connections[using]
    start, checked = chain.EMPTY, 0
    if since_checkpoint:
        latest = checkpoints.latest(using=using)
        if latest is not None:
            failed = checkpoints.check(latest, using=using)
            if failed is not None:
                return failed
            start = chain.Verdict(True, latest.seq, None, "", latest.head_hash, latest.seq)
            checked = 1
    verdict = replace(verify_events(connection, start, workers), since_seq=start.events)
    if not verdict.ok or since_checkpoint:
        return replace(verdict, checkpoints=checked)
    return checkpoints.check_all(verdict, using=using)


def verify_events(
    connection, start: chain.Verdict = chain.EMPTY, workers: int | None = None
) -> chain.Verdict:
    """Check the events after ``start`` (an ok verdict) to the end of the log, on the
    driver's own connection under ``connection`` (so inside its transaction, if any)."""
    connection.ensure_connection()
    vendor = connection.vendor
    mark = "%s" if vendor == "postgresql" else "?"
    cursor = connection.connection.cursor()
    try:
        where, params = (f" WHERE seq > {mark}", [start.events]) if start.events else ("", [])
        cursor.execute(f"SELECT MIN(seq), MAX(seq) FROM {TABLE}{where}", params)  # noqa: S608
        low, high = cursor.fetchone()
        if low is None:
            return start
        count = _worker_count(connection, workers)
        enough = PARALLEL_MIN_EVENTS if workers is None else 1
        # Events numbered below one are for verify_rows to name, in this process.
        if count >= 2 and low >= 1 and high - start.events >= enough:
            start, complete = _in_workers(_source(connection), start, high, count)
            if complete or not start.ok:
                return start
        return check(read(cursor, vendor, mark, start.events), start)
    finally:
        cursor.close()


# --- Across worker processes ----------------------------------------------------------


@dataclass(frozen=True)
class Stretch:
    """What a worker found in the range of numbers from ``low``: the first event's number
    and previous hash (None and "" for an empty range), and the verdict of verify_rows over
    the range, assuming the link into it (``join`` checks it)."""

    low: int
    first_seq: int | None
    first_prev: str
    verdict: chain.Verdict


def check_stretch(cursor, vendor: str, mark: str, low: int, high: int) -> Stretch:
    batches = read(cursor, vendor, mark, low - 1, high)
    first = next(batches, None)
    if not first:
        return Stretch(low, None, "", chain.Verdict(True, low - 1))
    seq, prev = first[0][0], first[0][8]
    assumed = chain.Verdict(True, low - 1, None, "", prev)
    return Stretch(low, seq, prev, check(itertools.chain([first], batches), assumed))


def join(verdict: chain.Verdict, stretch: Stretch) -> chain.Verdict:
    """``verdict`` (ok, over the events before ``stretch.low``) continued over the next
    range: exactly what verify_rows gives over both."""
    if stretch.first_seq is None:
        return verdict
    expected = verdict.events + 1
    if expected != stretch.low or stretch.first_seq != stretch.low:
        reason = f"sequence gap: expected {expected}, found {stretch.first_seq}"
        return chain.Verdict(False, verdict.events, expected, reason, verdict.head_hash)
    if stretch.first_prev != verdict.head_hash:
        reason = "previous hash does not match the event before"
        return chain.Verdict(False, verdict.events, expected, reason, verdict.head_hash)
    return stretch.verdict


@dataclass(frozen=True)
class Source:
    """How a worker process reaches the database: plain values only, no Django."""

    vendor: str
    params: dict[str, Any]


def _worker_count(connection, workers: int | None) -> int:
    if workers is not None and workers < 2:
        return 0
    if connection.in_atomic_block:
        return 0  # other connections would not see this transaction's events
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 0
    if workers is not None:
        return workers
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def plan(low: int, high: int, workers: int) -> list[tuple[int, int]]:
    """Ranges covering low..high: at least two per worker, at most RANGE events each, so
    that the work evens out and little is left running after a break is found."""
    size = max(BATCH, min(RANGE, math.ceil((high - low + 1) / (workers * 2))))
    return [(start, min(start + size - 1, high)) for start in range(low, high + 1, size)]


def _in_workers(
    source: Source, start: chain.Verdict, high: int, workers: int
) -> tuple[chain.Verdict, bool]:
    """The verdict over the ranges checked, and whether they are all checked (False when
    a worker failed: this process then carries on from that verdict)."""
    import multiprocessing

    context = multiprocessing.get_context(_start_method())
    verdict = start
    try:
        pool = ProcessPoolExecutor(workers, mp_context=context)
    except (OSError, ValueError):
        logger.warning("audit verify: no worker processes here", exc_info=True)
        return verdict, False
    try:
        jobs: list[Future] = [
            pool.submit(check_in_worker, source, low, top)
            for low, top in plan(start.events + 1, high, workers)
        ]
        for job in jobs:
            verdict = join(verdict, job.result())
            if not verdict.ok:
                break
    except Exception:
        logger.warning("audit verify: a worker failed; carrying on here", exc_info=True)
        return verdict, False
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return verdict, True


def _source(connection) -> Source:
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
    return Source(connection.vendor, keep)


def _start_method() -> str:
    """fork where it is safe, spawn elsewhere. Forking a process that runs other threads
    can copy a lock another thread holds and deadlock the child, so only a single-threaded
    caller (the command line, a task worker) forks. The workers never touch the
    connections they inherit: each opens its own."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def check_in_worker(source: Source, low: int, high: int) -> Stretch:
    """In a worker process: check the events numbered low..high."""
    if source.vendor == "sqlite":
        import sqlite3

        connection: Any = sqlite3.connect(**source.params)
        mark = "?"
    else:
        import psycopg

        connection = psycopg.connect(autocommit=True, **source.params)
        mark = "%s"
    try:
        return check_stretch(connection.cursor(), source.vendor, mark, low, high)
    finally:
        connection.close()
