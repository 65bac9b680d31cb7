"""The canonical encoding of an audit event and the SHA-256 chain over it.

The encoding is a version tag and the fields joined by newlines. No field may contain a
newline: identifiers are checked on the way in, and ``details`` is JSON with sorted keys
and ASCII escapes, which never contains a raw control character. The encoding is
therefore unambiguous, and cheap enough that verification is close to the raw hash rate.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
VERSION = b"lantern-audit-v1"


def canonical_details(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def format_time(moment: datetime) -> str:
    """UTC, microseconds, fixed width: 2026-11-27T21:50:46.123456Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def encode(
    seq: int,
    occurred_at: str,
    kind: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    details: str,
    prev_hash: str,
) -> bytes:
    return b"\n".join(
        (
            VERSION,
            str(seq).encode(),
            occurred_at.encode(),
            kind.encode(),
            actor.encode(),
            action.encode(),
            object_type.encode(),
            object_id.encode(),
            details.encode(),
            prev_hash.encode(),
        )
    )


def digest(encoded: bytes) -> str:
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class Row:
    """An event as read back from the database, ``occurred_at`` already formatted."""

    seq: int
    occurred_at: str
    kind: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str = ""
    head_hash: str = GENESIS

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "first_bad_seq": self.first_bad_seq,
            "reason": self.reason,
            "head_hash": self.head_hash,
        }


def verify_rows(rows: Iterable[tuple]) -> Verdict:
    """Check rows in ``seq`` order. Each row is (seq, occurred_at, kind, actor, action,
    object_type, object_id, details, prev_hash, hash) with occurred_at formatted.

    Detects an altered event (its hash no longer matches its fields), a deleted event (a
    gap in ``seq`` or a broken link) and an inserted one (a broken link or a bad hash).
    """
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    sha = hashlib.sha256
    for seq, at, kind, actor, action, otype, oid, details, prev, stored in rows:
        if seq != expected_seq:
            return Verdict(False, count, expected_seq if seq > expected_seq else seq,
                           f"sequence gap: expected {expected_seq}, found {seq}", expected_prev)
        if prev != expected_prev:
            return Verdict(False, count, seq, "previous hash does not match the event before",
                           expected_prev)
        encoded = b"\n".join((
            VERSION, str(seq).encode(), at.encode(), kind.encode(), actor.encode(),
            action.encode(), otype.encode(), oid.encode(), details.encode(), prev.encode(),
        ))
        if sha(encoded).hexdigest() != stored:
            return Verdict(False, count, seq, "hash does not match the event's contents",
                           expected_prev)
        expected_prev = stored
        expected_seq += 1
        count += 1
    return Verdict(True, count, None, "", expected_prev)


def iter_formatted(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Turn database rows whose time is a datetime (PostgreSQL) into formatted rows."""
    for row in rows:
        at = row[1]
        if isinstance(at, datetime):
            yield (row[0], format_time(at), *row[2:])
        else:
            yield row
