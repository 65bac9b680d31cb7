"""One clock for the whole service, so tests can move time (time-machine) in one place."""

from datetime import UTC, datetime


def now() -> datetime:
    """The current time, aware and in UTC."""
    return datetime.now(tz=UTC)
