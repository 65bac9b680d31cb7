"""``lantern scheduler``: enqueue Lantern's periodic tasks (lantern.core.periodic) when they
are due, for the background workers to run. Run exactly one beside the workers; or run
``lantern scheduler --once`` from cron or a systemd timer instead."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from lantern.core import clock
from lantern.core.periodic import Periodic, Schedule, periodic_tasks

log = logging.getLogger("lantern.scheduler")


class Command(BaseCommand):
    help = "Enqueue Lantern's periodic tasks when due (or all of them once, with --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every periodic task once, then exit."
        )
        parser.add_argument(
            "--list", action="store_true", help="List the periodic tasks and their periods."
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=30.0,
            help="Longest wait between looking for due tasks, in seconds (default 30).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tasks = periodic_tasks()
        if options["list"]:
            for p in tasks:
                self.stdout.write(f"{p.name}\tevery {p.every}")
            return
        if options["once"]:
            for p in tasks:
                self._enqueue(p)
                self.stdout.write(f"Enqueued {p.name}")
            return
        self._loop(tasks, max(0.1, options["tick"]))

    def _enqueue(self, periodic: Periodic) -> None:
        periodic.task.enqueue()

    def _loop(self, tasks: list[Periodic], tick: float) -> None:
        stop = threading.Event()

        def on_signal(*_args: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        schedule = Schedule(tasks, clock.now())
        names = ", ".join(p.name.rsplit(".", 1)[-1] for p in tasks) or "none"
        self.stdout.write(f"Scheduler running: {len(tasks)} periodic tasks ({names}).")
        while not stop.is_set():
            close_old_connections()  # a long-lived process: never keep a dead connection
            done, _failed = schedule.run_pending(clock.now(), self._enqueue)
            for name in done:
                log.info("enqueued %s", name)
            # A failed task stays due: wait a tick before trying it again.
            stop.wait(min(tick, schedule.seconds_until_next(clock.now())) or tick)
        self.stdout.write("Scheduler stopped.")
