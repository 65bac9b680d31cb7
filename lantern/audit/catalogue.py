"""The catalogue of audit actions. Every action a service records is declared here first,
with a sentence saying what it means; docs/audit-events.md lists them all (a test checks)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    action: str
    description: str


_CATALOGUE: dict[str, EventType] = {}


def declare(action: str, description: str) -> str:
    existing = _CATALOGUE.get(action)
    if existing and existing.description != description:
        raise ValueError(f"audit action {action!r} declared twice with different meanings")
    _CATALOGUE[action] = EventType(action, description)
    return action


def get(action: str) -> EventType | None:
    return _CATALOGUE.get(action)


def all_events() -> list[EventType]:
    return sorted(_CATALOGUE.values(), key=lambda e: e.action)


# The audit app's own events.
AUDIT_VERIFIED = declare(
    "audit.verified", "The audit chain was recomputed; details give the verdict."
)
AUDIT_CHECKPOINT_SIGNED = declare(
    "audit.checkpoint_signed",
    "The audit chain's head was signed as a checkpoint; details give its event number, hash"
    " and signing key.",
)
RECORD_VIEWED = declare(
    "record.viewed", "A record in a logged data class was read; details give its data class."
)
RECORDS_LISTED = declare(
    "record.listed",
    "Records in a logged data class were read as a list (one event per list); details give"
    " their data class, the purpose, how many and their ids, and each is findable by its id.",
)
