"""API schemas for evidence: what an item looks like from outside (no storage paths)."""

import uuid
from datetime import datetime

from ninja import Field, Schema

from lantern.evidence.contentchecks.flag import explanation
from lantern.evidence.models import EvidenceItem


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

    # Read from an item (EvidenceItem, its blob selected and flags prefetched): the list
    # hands its page of items to the paginator, which answers only the page.
    @staticmethod
    def resolve_sha256(item: EvidenceItem) -> str:
        return item.blob.sha256

    @staticmethod
    def resolve_size(item: EvidenceItem) -> int:
        return item.blob.size

    @staticmethod
    def resolve_flags(item: EvidenceItem) -> list[ItemFlagOut]:
        return [
            ItemFlagOut(
                code=flag.code,
                label=flag.get_code_display(),
                detail=flag.detail,
                explanation=explanation(flag.code),
            )
            for flag in item.flags.all()
        ]


class CustodyEventOut(Schema):
    seq: int
    occurred_at: datetime
    action: str
    actor: str
    details: str


class DeviceLocationOut(Schema):
    """Where the device said it was (GPS): personal data, shown only inside the item's own
    partnership when it may identify the resident."""

    latitude: float
    longitude: float
    altitude_m: float | None
    tag: str


class ClockOffsetOut(Schema):
    handed_over_seconds: int | None = Field(description="Declared with the file")
    camera_seconds: int | None = Field(description="Declared in the camera registry")
    camera_label: str
    applied_seconds: int | None
    applied_from: str = Field(description='"handed_over", "camera" or "" (none)')


class MetadataGapOut(Schema):
    """A time or place the file gives beside what was said, and whether the gap is flagged."""

    against: str = Field(description='"capture_time" (given with the file) or "report"')
    report_reference: str
    time_gap_seconds: float | None
    time_flagged: bool
    distance_m: float | None
    place_flagged: bool


class ItemMetadataOut(Schema):
    """What the file says about itself. ``status``: "read", "unreadable" (``problem`` says
    why) or "not_read" (not read yet); the other fields are empty unless it was read."""

    status: str
    problem: str = ""
    reader: str = ""
    container: str = ""
    video_codec: str = ""
    audio_codec: str = ""
    duration_seconds: float | None = None
    frame_rate: float | None = None
    width: int | None = None
    height: int | None = None
    device_time: datetime | None = Field(default=None, description="As the device stamped it")
    device_time_tag: str = ""
    corrected_device_time: datetime | None = Field(
        default=None, description="Less the clock offset applied"
    )
    device_make: str = ""
    device_model: str = ""
    clock_offset: ClockOffsetOut | None = None
    location: DeviceLocationOut | None = None
    location_withheld: str = Field(
        default="", description="Why the location is not given, if it is not"
    )
    location_personal: bool = False
    personal_reason: str = ""
    flagged: bool = False
    gaps: list[MetadataGapOut] = Field(default_factory=list)
