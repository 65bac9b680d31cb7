"""The disclosure API's schemas: what a schedule line says, never the record behind it."""

from __future__ import annotations

import uuid
from datetime import date

from ninja import Schema


class LineOut(Schema):
    id: uuid.UUID
    schedule: str
    number: int
    record_class: str
    exhibit_reference: str
    description: str
    reason: str
    mg6e: str | None = None  # why the disclosure officer's report flags it; None: not flagged
    confirmed: bool


class EventOut(Schema):
    kind: str
    happened_on: date
    version: int


class SchedulesOut(Schema):
    case_reference: str
    lines: list[LineOut]
    latest_version: int | None
    revealed_as_they_stand: bool
    events: list[EventOut]
