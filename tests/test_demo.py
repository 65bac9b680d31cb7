"""The demo: seed-demo is idempotent and leaves a verifiable audit chain; `lantern serve`
serves the app; every demo sign-in works."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import Membership, Organisation, User
from lantern.audit.models import AuditEvent
from lantern.audit.verify import verify_chain
from lantern.core.actor import Role
from lantern.core.demo import DEMO_DOMAIN, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_verifiable():
    out = StringIO()
    call_command("seed-demo", stdout=out)
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    events = AuditEvent.objects.count()
    call_command("seed-demo", stdout=StringIO())
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events
    assert verify_chain().ok
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for role in Role:
        email = f"{role.value}@{DEMO_DOMAIN}"
        user = User.objects.get(email=email)
        assert email in text and user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user, role=role).exists()
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device is role.is_staff


@pytest.mark.django_db
def test_demo_kinds_of_organisation():
    call_command("seed-demo", stdout=StringIO())
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"police_force", "council", "support_agency", "residents_group"} <= kinds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_lantern_serve_runs_gunicorn_on_the_port(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DJANGO_"))}
    env.update({"LANTERN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.base"})
    cli = [sys.executable, "-m", "config.cli"]
    subprocess.run([*cli, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*cli, "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                    assert r.status == 200 and b'"ok"' in r.read()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=15)
