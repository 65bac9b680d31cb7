"""Writing to the audit log. Services call ``audit_record`` inside their own transaction, so
the audit row commits or rolls back with the change it describes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from lantern.audit import catalogue, chain, checkpoints
from lantern.audit.models import AuditCheckpoint, AuditEvent, AuditEventObject
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor
from lantern.core.dataclass import DataClass

# Keys that would carry raw personal data; details hold identifiers, codes and counts.
FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "full_name",
        "email",
        "phone",
        "address",
        "postcode",
        "date_of_birth",
        "dob",
        "description",
        "password",
        "token",
        "secret",
    }
)
# On PostgreSQL the append is one call to this function (migration audit 0003): it takes
# the chain's advisory lock, reads the head, hashes and inserts, in one round trip.
_PG_APPEND = "SELECT * FROM lantern_audit_append(%s, %s, %s, %s, %s, %s, %s)"
# A list access event and the rows naming its records in the same round trip: the rows are
# inserted by the statement that appends the event, so the chain's lock is held no longer.
_PG_APPEND_NAMING = (
    "WITH appended AS (SELECT * FROM lantern_audit_append(%s, %s, %s, %s, %s, %s, %s)),"
    " named AS (INSERT INTO audit_auditeventobject (event_id, object_type, object_id)"
    " SELECT appended.appended_seq, %s, ids.id FROM appended, unnest(%s::text[]) AS ids(id))"
    " SELECT * FROM appended"
)
# The most records one list access event names; a longer list is one event per this many.
LIST_MAX_IDS = 1000


def _check_field(name: str, value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"audit {name} may not contain a line break")
    return value


def _check_details(details: dict[str, Any]) -> str:
    bad = FORBIDDEN_DETAIL_KEYS.intersection(k.lower() for k in details)
    if bad:
        raise ValueError(f"audit details may not carry personal data: {sorted(bad)}")
    return chain.canonical_details(details)


def _prepare(
    *, actor: Actor, action: str, object_type: str, object_id: str, details: dict[str, Any]
) -> tuple[Any, str, str]:
    """Check an event before it is appended: (occurred_at, actor id, encoded details)."""
    if catalogue.get(action) is None:
        raise ValueError(f"audit action {action!r} is not in the catalogue")
    actor_id = _check_field("actor", actor.audit_id)
    _check_field("object_type", object_type)
    _check_field("object_id", object_id)
    return clock.now(), actor_id, _check_details(details)


def _append(
    *,
    kind: str,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    details: dict[str, Any],
    naming: list[str] | None = None,
) -> AuditEvent:
    """Append the next event to the chain, inside the caller's transaction; ``naming``: the
    ids of the records (of ``object_type``) a list event names, one lookup row each.

    Appenders are serialised until their transaction ends (ADR 0002), so call this as the
    last write of the transaction: the lock is then held only for this append and COMMIT.
    No savepoint: an append that fails fails the whole transaction, which must not commit
    without its audit row anyway."""
    occurred_at, actor_id, encoded_details = _prepare(
        actor=actor, action=action, object_type=object_type, object_id=object_id, details=details
    )
    on_postgresql = connection.vendor == "postgresql"
    with transaction.atomic(savepoint=False):
        if on_postgresql:
            params = [occurred_at, kind, actor_id, action, object_type, object_id, encoded_details]
            with connection.cursor() as cursor:
                if naming:
                    cursor.execute(_PG_APPEND_NAMING, [*params, object_type, naming])
                else:
                    cursor.execute(_PG_APPEND, params)
                seq, prev, event_hash = cursor.fetchone()
        else:
            # SQLite: every transaction begins IMMEDIATE (settings), so this connection
            # already holds the database's write lock and no other writer can move the head.
            head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
            seq, prev = (head[0] + 1, head[1]) if head else (1, chain.GENESIS)
            event_hash = chain.digest(
                chain.encode(
                    seq=seq,
                    occurred_at=chain.format_time(occurred_at),
                    kind=kind,
                    actor=actor_id,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    details=encoded_details,
                    prev_hash=prev,
                )
            )
        event = AuditEvent(
            seq=seq,
            occurred_at=occurred_at,
            kind=kind,
            actor=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=encoded_details,
            prev_hash=prev,
            hash=event_hash,
        )
        if on_postgresql:  # already stored by the function
            event._state.adding = False
            event._state.db = connection.alias
        else:
            event.save(force_insert=True)
            if naming:
                AuditEventObject.objects.bulk_create(
                    AuditEventObject(event_id=seq, object_type=object_type, object_id=named)
                    for named in naming
                )
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every > 0 and seq % every == 0:
            # Every AUDIT_CHECKPOINT_EVERY events the head is signed in the same transaction
            # (an Ed25519 signature costs tens of microseconds), so a checkpoint commits or
            # rolls back with the event it covers.
            _checkpoint(actor=SYSTEM, seq=seq, head_hash=event_hash, signed_at=occurred_at)
        return event


def _checkpoint(*, actor: Actor, seq: int, head_hash: str, signed_at: datetime) -> AuditCheckpoint:
    """Sign and store a checkpoint of event ``seq``, with its own audit event (the next
    one, so the checkpoint never covers its own event)."""
    checkpoint = checkpoints.signed(seq=seq, head_hash=head_hash, signed_at=signed_at)
    checkpoint.save(force_insert=True)
    audit_record(
        actor=actor,
        action=catalogue.AUDIT_CHECKPOINT_SIGNED,
        object_type="audit_checkpoint",
        object_id=checkpoint.pk,
        details={
            "seq": checkpoint.seq,
            "head": checkpoint.head_hash,
            "key_id": checkpoint.key_id,
        },
    )
    return checkpoint


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a change. Call inside the transaction that makes the change."""
    return _append(
        kind=AuditEvent.Kind.CHANGE,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        details=details or {},
    )


def audit_access(
    *,
    actor: Actor,
    object_type: str,
    object_id: object,
    data_class: DataClass,
    purpose: str = "view",
) -> AuditEvent | None:
    """Record a read of a record whose data class is logged. Returns None for public data."""
    if not data_class.reads_are_logged:
        return None
    return _append(
        kind=AuditEvent.Kind.ACCESS,
        actor=actor,
        action=catalogue.RECORD_VIEWED,
        object_type=object_type,
        object_id=str(object_id),
        details={"data_class": str(data_class), "purpose": purpose},
    )


def audit_access_list(
    *,
    actor: Actor,
    object_type: str,
    object_ids: Iterable[object],
    data_class: DataClass,
    purpose: str = "list",
) -> list[AuditEvent]:
    """Record the read of a list of records of one type in a logged data class: ONE access
    event (``record.listed``) whose hashed details carry the sorted ids, so the chain covers
    them, and a lookup row per id, so "who read record X" finds it (ADR 0020). A list longer
    than ``LIST_MAX_IDS`` is one event per that many. Nothing for public data or an empty
    list. Call it as a page's last write, like ``audit_access``."""
    if not data_class.reads_are_logged:
        return []
    ids = sorted({_check_field("object id", str(pk)) for pk in object_ids})
    events = []
    for start in range(0, len(ids), LIST_MAX_IDS):
        chunk = ids[start : start + LIST_MAX_IDS]
        events.append(
            _append(
                kind=AuditEvent.Kind.ACCESS,
                actor=actor,
                action=catalogue.RECORDS_LISTED,
                object_type=object_type,
                object_id="",
                details={
                    "data_class": str(data_class),
                    "purpose": purpose,
                    "count": len(chunk),
                    "ids": chunk,
                },
                naming=chunk,
            )
        )
    return events


def audit_access_lists(
    *,
    actor: Actor,
    records: Iterable[tuple[str, object]],
    data_class: DataClass,
    purpose: str = "list",
) -> list[AuditEvent]:
    """``audit_access_list`` for a list of records of several types, as (object type, id)
    pairs: one list event per type, in the types' order."""
    by_type: dict[str, list[object]] = {}
    for object_type, object_id in records:
        by_type.setdefault(object_type, []).append(object_id)
    events = []
    for object_type in sorted(by_type):
        events += audit_access_list(
            actor=actor,
            object_type=object_type,
            object_ids=by_type[object_type],
            data_class=data_class,
            purpose=purpose,
        )
    return events


def audit_checkpoint_create(
    *, actor: Actor, unless_newer_than: timedelta | None = None
) -> AuditCheckpoint | None:
    """Sign the chain's head now and store the checkpoint, with its own audit event, in one
    transaction (ADR 0013). Nothing (None) when the log is empty, or when
    ``unless_newer_than`` is given and the latest checkpoint is younger than that. The head
    is read before the event is appended, so the checkpoint never covers its own event."""
    with transaction.atomic():
        now = clock.now()
        if unless_newer_than is not None:
            latest = AuditCheckpoint.objects.order_by("-signed_at").first()
            if latest is not None and latest.signed_at > now - unless_newer_than:
                return None
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        if head is None:
            return None
        return _checkpoint(actor=actor, seq=head[0], head_hash=head[1], signed_at=now)


def audit_chain_verify(
    *, actor: Actor, record: bool = True, since_checkpoint: bool = False
) -> chain.Verdict:
    """Recompute the chain (every event and checkpoint; or, with ``since_checkpoint``, the
    latest checkpoint and the events after it). When it holds and ``record`` is set, append
    an event saying so (after verifying, so the verdict never covers itself)."""
    from lantern.audit.verify import verify_chain

    verdict = verify_chain(since_checkpoint=since_checkpoint)
    if record and verdict.ok:
        audit_record(
            actor=actor,
            action=catalogue.AUDIT_VERIFIED,
            object_type="audit_chain",
            details={
                "ok": True,
                "events": verdict.events,
                "head": verdict.head_hash,
                "since": verdict.since_seq,
                "checkpoints": verdict.checkpoints,
            },
        )
    return verdict
