"""Starting and stopping a server under test, for the benchmarks that drive Lantern's real
web server (bench/intake.py, bench/pages.py, bench/upload.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen, what: str, *, seconds: float = 180) -> None:
    """Wait until ``server`` listens on ``port``; a loaded machine may take a while."""
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            raise SystemExit(f"{what} exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"{what} did not listen on {port} within {seconds:.0f} s"
                ) from None
            time.sleep(0.1)


def stop(server: subprocess.Popen | None) -> None:
    """Stop the server and everything it started (it runs in a session of its own)."""
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
