"""``lantern serve`` on a fresh install: it collects the static files before it starts, so the
first page a newcomer opens renders (and its stylesheet loads) instead of answering 500."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """The status and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local URL
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120  # collecting takes some seconds on a busy machine
    while time.monotonic() < deadline:
        assert process.poll() is None, f"lantern serve exited: {log.read_text()}"
        try:
            _get(url)
        except OSError:
            time.sleep(0.5)
        else:
            return
    raise AssertionError(f"lantern serve did not answer: {log.read_text()}")


def test_serve_collects_static_files_before_it_starts(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "LANTERN_VAR_DIR": str(tmp_path),  # nothing collected there yet
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lantern.sqlite3'}",
    }
    assert not (tmp_path / "static").exists()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "config.cli", "serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        home = f"http://127.0.0.1:{port}/"
        _wait_for(home, process, log)
        status, page = _get(home)
        assert status == 200, page
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
        assert stylesheet, page
        assert _get(f"http://127.0.0.1:{port}{stylesheet[1]}")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Collecting static files" in log.read_text()
