"""Recomputing the audit chain from the database, in bounded memory (ADR 0013).

One path: the events are read in ``seq`` order by one query, and ``chain.verify_rows``
rebuilds every event's encoding from its columns in Python, hashes it and checks the link
to the event before, a batch at a time; it names the first bad event and why. The database
only gives each event's time as ``chain.format_time`` writes it (``TIME_SQL``), so that no
datetime is built in Python. PostgreSQL streams the rows, so it reads and formats the next
ones while Python checks these.

One process: worker processes checking ranges in parallel were measured on two CPUs and
were slower (ADR 0013); threads cannot help, since hashlib keeps the GIL for inputs this
short. Signed checkpoints (``lantern.audit.checkpoints``) bound the cost instead: a check
can start after the latest one (``since_checkpoint``); a full check also checks every
checkpoint.

The records a list access event names have a lookup row each (``AuditEventObject``, ADR
0020), outside the hash. Once the chain holds, ``check_named`` compares them with the ids in
each list event's (hashed) details, in ``seq`` order: a row added, altered or removed, or
one that points at an event that is not a list, breaks the verdict at that event.
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from lantern.audit import chain

TABLE = "audit_auditevent"
BATCH = 10_000

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


def verify_chain(using: str = "default", *, since_checkpoint: bool = False) -> chain.Verdict:
    """Recompute the chain: every event, then every signed checkpoint; or, with
    ``since_checkpoint``, the latest checkpoint and the events after it only (the whole
    chain when there is none)."""
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
    verdict = replace(verify_events(connection, start), since_seq=start.events)
    if verdict.ok:
        verdict = check_named(verdict, start.events, using=using)
    if not verdict.ok or since_checkpoint:
        return replace(verdict, checkpoints=checked)
    return checkpoints.check_all(verdict, using=using)


def verify_events(connection, start: chain.Verdict = chain.EMPTY) -> chain.Verdict:
    """Check the events after ``start`` (an ok verdict) to the end of the log, on the
    driver's own connection under ``connection`` (so inside its transaction, if any)."""
    connection.ensure_connection()
    vendor = connection.vendor
    mark = "%s" if vendor == "postgresql" else "?"
    cursor = connection.connection.cursor()
    try:
        return check(read(cursor, vendor, mark, start.events), start)
    finally:
        cursor.close()


def named_problem(after: int, using: str = "default") -> tuple[int, str] | None:
    """The first event after ``after`` whose lookup rows disagree with its details, and why;
    None when they all agree. Both sides are read in event order, a batch at a time."""
    from lantern.audit import catalogue
    from lantern.audit.models import AuditEvent, AuditEventObject

    events = (
        AuditEvent.objects.using(using)
        .filter(action=catalogue.RECORDS_LISTED, seq__gt=after)
        .order_by("seq")
        .values_list("seq", "object_type", "details")
        .iterator(chunk_size=BATCH)
    )
    rows = (
        AuditEventObject.objects.using(using)
        .filter(event_id__gt=after)
        .order_by("event_id", "object_type", "object_id")
        .values_list("event_id", "object_type", "object_id")
        .iterator(chunk_size=BATCH)
    )
    groups = ((seq, [row[1:] for row in group]) for seq, group in itertools.groupby(rows, _first))
    pending = next(groups, None)
    for seq, object_type, details in events:
        if pending is not None and pending[0] < seq:
            return pending[0], "lookup rows name records for an event that is not a list"
        ids = json.loads(details).get("ids")
        expected = sorted((object_type, str(i)) for i in ids) if isinstance(ids, list) else None
        found: list[tuple] = []
        if pending is not None and pending[0] == seq:
            found, pending = pending[1], next(groups, None)
        if found != expected:
            return seq, "the records its lookup rows name differ from the ids in its details"
    if pending is not None:
        return pending[0], "lookup rows name records for an event that is not a list"
    return None


def _first(row: tuple) -> int:
    return row[0]


def check_named(verdict: chain.Verdict, after: int, using: str = "default") -> chain.Verdict:
    """``verdict`` (the events after ``after`` hold), or a failed one naming the first list
    event whose lookup rows disagree with its details (the events before it hold)."""
    from lantern.audit.models import AuditEvent

    problem = named_problem(after, using=using)
    if problem is None:
        return verdict
    seq, reason = problem
    prev = AuditEvent.objects.using(using).filter(seq=seq).values_list("prev_hash", flat=True)
    return replace(
        verdict,
        ok=False,
        events=min(max(seq - 1, after), verdict.events),
        first_bad_seq=seq,
        reason=reason,
        head_hash=prev.first() or verdict.head_hash,
    )
