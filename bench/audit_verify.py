"""Benchmark: how fast ``lantern audit verify`` recomputes the hash chain.

Builds a fresh database (a temporary SQLite file unless DATABASE_URL names an empty
PostgreSQL database), writes a chain of N realistic audit events with their hashes, then
measures

* value: Lantern's ``verify_chain()`` over the whole table, in events per second;
* baseline: the raw chained SHA-256 rate over exactly the bytes verify hashes (every event
  pre-encoded in memory, then ``sha256(encoded).hexdigest()`` in a loop), same run.

The goal is a ratio of at least 0.5: reading, decoding and checking the chain may cost no
more than the hashing itself. The last line printed is one JSON object.

    .venv/bin/python bench/audit_verify.py                  # 1,000,000 events, SQLite
    .venv/bin/python bench/audit_verify.py --events 20000   # quick check
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (action, kind, object_type, details factory): a mix like a live deployment's log, where
# most events are reads of logged records and the rest are changes to cases and accounts.
DATA_CLASSES = ("personal", "special_category", "criminal_offence", "intelligence")
PURPOSES = ("view", "view", "view", "export", "print")
STATUSES = ("open", "triaged", "assigned", "in_progress", "closed")
ROLES = ("police_officer", "pcso", "council_officer", "support_worker", "analyst")


def _actions(rng: random.Random) -> list[tuple[int, str, str, str, object]]:
    return [
        (
            45,
            "access",
            "record.viewed",
            "case",
            lambda: {"data_class": rng.choice(DATA_CLASSES), "purpose": rng.choice(PURPOSES)},
        ),
        (
            12,
            "access",
            "record.viewed",
            "person",
            lambda: {"data_class": "special_category", "purpose": "view"},
        ),
        (
            10,
            "change",
            "case.updated",
            "case",
            lambda: {
                "fields": sorted(rng.sample(["status", "priority", "assignee", "tags"], 2)),
                "status": rng.choice(STATUSES),
            },
        ),
        (
            6,
            "change",
            "case.created",
            "case",
            lambda: {"channel": rng.choice(["web", "phone", "api"]), "priority": rng.randint(1, 4)},
        ),
        (6, "change", "case.note_added", "case", lambda: {"note": rng.randint(1, 40)}),
        (5, "change", "case.assigned", "case", lambda: {"team": rng.randint(1, 30)}),
        (6, "change", "account.signed_in", "user", lambda: {"method": "password+totp"}),
        (3, "change", "account.signed_out", "user", dict),
        (
            3,
            "change",
            "membership.granted",
            "membership",
            lambda: {"organisation": rng.randint(1, 12), "role": rng.choice(ROLES)},
        ),
        (
            2,
            "change",
            "document.uploaded",
            "document",
            lambda: {"bytes": rng.randint(1_000, 9_000_000), "type": "application/pdf"},
        ),
        (2, "change", "export.created", "export", lambda: {"rows": rng.randint(1, 5000)}),
    ]


def generate(n: int, seed: int = 2026):
    """Yield (db_row, encoded) for a valid chain of n events, seq 1..n."""
    from lantern.audit import chain

    rng = random.Random(seed)
    actions = _actions(rng)
    weights = [a[0] for a in actions]
    users = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(400)]
    objects = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(50_000)]
    moment = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    prev = chain.GENESIS
    picks = rng.choices(actions, weights=weights, k=n)
    for seq, (_, kind, action, object_type, details_of) in enumerate(picks, start=1):
        moment += timedelta(microseconds=rng.randint(1, 30_000_000))
        if seq % 50_000 == 0:  # now and then a whole second, stored without a fraction
            moment = moment.replace(microsecond=0)
        actor = "system" if rng.random() < 0.03 else rng.choice(users)
        object_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if rng.random() < 0.8:
            object_id = rng.choice(objects)
        details = chain.canonical_details(details_of())
        encoded = chain.encode(
            seq,
            chain.format_time(moment),
            kind,
            actor,
            action,
            object_type,
            object_id,
            details,
            prev,
        )
        digest = chain.digest(encoded)
        yield (
            (seq, moment, kind, actor, action, object_type, object_id, details, prev, digest),
            encoded,
        )
        prev = digest


def insert(rows: list[tuple]) -> None:
    """Bulk insert on the raw connection, in one transaction. The triggers only refuse
    UPDATE and DELETE, so INSERT is fine."""
    from django.db import connection

    from lantern.audit.models import AuditEvent

    table = AuditEvent._meta.db_table
    columns = (
        "seq",
        "occurred_at",
        "kind",
        "actor",
        "action",
        "object_type",
        "object_id",
        "details",
        "prev_hash",
        "hash",
    )
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        # Stored as Django stores it: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * 10)})"  # noqa: S608
        cursor = raw.cursor()
        # Four indexes over random keys: give the page cache room, or it thrashes.
        cursor.execute("PRAGMA cache_size = -1000000")
        cursor.execute("BEGIN")
        for start in range(0, len(rows), 50_000):
            cursor.executemany(
                sql,
                [
                    (r[0], str(r[1].replace(tzinfo=None)), *r[2:])
                    for r in rows[start : start + 50_000]
                ],
            )
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA cache_size = -2000")
    elif connection.vendor == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        raw.commit()
        with raw.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        raise SystemExit(f"unsupported database: {connection.vendor}")


def time_lantern(workers: int | None) -> tuple[float, object]:
    from lantern.audit.verify import verify_chain

    gc.collect()
    start = time.perf_counter()
    verdict = verify_chain(workers=workers)
    return time.perf_counter() - start, verdict


def time_baseline(encoded: list[bytes]) -> tuple[float, str]:
    """Raw chained SHA-256: exactly the bytes verify hashes, already in memory."""
    from hashlib import sha256

    gc.collect()
    h = ""
    start = time.perf_counter()
    for enc in encoded:
        h = sha256(enc).hexdigest()
    return time.perf_counter() - start, h


def tamper_check(events: int) -> tuple[int, object]:
    """Alter one event's details behind the triggers' back, as an attacker with database
    access would, and check that verify names it."""
    from django.db import connection

    from lantern.audit import triggers
    from lantern.audit.models import AuditEvent
    from lantern.audit.verify import verify_chain

    target = events // 2 + 7
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {AuditEvent._meta.db_table} SET details = %s WHERE seq = %s",  # noqa: S608
                ['{"purpose":"view","data_class":"public"}', target],
            )
    finally:
        triggers.create(connection)
    return target, verify_chain()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="chain length")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs each; best is kept")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--no-tamper-check",
        dest="tamper_check",
        action="store_false",
        help="skip altering one event afterwards to check verify names it",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    var_dir = Path(tempfile.mkdtemp(prefix="lantern-bench-audit-"))
    os.environ["LANTERN_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        from lantern.audit.models import AuditEvent

        if AuditEvent.objects.exists():
            raise SystemExit("the audit table is not empty; point DATABASE_URL at a fresh database")

        start = time.perf_counter()
        rows: list[tuple] = []
        encoded: list[bytes] = []
        for row, enc in generate(args.events):
            rows.append(row)
            encoded.append(enc)
        generated = time.perf_counter() - start
        start = time.perf_counter()
        insert(rows)
        inserted = time.perf_counter() - start
        head = rows[-1][-1]
        del rows
        gc.collect()
        size = sum(len(e) for e in encoded)
        print(f"database       {connection.vendor} ({connection.settings_dict['NAME']})")
        print(
            f"chain          {args.events:,} events, {size / args.events:.0f} bytes encoded "
            f"on average; built in {generated:.1f} s, inserted in {inserted:.1f} s"
        )

        # Interleaved, best of --repeat each: Lantern as deployed (worker processes on a
        # log this size when there are CPUs for them), Lantern in one process, the baseline.
        lantern_s = single_s = baseline_s = float("inf")
        for _ in range(args.repeat):
            for workers in (None, 0):
                seconds, verdict = time_lantern(workers)
                if not (verdict.ok and verdict.events == args.events and verdict.head_hash == head):
                    raise SystemExit(f"verify_chain() disagrees with the chain written: {verdict}")
                if workers is None:
                    lantern_s = min(lantern_s, seconds)
                else:
                    single_s = min(single_s, seconds)
            seconds, last = time_baseline(encoded)
            assert last == head
            baseline_s = min(baseline_s, seconds)
        value = args.events / lantern_s
        single = args.events / single_s
        baseline = args.events / baseline_s
        ratio = value / baseline
        print(f"lantern        verify_chain(): {lantern_s:.3f} s, {value:,.0f} events/s")
        print(f"  one process  verify_chain(workers=0): {single_s:.3f} s, {single:,.0f} events/s")
        print(f"baseline       raw chained sha256: {baseline_s:.3f} s, {baseline:,.0f} events/s")
        print(f"ratio          {ratio:.3f} (goal >= 0.5); one process {single / baseline:.3f}")
        tamper = None
        if args.tamper_check:
            start = time.perf_counter()
            target, verdict = tamper_check(args.events)
            tamper_s = time.perf_counter() - start
            if verdict.ok or verdict.first_bad_seq != target:
                raise SystemExit(f"altered event {target} but verify said {verdict}")
            tamper = {
                "altered_seq": target,
                "reported_seq": verdict.first_bad_seq,
                "seconds": round(tamper_s, 3),
            }
            print(
                f"tamper check   altered event {target:,}; verify named {verdict.first_bad_seq:,}"
                f" ({verdict.reason}) in {tamper_s:.2f} s"
            )
        print(
            json.dumps(
                {
                    "name": "audit_verify",
                    "value": round(value),
                    "baseline": round(baseline),
                    "ratio": round(ratio, 4),
                    "goal": ">= 0.5",
                    "unit": "events/s",
                    "events": args.events,
                    "database": connection.vendor,
                    "lantern_seconds": round(lantern_s, 4),
                    "baseline_seconds": round(baseline_s, 4),
                    "single_process_value": round(single),
                    "single_process_ratio": round(single / baseline, 4),
                    "bytes_per_event": round(size / args.events, 1),
                    "repeat": args.repeat,
                    "cpus": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                    "tamper_check": tamper,
                    "python": platform.python_version(),
                }
            )
        )
        connection.close()
    finally:
        if args.keep:
            print(f"kept {var_dir}", file=sys.stderr)
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
