"""Benchmark: how fast ``lantern audit verify`` recomputes the hash chain, in full and after
the latest signed checkpoint (ADR 0013).

Builds a fresh database (an empty PostgreSQL database named by DATABASE_URL, for example
``postgres://postgres@127.0.0.1/audit_bench``; a temporary SQLite file when unset), writes a
chain of ``--events`` realistic audit events with their hashes, a signed checkpoint
``--tail`` events before the end, and measures

* value: Lantern's ``verify_chain()`` over the whole table, in events per second;
* baseline: the raw chained SHA-256 rate over exactly the bytes verify hashes (every event
  pre-encoded in memory, then ``sha256(encoded).hexdigest()`` in a loop), same run;
* ratio = value / baseline, goal >= 0.3: reading the rows, rebuilding every encoding in
  Python and checking the links may cost at most about three times the hashing itself;
* incremental: ``verify_chain(since_checkpoint=True)`` with the same ``--tail`` events after
  the latest checkpoint, on the chain of ``--events`` and on one of ``--big-events``; goal:
  the second takes at most 1.2 times the first (the cost grows with the new events, not
  with the chain). The longer chain is built in a second database (the first one's name
  with ``_big``, created if missing; a second SQLite file), so that the two are measured in
  alternate rounds, under the same load, each round in a fresh process.

Events are loaded in bulk with precomputed, valid hashes (COPY on PostgreSQL, with the
table's secondary indexes and unique constraints dropped during the load and built again
after it, as PostgreSQL's "Populating a Database" advises; the append-only triggers refuse
only UPDATE, DELETE and TRUNCATE, so they stay). The checkpoints are written by Lantern's
own service, each with its audit event. The last line printed is one JSON object.

    createdb audit_bench   # both databases must be empty: drop them before a new run
    DATABASE_URL=postgres://postgres@127.0.0.1/audit_bench .venv/bin/python bench/audit_verify.py
    .venv/bin/python bench/audit_verify.py --events 20000 --big-events 80000   # SQLite, quick
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = 1_767_600_000  # 2026-01-05T08:00:00Z, in seconds since the epoch

# (weight, kind, action, object_type, details factory): a mix like a live deployment's log,
# where most events are reads of logged records and the rest are changes.
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


def generate(first: int, last: int, prev: str, seed: int) -> Iterator[tuple[tuple, bytes]]:
    """Yield (row, encoded) for events ``first``..``last`` continuing a chain whose head
    hash is ``prev``. The row's time is text as chain.format_time writes it, which
    PostgreSQL reads as a timestamptz. The random choices are drawn with numpy a chunk at a
    time and details come from a pool of variants per action, so that the loop only
    formats and hashes: millions of events take a minute or so."""
    import numpy as np

    from lantern.audit import chain

    rng = random.Random(seed)
    draw = np.random.default_rng(seed)
    kinds, names, types, pools, weights = [], [], [], [], []
    for weight, kind, action, object_type, details_of in _actions(rng):
        kinds.append(kind)
        names.append(action)
        types.append(object_type)
        pools.append(sorted({chain.canonical_details(details_of()) for _ in range(200)}))
        weights.append(weight)
    odds = np.array(weights) / sum(weights)
    users = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(400)]
    objects = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(50_000)]
    moment = (START + first * 9) * 1_000_000  # microseconds since the epoch
    sha256, version, day_of = hashlib.sha256, chain.VERSION.decode(), {}
    for low in range(first, last + 1, 100_000):
        top = min(low + 99_999, last)
        n = top - low + 1
        action = draw.choice(len(odds), size=n, p=odds).tolist()
        variant = draw.integers(0, 1 << 30, n).tolist()
        times = (moment + np.cumsum(draw.integers(1, 18_000_001, n))).tolist()
        system = (draw.random(n) < 0.03).tolist()
        user = draw.integers(0, len(users), n).tolist()
        known = (draw.random(n) < 0.8).tolist()
        target = draw.integers(0, len(objects), n).tolist()
        fresh = draw.bytes(16 * n)
        moment = times[-1]
        for i, seq in enumerate(range(low, top + 1)):
            a = action[i]
            second, micro = divmod(times[i], 1_000_000)
            if seq % 50_000 == 0:  # now and then a whole second, stored without a fraction
                micro = 0
            day, rest = divmod(second, 86_400)
            if day not in day_of:
                day_of[day] = time.strftime("%Y-%m-%d", time.gmtime(day * 86_400))
            hour, rest = divmod(rest, 3600)
            at = f"{day_of[day]}T{hour:02d}:{rest // 60:02d}:{rest % 60:02d}.{micro:06d}Z"
            actor = "system" if system[i] else users[user[i]]
            if known[i]:
                object_id = objects[target[i]]
            else:
                object_id = str(uuid.UUID(bytes=fresh[16 * i : 16 * i + 16], version=4))
            pool = pools[a]
            details = pool[variant[i] % len(pool)]
            kind, name, object_type = kinds[a], names[a], types[a]
            fields = (version, str(seq), at, kind, actor, name, object_type, object_id, details)
            encoded = "\n".join((*fields, prev)).encode()
            digest = sha256(encoded).hexdigest()
            yield (
                (seq, at, kind, actor, name, object_type, object_id, details, prev, digest),
                encoded,
            )
            prev = digest


COLUMNS = (
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


def load(rows: Iterator[tuple]) -> int:
    """Bulk insert in one transaction; returns how many rows."""
    from django.db import connection

    from lantern.audit.models import AuditEvent

    table = AuditEvent._meta.db_table
    count = 0
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        # Stored as Django stores it: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 10)})"  # noqa: S608
        cursor = raw.cursor()
        cursor.execute("PRAGMA cache_size = -1000000")
        cursor.execute("BEGIN")
        batch: list[tuple] = []
        for row in rows:
            at = row[1]
            stored = (
                f"{at[:10]} {at[11:19]}" if at.endswith(".000000Z") else f"{at[:10]} {at[11:26]}"
            )
            batch.append((row[0], stored, *row[2:]))
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        cursor.executemany(sql, batch)
        count += len(batch)
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA cache_size = -2000")
        return count
    with raw.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname"
            " NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    raw.commit()
    with raw.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    return count


def head() -> tuple[int, str]:
    from lantern.audit.models import AuditEvent

    return AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first() or (0, "0" * 64)


def extend(last: int, tail: int, seed: int, keep: list[bytes] | None = None) -> float:
    """Grow the chain to ``last`` events: bulk-load up to ``tail`` events before it, sign a
    checkpoint there through Lantern's service (its own event follows), load the rest.
    ``keep``: a list to collect the loaded events' encodings in. Returns the seconds."""
    from lantern.audit.services import audit_checkpoint_create
    from lantern.core.actor import SYSTEM

    def loaded(first: int, top: int, prev: str, part_seed: int) -> Iterator[tuple]:
        for row, encoded in generate(first, top, prev, part_seed):
            if keep is not None:
                keep.append(encoded)
            yield row

    start = time.perf_counter()
    seq, prev = head()
    load(loaded(seq + 1, last - tail, prev, seed))
    checkpoint = audit_checkpoint_create(actor=SYSTEM)
    assert checkpoint is not None and checkpoint.seq == last - tail
    seq, prev = head()
    load(loaded(seq + 1, last, prev, seed + 1))
    return time.perf_counter() - start


def best(function, repeat: int) -> tuple[float, object]:
    result, seconds = None, float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, result


def time_baseline(encoded: list[bytes]) -> tuple[float, str]:
    """Raw chained SHA-256: exactly the bytes verify hashes, already in memory."""
    from hashlib import sha256

    gc.collect()
    h = ""
    start = time.perf_counter()
    for enc in encoded:
        h = sha256(enc).hexdigest()
    return time.perf_counter() - start, h


def tamper_check(target: int) -> dict:
    """Alter one event before the latest checkpoint behind the triggers' back, as someone
    with database access would: a full verify names it; --since-checkpoint, which trusts
    the checkpoint, does not see it (ADR 0013). The event is then put back."""
    from django.db import connection

    from lantern.audit import triggers
    from lantern.audit.models import AuditEvent
    from lantern.audit.verify import verify_chain

    table = AuditEvent._meta.db_table
    original = AuditEvent.objects.get(seq=target).details

    def set_details(value: str) -> None:
        triggers.drop(connection)
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET details = %s WHERE seq = %s",  # noqa: S608
                    [value, target],
                )
        finally:
            triggers.create(connection)

    set_details('{"data_class":"public","purpose":"view"}')
    try:
        start = time.perf_counter()
        full = verify_chain()
        seconds = time.perf_counter() - start
        since = verify_chain(since_checkpoint=True)
    finally:
        set_details(original)
    if full.ok or full.first_bad_seq != target:
        raise SystemExit(f"altered event {target} but verify said {full}")
    if not since.ok:
        raise SystemExit(f"--since-checkpoint looked before the checkpoint: {since}")
    print(
        f"tamper check   altered event {target:,}: verify named {full.first_bad_seq:,}"
        f" ({full.reason}) in {seconds:.2f} s; --since-checkpoint did not look there"
    )
    return {"altered_seq": target, "reported_seq": full.first_bad_seq, "seconds": round(seconds, 3)}


def _prepare_database() -> None:
    from django.core.management import call_command

    from lantern.audit.models import AuditEvent

    call_command("migrate", verbosity=0)
    if AuditEvent.objects.exists():
        raise SystemExit("the audit table is not empty; point DATABASE_URL at a fresh database")


def _since(repeat: int, tail: int) -> tuple[float, int]:
    """Best of ``repeat`` runs of verify --since-checkpoint, checked; (seconds, events)."""
    from lantern.audit.verify import verify_chain

    seconds, verdict = best(lambda: verify_chain(since_checkpoint=True), repeat)
    total, _ = head()
    if not (verdict.ok and verdict.events == total and verdict.since_seq == total - tail):
        raise SystemExit(f"--since-checkpoint disagrees with the chain written: {verdict}")
    return seconds, total


def _big_database_url(url: str, var_dir: Path) -> str:
    """The longer chain's database: the same server with ``_big`` after the name (created
    here if missing), or a second SQLite file."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"sqlite:///{var_dir / 'big.sqlite3'}"
    name = connection.settings_dict["NAME"] + "_big"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    base, _, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def _child(mode: str, url: str, args: argparse.Namespace) -> dict:
    """Run this script on another database (the longer chain), for one ``mode``."""
    command = [sys.executable, __file__, f"--child={mode}", *_passed(args)]
    run = subprocess.run(
        command, env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True
    )
    if run.returncode:
        raise SystemExit(f"{mode} on {url} failed:\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _passed(args: argparse.Namespace) -> list[str]:
    return [
        f"--big-events={args.big_events}",
        f"--tail={args.tail}",
        f"--repeat-since={args.repeat_since}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="chain length")
    parser.add_argument("--big-events", type=int, default=4_000_000, help="the longer chain")
    parser.add_argument("--tail", type=int, default=10_000, help="events after the checkpoint")
    parser.add_argument("--repeat", type=int, default=3, help="full verifications")
    parser.add_argument(
        "--repeat-since", type=int, default=5, help="incremental verifications per round"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of incremental ones")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--no-incremental",
        dest="incremental",
        action="store_false",
        help="skip the longer chain",
    )
    parser.add_argument("--child", choices=["build", "since"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.child:
        import django

        django.setup()
        if args.child == "build":
            _prepare_database()
            built = extend(args.big_events, args.tail, seed=2027)
            print(json.dumps({"events": head()[0], "seconds": built}))
        else:
            seconds, events = _since(args.repeat_since, args.tail)
            print(json.dumps({"events": events, "seconds": seconds}))
        return 0

    var_dir = Path(tempfile.mkdtemp(prefix="lantern-bench-audit-"))
    os.environ["LANTERN_VAR_DIR"] = str(var_dir)  # the children sign with the same key
    try:
        import django

        django.setup()
        from django.db import connection

        from lantern.audit.verify import verify_chain

        _prepare_database()
        encoded: list[bytes] = []
        built = extend(args.events, args.tail, seed=2026, keep=encoded)
        total, head_hash = head()
        size = sum(len(e) for e in encoded)
        print(f"database       {connection.vendor} ({connection.settings_dict['NAME']})")
        print(
            f"chain          {total:,} events, {size / len(encoded):.0f} bytes encoded on"
            f" average, a signed checkpoint {args.tail:,} events before the end; built and"
            f" loaded in {built:.1f} s"
        )

        # Interleaved, best of --repeat each: Lantern, then the baseline.
        lantern_s = baseline_s = float("inf")
        for _ in range(args.repeat):
            seconds, verdict = best(verify_chain, 1)
            if not (verdict.ok and verdict.events == total and verdict.head_hash == head_hash):
                raise SystemExit(f"verify_chain() disagrees with the chain written: {verdict}")
            lantern_s = min(lantern_s, seconds)
            seconds, _ = time_baseline(encoded)
            baseline_s = min(baseline_s, seconds)
        baseline = len(encoded) / baseline_s
        value = total / lantern_s
        ratio = value / baseline
        print(f"lantern        verify_chain(): {lantern_s:.3f} s, {value:,.0f} events/s")
        print(f"baseline       raw chained sha256: {baseline_s:.3f} s, {baseline:,.0f} events/s")
        print(f"ratio          {ratio:.3f} (goal >= 0.3)")
        tamper = tamper_check((total - args.tail) // 2 + 7)
        del encoded
        gc.collect()

        incremental = None
        if args.incremental and args.big_events > total:
            # The longer chain lives in a second database, so that the two are measured in
            # turn, under the same load: alternate rounds, the best of each kept.
            big_url = _big_database_url(os.environ.get("DATABASE_URL", ""), var_dir)
            grown = _child("build", big_url, args)
            print(
                f"longer chain   {grown['events']:,} events, built and loaded in"
                f" {grown['seconds']:.1f} s"
            )
            small_url = os.environ.get("DATABASE_URL") or (
                f"sqlite:///{connection.settings_dict['NAME']}"
            )
            small_s = big_s = float("inf")
            for _ in range(args.rounds):  # each in a fresh process, like the command
                small_s = min(small_s, _child("since", small_url, args)["seconds"])
                big_s = min(big_s, _child("since", big_url, args)["seconds"])
            print(
                f"incremental    {args.tail:,} events after the latest checkpoint:"
                f" {small_s * 1000:.1f} ms on {total:,} events,"
                f" {big_s * 1000:.1f} ms on {grown['events']:,};"
                f" ratio {big_s / small_s:.3f} (goal <= 1.2)"
            )
            incremental = {
                "tail": args.tail,
                "small_events": total,
                "small_seconds": round(small_s, 4),
                "big_events": grown["events"],
                "big_seconds": round(big_s, 4),
                "ratio": round(big_s / small_s, 4),
                "goal": "<= 1.2",
            }
        print(
            json.dumps(
                {
                    "name": "audit_verify",
                    "value": round(value),
                    "baseline": round(baseline),
                    "ratio": round(ratio, 4),
                    "goal": ">= 0.3",
                    "unit": "events/s",
                    "events": total,
                    "database": connection.vendor,
                    "lantern_seconds": round(lantern_s, 4),
                    "baseline_seconds": round(baseline_s, 4),
                    "bytes_per_event": round(size / total, 1),
                    "incremental": incremental,
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
