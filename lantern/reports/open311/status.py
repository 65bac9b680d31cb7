"""Lantern's report statuses as Open311 sees them.

GeoReport v2 knows only ``open`` and ``closed``; mySociety's servicerequestupdates extension
has extended statuses in capitals, which FixMyStreet maps to its own states."""

from __future__ import annotations

OPEN = "open"
CLOSED = "closed"

# Report.Status value -> GeoReport v2 status.
BASIC = {
    "new": OPEN,
    "assigned": OPEN,
    "in_progress": OPEN,
    "duplicate": CLOSED,
    "closed": CLOSED,
}

# Report.Status value -> extended status (servicerequestupdates).
EXTENDED = {
    "new": "OPEN",
    "assigned": "INVESTIGATING",
    "in_progress": "IN_PROGRESS",
    "duplicate": "DUPLICATE",
    "closed": "CLOSED",
}

# What a client may send in POST servicerequestupdates (FixMyStreet's list).
CLIENT_STATUSES = frozenset(
    {
        "OPEN",
        "CLOSED",
        "FIXED",
        "IN_PROGRESS",
        "ACTION_SCHEDULED",
        "INVESTIGATING",
        "DUPLICATE",
        "NOT_COUNCILS_RESPONSIBILITY",
        "NO_FURTHER_ACTION",
        "INTERNAL_REFERRAL",
        "REOPEN",
        "UNABLE_TO_FIX",
    }
)


def basic(status: str) -> str:
    return BASIC.get(status, OPEN)


def extended(status: str) -> str:
    return EXTENDED.get(status, "OPEN")


def lantern_statuses(open311_status: str) -> list[str]:
    """The Lantern statuses an Open311 ``status`` filter value stands for."""
    return [s for s, o in BASIC.items() if o == open311_status]
