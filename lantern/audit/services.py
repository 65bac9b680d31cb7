"""Writing to the audit log. Services call ``audit_record`` inside their own transaction, so
the audit row commits or rolls back with the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from lantern.audit import catalogue, chain
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import Actor
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
# A 64-bit key for pg_advisory_xact_lock: one writer at a time appends to the chain.
_PG_LOCK_KEY = 0x4C414E5445524E  # "LANTERN"


def _check_field(name: str, value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"audit {name} may not contain a line break")
    return value


def _check_details(details: dict[str, Any]) -> str:
    bad = FORBIDDEN_DETAIL_KEYS.intersection(k.lower() for k in details)
    if bad:
        raise ValueError(f"audit details may not carry personal data: {sorted(bad)}")
    return chain.canonical_details(details)


def _append(
    *,
    kind: str,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    details: dict[str, Any],
) -> AuditEvent:
    if catalogue.get(action) is None:
        raise ValueError(f"audit action {action!r} is not in the catalogue")
    encoded_details = _check_details(details)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        # On SQLite every transaction begins IMMEDIATE (settings), so the write lock is
        # already held here; on PostgreSQL the advisory lock serialises appenders.
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev = (head[0] + 1, head[1]) if head else (1, chain.GENESIS)
        occurred_at = clock.now()
        actor_id = _check_field("actor", actor.audit_id)
        event_hash = chain.digest(
            chain.encode(
                seq=seq,
                occurred_at=chain.format_time(occurred_at),
                kind=kind,
                actor=actor_id,
                action=action,
                object_type=_check_field("object_type", object_type),
                object_id=_check_field("object_id", object_id),
                details=encoded_details,
                prev_hash=prev,
            )
        )
        return AuditEvent.objects.create(
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


def audit_chain_verify(*, actor: Actor, record: bool = True) -> chain.Verdict:
    """Recompute the whole chain. When it holds and ``record`` is set, append an event saying
    so (after verifying, so the verdict never covers itself)."""
    from lantern.audit.verify import verify_chain

    verdict = verify_chain()
    if record and verdict.ok:
        audit_record(
            actor=actor,
            action=catalogue.AUDIT_VERIFIED,
            object_type="audit_chain",
            details={"ok": True, "events": verdict.events, "head": verdict.head_hash},
        )
    return verdict
