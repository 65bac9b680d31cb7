"""The canonical encoding of an audit event and the SHA-256 chain over it.

The encoding is a version tag and the fields joined by newlines. No field may contain a
newline: identifiers are checked on the way in, and ``details`` is JSON with sorted keys
and ASCII escapes, which never contains a raw control character. The encoding is
therefore unambiguous.

Two ways to check a chain, with the same verdicts:

* ``verify_rows`` takes events field by field and checks them one at a time. It is the
  reference, and it names the first bad event and why.
* ``verify_digested`` takes a batch that the database summed up (see
  ``lantern.audit.verify``): how many events, their numbers, how many hash to their stored
  hash (counted by the database, or by ``hashed_here`` from the encodings the database
  built), and the links. It only ever says "this batch continues the chain" or "cannot
  tell"; on "cannot tell" the caller runs ``verify_rows`` over the same events, so a
  verdict against the chain always comes from ``verify_rows``.

Truncating the tail of the log leaves a valid, shorter chain: a verdict cannot see events
that are gone. ``Verdict.head_hash`` is the hash of the last event verified; comparing it
with a head recorded outside the database (an export, a ticket, a monitoring log) detects
that: after truncation the head is an older event's.
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
# The fields after VERSION, in encoding order. The database builds the same bytes from
# these columns (lantern.audit.verify); keep the two in step.
FIELDS = (
    "seq",
    "occurred_at",
    "kind",
    "actor",
    "action",
    "object_type",
    "object_id",
    "details",
    "prev_hash",
)


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


EMPTY = Verdict(True, 0)


def _continuing(after: Verdict | None) -> Verdict:
    verdict = EMPTY if after is None else after
    if not verdict.ok:
        raise ValueError("cannot continue a chain that did not verify")
    return verdict


def verify_rows(rows: Iterable[tuple], after: Verdict | None = None) -> Verdict:
    """Check rows in ``seq`` order. Each row is (seq, occurred_at, kind, actor, action,
    object_type, object_id, details, prev_hash, hash) with occurred_at formatted.

    Detects an altered event (its hash no longer matches its fields), a deleted event (a
    gap in ``seq`` or a broken link) and an inserted one (a broken link or a bad hash). ``after``, an ok verdict over the events before these
    rows, continues from where it stopped; by default the rows start at event 1.
    """
    start = _continuing(after)
    count = start.events
    expected_prev = start.head_hash
    expected_seq = count + 1
    sha = hashlib.sha256
    for seq, at, kind, actor, action, otype, oid, details, prev, stored in rows:
        if seq != expected_seq:
            # Before the expected number (only at the start: a stray event numbered 0 or
            # less), name that event; after it, name the missing number.
            earlier = isinstance(seq, int | float) and seq < expected_seq
            return Verdict(
                False,
                count,
                seq if earlier else expected_seq,
                f"sequence gap: expected {expected_seq}, found {seq}",
                expected_prev,
            )
        if prev != expected_prev:
            return Verdict(
                False, count, seq, "previous hash does not match the event before", expected_prev
            )
        encoded = encode(seq, at, kind, actor, action, otype, oid, details, prev)
        if sha(encoded).hexdigest() != stored:
            return Verdict(
                False, count, seq, "hash does not match the event's contents", expected_prev
            )
        expected_prev = stored
        expected_seq += 1
        count += 1
    return Verdict(True, count, None, "", expected_prev)


# Between encodings when a database hands a batch over in one value: the ASCII record
# separator, which canonical JSON escapes and which no identifier written by Lantern holds.
# An event that does hold one splits in two, and its batch is checked field by field.
SEPARATOR = b"\x1e"


def hashed_here(joined: object, count: object, hashes: object) -> int:
    """Hash the encodings of a batch, ``joined`` by SEPARATOR, in one pass. Returns
    ``count`` if there are that many and each one's SHA-256 is its stored hash (``hashes``,
    joined by newlines in the same order) and the encodings are UTF-8 text; otherwise 0,
    for ``verify_digested`` to turn down."""
    if not (isinstance(joined, bytes) and isinstance(hashes, str) and type(count) is int):
        return 0
    pieces = joined.split(SEPARATOR)
    if len(pieces) != count:
        return 0
    if not joined.isascii():
        # SEPARATOR is ASCII, so no character can straddle two encodings: the batch
        # decodes as UTF-8 iff each encoding does, as verify_rows needs.
        try:
            joined.decode()
        except UnicodeDecodeError:
            return 0
    # The digests joined as the stored hashes are: equal iff each stored hash is its
    # event's digest. (A list comprehension calling hexdigest() directly measured faster
    # than chains of map() with joins and hexlify().)
    sha256 = hashlib.sha256
    computed = "\n".join([sha256(piece).hexdigest() for piece in pieces])
    return count if computed == hashes else 0


def verify_digested(
    after: Verdict | None,
    first: int,
    count: int,
    seqs: object,
    hashed: object,
    prev_hashes: object,
    hashes: object,
) -> Verdict | None:
    """Check a batch of consecutive events that the database hashed itself.

    The database read the events numbered from ``first`` and gave back: how many there are
    (``count``), their ``seq`` values joined by commas in the order it read them, how many
    of them have a stored hash equal to the SHA-256 of their encoding (``hashed``), and
    their previous hashes and hashes, each joined by newlines in that same order. Returns
    the verdict continued over the batch when every event provably continues the chain
    after ``after``; None when it cannot tell, and the caller then reads the events
    itself. It never names a bad event: ``verify_rows`` does.
    """
    start = _continuing(after)
    if not count:
        return None
    if first != start.events + 1 or type(count) is not int or hashed != count:
        return None
    if seqs != ",".join(map(str, range(first, first + count))):
        return None
    if not (isinstance(prev_hashes, str) and isinstance(hashes, str)):
        return None
    # Every stored hash is the digest of its event, so 64 hex digits; the database may
    # have compared case-blind, the chain does not.
    if len(hashes) != 65 * count - 1 or hashes != hashes.lower():
        return None
    expected_prev = start.head_hash if count == 1 else f"{start.head_hash}\n{hashes[:-65]}"
    if prev_hashes != expected_prev:
        return None
    return Verdict(True, start.events + count, None, "", hashes[-64:])


def iter_formatted(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Turn database rows whose time is a datetime (PostgreSQL) into formatted rows."""
    for row in rows:
        at = row[1]
        if isinstance(at, datetime):
            yield (row[0], format_time(at), *row[2:])
        else:
            yield row
