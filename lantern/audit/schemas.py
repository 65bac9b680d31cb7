from datetime import datetime

from ninja import Schema


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    kind: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: str
    prev_hash: str
    hash: str


class VerdictOut(Schema):
    ok: bool
    events: int
    first_bad_seq: int | None
    reason: str
    head_hash: str
    since_seq: int
    checkpoints: int
    bad_checkpoint: int | None
