"""Background tasks that run on a period, and the schedule that enqueues them.

django-tasks runs what is enqueued but has no periodic scheduler. An app marks a task in
its ``tasks.py`` with ``@every(timedelta(...))``; ``lantern scheduler`` (one process beside
the workers, started by ``lantern demo``) enqueues each when it is due, and
``lantern scheduler --once`` enqueues them all once, for cron or a systemd timer. The tasks
must be safe to run twice or at once (each is a sweep of what is overdue)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps

log = logging.getLogger("lantern.scheduler")
_REGISTRY: dict[str, Periodic] = {}


@dataclass(frozen=True)
class Periodic:
    name: str  # the task's dotted path
    task: Any  # a django_tasks Task
    every: timedelta


def every(interval: timedelta) -> Callable[[Any], Any]:
    """Mark a django-tasks task (put this above ``@task()``) to be enqueued every
    ``interval`` by ``lantern scheduler``."""
    if interval <= timedelta(0):
        raise ValueError("a periodic task needs a positive interval")

    def register(task: Any) -> Any:
        _REGISTRY[task.module_path] = Periodic(task.module_path, task, interval)
        return task

    return register


def periodic_tasks() -> list[Periodic]:
    """Every periodic task of Lantern's apps (importing each app's ``tasks`` module)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("lantern."):
            continue
        name = f"{config.name}.tasks"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return sorted(_REGISTRY.values(), key=lambda p: p.name)


class Schedule:
    """When each periodic task is next due. Everything is due at ``start`` (a restarted
    scheduler catches up at once), then every task's interval after it was last enqueued."""

    def __init__(self, tasks: list[Periodic], start: datetime) -> None:
        self.tasks = tasks
        self.next_due = {p.name: start for p in tasks}

    def due(self, now: datetime) -> list[Periodic]:
        return [p for p in self.tasks if self.next_due[p.name] <= now]

    def enqueued(self, periodic: Periodic, now: datetime) -> None:
        self.next_due[periodic.name] = now + periodic.every

    def run_pending(
        self, now: datetime, enqueue: Callable[[Periodic], object]
    ) -> tuple[list[str], list[str]]:
        """Enqueue what is due: (names enqueued, names that failed). A task whose enqueue
        fails (the database or Redis away) stays due, to be tried again on the next tick."""
        done, failed = [], []
        for periodic in self.due(now):
            try:
                enqueue(periodic)
            except Exception:
                log.exception("could not enqueue %s", periodic.name)
                failed.append(periodic.name)
                continue
            self.enqueued(periodic, now)
            done.append(periodic.name)
        return done, failed

    def seconds_until_next(self, now: datetime) -> float:
        if not self.tasks:
            return float("inf")
        return max(0.0, min((d - now).total_seconds() for d in self.next_due.values()))
