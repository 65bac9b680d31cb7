"""Settings: `lantern check --deploy` fails on unsafe production settings; production refuses
to start without a secret key or an audit signing key. Each case runs the real command in a
fresh process."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SAFE = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "AUDIT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    "ALLOWED_HOSTS": "lantern.example.test",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DJANGO_"))}
    clean.update({"LANTERN_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "config.cli", "check", "--deploy", "--tag", "security"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_safe_production_settings_pass(tmp_path):
    result = _check(tmp_path, **SAFE)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _check(tmp_path, **{**SAFE, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_an_audit_signing_key(tmp_path):
    result = _check(tmp_path, **{**SAFE, "AUDIT_SIGNING_KEY": ""})
    assert result.returncode != 0
    assert "AUDIT_SIGNING_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("change", "error_id"),
    [
        ({"DEBUG": "true"}, "lantern.E001"),
        ({"SECRET_KEY": "short"}, "lantern.E002"),
        ({"DJANGO_SETTINGS_MODULE": "config.settings.base"}, "lantern.E003"),
        ({"ALLOWED_HOSTS": "*"}, "lantern.E004"),
        ({"SECURE_COOKIES": "false"}, "lantern.E005"),
        ({"SECURE_HSTS_SECONDS": "0"}, "lantern.E006"),
        ({"TASK_BACKEND": "immediate"}, "lantern.E007"),
        ({"AUDIT_SIGNING_KEY": "bm90IGEga2V5"}, "lantern.E008"),
    ],
)
def test_unsafe_settings_fail_the_deploy_check(tmp_path, change, error_id):
    result = _check(tmp_path, **{**SAFE, **change})
    assert result.returncode != 0
    assert error_id in result.stderr


def test_the_embedded_default_keeps_a_generated_key_under_var(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env["LANTERN_VAR_DIR"] = str(tmp_path)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    run = [
        sys.executable,
        "-c",
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.base'; django.setup(); {code}",
    ]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    second = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode)[-3:] == "600"
    assert first.stdout == second.stdout and len(first.stdout.strip()) >= 50


def test_a_per_process_cache_is_a_deploy_warning(tmp_path):
    """Limits count in the cache: local memory counts each web process apart (W003)."""
    local = _check(tmp_path, **SAFE)
    assert local.returncode == 0 and "lantern.W003" in local.stderr
    shared = _check(tmp_path, **SAFE, CACHE_URL="redis://127.0.0.1:1/1")
    assert shared.returncode == 0 and "lantern.W003" not in shared.stderr
