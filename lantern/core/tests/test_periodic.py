"""The schedule of periodic tasks (lantern.core.periodic) and ``lantern scheduler``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from lantern.core.periodic import Periodic, Schedule, every, periodic_tasks

START = datetime(2026, 11, 28, 0, 5, tzinfo=UTC)  # just after midnight, on purpose


class _Task:
    def __init__(self, name: str) -> None:
        self.module_path = name
        self.enqueued = 0

    def enqueue(self) -> None:
        self.enqueued += 1


def _periodic(name: str, minutes: int) -> Periodic:
    return Periodic(name, _Task(name), timedelta(minutes=minutes))


def test_everything_is_due_at_start_then_every_interval():
    hourly, quarterly = _periodic("a.hourly", 60), _periodic("a.quarterly", 15)
    schedule = Schedule([hourly, quarterly], START)
    ran: list[str] = []

    def enqueue(p: Periodic) -> None:
        ran.append(p.name)

    assert schedule.run_pending(START, enqueue) == (["a.hourly", "a.quarterly"], [])
    assert schedule.run_pending(START + timedelta(minutes=14), enqueue) == ([], [])
    assert schedule.seconds_until_next(START + timedelta(minutes=14)) == 60
    at = START + timedelta(minutes=15)
    assert schedule.run_pending(at, enqueue) == (["a.quarterly"], [])
    at = START + timedelta(minutes=61)
    assert schedule.run_pending(at, enqueue) == (["a.hourly", "a.quarterly"], [])
    assert ran.count("a.hourly") == 2 and ran.count("a.quarterly") == 3


def test_a_failed_enqueue_stays_due():
    task = _periodic("a.flaky", 60)
    schedule = Schedule([task], START)
    calls = {"n": 0}

    def enqueue(p: Periodic) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("the queue is away")

    assert schedule.run_pending(START, enqueue) == ([], ["a.flaky"])
    assert schedule.seconds_until_next(START) == 0
    later = START + timedelta(seconds=30)
    assert schedule.run_pending(later, enqueue) == (["a.flaky"], [])
    assert schedule.next_due["a.flaky"] == later + timedelta(minutes=60)


def test_every_needs_a_positive_interval():
    with pytest.raises(ValueError, match="positive"):
        every(timedelta(0))


def test_the_apps_register_their_expiry_tasks():
    names = {p.name: p.every for p in periodic_tasks()}
    assert names["lantern.places.tasks.expire_footage_requests"] == timedelta(hours=1)
    assert names["lantern.evidence.tasks.expire_uploads"] == timedelta(hours=1)


def test_scheduler_list_prints_the_tasks():
    out = StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert "lantern.places.tasks.expire_footage_requests\tevery 1:00:00" in out.getvalue()
