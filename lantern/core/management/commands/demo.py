"""``lantern demo``: migrate, collect static files, seed the demo, then run the web server,
a background worker and the scheduler of periodic tasks until interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEMO_OPERATOR = "Eastmere Community Safety Partnership"


class Command(BaseCommand):
    help = "Run the whole demo: migrate, seed-demo, web server, a worker and the scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options) -> None:
        port = options["port"]
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed-demo", stdout=self.stdout)
        worker_cmd = ["rqworker", "default"] if settings.TASK_BACKEND == "rq" else ["db_worker"]
        cli = [sys.executable, "-m", "config.cli"]
        # The demo's partnership runs the demo (docs/settings.md#branding), unless set.
        web_env = {**os.environ}
        web_env.setdefault("LANTERN_OPERATOR_NAME", DEMO_OPERATOR)
        processes = [
            subprocess.Popen([*cli, *worker_cmd]),  # noqa: S603
            # Enqueues the periodic tasks (expiring footage requests and abandoned uploads).
            subprocess.Popen([*cli, "scheduler"]),  # noqa: S603
            # Static files were collected above.
            subprocess.Popen(  # noqa: S603
                [*cli, "serve", "--port", str(port), "--no-collectstatic"], env=web_env
            ),
        ]
        self.stdout.write(
            self.style.SUCCESS(f"\nLantern is running at http://127.0.0.1:{port}/")
            + "\nA background worker and the scheduler are running. Press Ctrl+C to stop.\n"
        )

        def stop(*_args) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                process.wait(timeout=10)
