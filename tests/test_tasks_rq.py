"""Background work on Redis (TASK_BACKEND=rq): a task enqueued by Lantern runs in an RQ
worker and its result comes back. Needs Redis on 127.0.0.1:6379 (CI has it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("LANTERN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.long
def test_a_task_runs_in_an_rq_worker(tmp_path):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not reachable on 127.0.0.1:6379 in CI")
        pytest.skip("Redis is not running here")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DJANGO_"))}
    env.update(
        {
            "LANTERN_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "TASK_BACKEND": "rq",
            "REDIS_URL": REDIS_URL,
        }
    )
    cli = [sys.executable, "-m", "config.cli"]

    def run(*args: str) -> str:
        done = subprocess.run(  # noqa: S603
            list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run(*cli, "migrate", "-v0")
    # A log with some events to verify (the demo would do, but takes half a minute).
    enqueue = textwrap.dedent(
        """
        import django; django.setup()
        from django.db import transaction
        from lantern.audit import catalogue
        from lantern.audit.services import audit_record
        from lantern.audit.tasks import verify_audit_chain
        from lantern.core.actor import SYSTEM
        for n in range(12):
            with transaction.atomic():
                audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED, details={"n": n})
        print(verify_audit_chain.enqueue().id)
        """
    )
    task_id = run(sys.executable, "-c", enqueue).strip().splitlines()[-1]
    run(*cli, "rqworker", "--burst", "default")
    fetch = textwrap.dedent(
        f"""
        import django; django.setup()
        from django_tasks import default_task_backend
        result = default_task_backend.get_result({task_id!r})
        print(result.status, result.return_value["ok"], result.return_value["events"])
        """
    )
    status, ok, events = run(sys.executable, "-c", fetch).split()
    assert status == "SUCCESSFUL" and ok == "True" and int(events) > 10
