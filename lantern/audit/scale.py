"""The audit log of the borough-scale data set (``lantern.core.scale``): this hook runs
before every other app's and gives them ``ctx.audit``, which appends an event to the chain.

The chain is computed here in Python exactly as ``services._append`` does (``chain.encode``
and SHA-256 over the previous event's hash), continuing from the head already stored, and the
events go to the database in batches through the bulk writer instead of one append per
event: millions of appends one by one would take hours. The events are fictional records of
the fictional data set, with their own past times; ``lantern audit verify`` checks them like
any others. Nothing else may write to the log while the data set is seeded (the chain's head
is read once, when this hook runs); no checkpoints are signed for the seeded events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lantern.audit import catalogue, chain
from lantern.audit.models import AuditEvent
from lantern.core.scale import ScaleContext

LABEL = "audit.AuditEvent"


class ChainWriter:
    def __init__(self, ctx: ScaleContext) -> None:
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        self.seq, self.head = head if head else (0, chain.GENESIS)
        self.writer = ctx.writer

    def __call__(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        object_type: str,
        object_id: object,
        details: dict[str, Any],
        kind: str = AuditEvent.Kind.CHANGE,
    ) -> None:
        if catalogue.get(action) is None:
            raise ValueError(f"audit action {action!r} is not in the catalogue")
        seq = self.seq + 1
        object_id = str(object_id)
        encoded = chain.canonical_details(details)
        event_hash = chain.digest(
            chain.encode(
                seq=seq,
                occurred_at=chain.format_time(at),
                kind=str(kind),
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                details=encoded,
                prev_hash=self.head,
            )
        )
        self.writer.add(
            LABEL,
            seq=seq,
            occurred_at=at,
            kind=str(kind),
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=encoded,
            prev_hash=self.head,
            hash=event_hash,
        )
        self.seq, self.head = seq, event_hash


def seed_scale(ctx: ScaleContext) -> None:
    ctx.audit = ChainWriter(ctx)
