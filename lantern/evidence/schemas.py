"""API schemas for evidence: what an item looks like from outside (no storage paths)."""

import uuid
from datetime import datetime

from ninja import Schema


class ItemFlagOut(Schema):
    """Something the content checks found when the item arrived; the item is unchanged."""

    code: str
    label: str
    detail: str
    explanation: str


class ItemOut(Schema):
    id: uuid.UUID
    sha256: str
    size: int
    media_type: str
    category: str
    warning: str
    filename: str
    device_kind: str
    claimed_capture_at: datetime | None
    clock_offset_seconds: int | None
    audio_recorded: bool | None
    parent_id: uuid.UUID | None
    created_at: datetime
    flags: list[ItemFlagOut]


class CustodyEventOut(Schema):
    seq: int
    occurred_at: datetime
    action: str
    actor: str
    details: str
