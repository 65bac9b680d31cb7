"""Benchmark: a 1 GiB file through Lantern's tus endpoint, against a local baseline.

Starts ``lantern serve`` (gunicorn) on a fresh SQLite database and evidence folder in a
temporary directory, then measures, in the same run:

* value: end-to-end upload throughput in MiB/s: tus creation, one streaming PATCH of the
  whole file over loopback, the server hashing it (SHA-256) as it arrives, deciding its type,
  and storing it content-addressed and write-once, until the 204 answer;
* baseline: reading the same file, hashing it with SHA-256 and writing a copy (flushed to
  disk), locally in this process, in 1 MiB chunks.

Goal: ratio value/baseline at least 0.6. It also reads the server's peak resident
memory (VmHWM) after a small upload and after the big one: the goal is under 150 MiB and
not growing with the file. The figure is the largest peak of any of the server's processes
(the gunicorn master and each worker: all of them load Lantern). The last line printed is
one JSON object.

    .venv/bin/python bench/upload.py               # 1 GiB
    .venv/bin/python bench/upload.py --mib 128     # quick check
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from servers import free_port, wait_for  # bench/servers.py

ROOT = Path(__file__).resolve().parent.parent
LANTERN = str(ROOT / ".venv" / "bin" / "lantern")
CHUNK = 1024 * 1024
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def make_file(path: Path, mib: int) -> None:
    block = os.urandom(CHUNK)
    with path.open("wb") as f:
        f.write(MP4_HEAD)
        for i in range(mib):
            # Vary each block so no layer can shortcut repeated data.
            f.write(i.to_bytes(8, "little") + block[8 + len(MP4_HEAD) if i == 0 else 8 :])
    os.sync()


def baseline(source: Path, target: Path) -> tuple[float, str]:
    start = time.perf_counter()
    digest = hashlib.sha256()
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return time.perf_counter() - start, digest.hexdigest()


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def server_peak_rss_mib(master: int) -> float:
    """The largest peak resident memory among the master and its workers."""
    return max(peak_rss_mib(pid) for pid in [master, *worker_pids(master)])


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tus_upload(port: int, token: str, path: Path) -> tuple[float, int]:
    size = path.stat().st_size
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600, blocksize=CHUNK)
    conn.request(
        "POST",
        "/uploads/",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(size),
            "Lantern-Upload-Token": token,
            "Content-Length": "0",
        },
    )
    created = conn.getresponse()
    answer = created.read()
    if created.status != 201:
        raise SystemExit(f"creation failed: {created.status} {answer[:300]!r}")
    location = created.getheader("Location").split(f":{port}", 1)[1]
    with path.open("rb") as body:
        conn.request(
            "PATCH",
            location,
            body=body,
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Offset": "0",
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(size),
                "Lantern-Upload-Token": token,
            },
        )
        done = conn.getresponse()
        message = done.read()
    conn.close()
    if done.status != 204:
        raise SystemExit(f"upload failed: {done.status} {message[:200]!r}")
    return time.perf_counter() - start, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=1024, help="file size in MiB (1024 = 1 GiB)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lantern-bench-upload-", dir=ROOT / "var"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "LANTERN_VAR_DIR": str(work / "var"),
        "LANTERN_MEDIA_ROOT": str(work / "var" / "media"),
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "LANTERN_UPLOAD_MAX_BYTES": str(8 * 1024**3),
        # As deployed: background work (previews, expiry) is queued for a worker, not run in
        # the web server (the immediate backend is for tests only).
        "TASK_BACKEND": "database",
    }
    env.pop("LANTERN_TEST_DATABASE_URL", None)
    server = None
    try:
        subprocess.run([LANTERN, "migrate", "-v", "0"], env=env, check=True)
        # Files are kept in the partnership of the report they are about, so the report the
        # token names must exist: the demo's reports will do.
        subprocess.run([LANTERN, "seed-demo"], env=env, check=True, capture_output=True)
        token = (
            subprocess.run(
                [
                    LANTERN,
                    "shell",
                    "-c",
                    "from lantern.core.actor import SYSTEM; "
                    "from lantern.reports.models import Report; "
                    "from lantern.evidence.services import upload_token_issue as issue; "
                    "report = Report.objects.order_by('created_at').first(); "
                    "print(issue(actor=SYSTEM, link_kind='report', link_id=report.pk))",
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        big, small, copy = work / "big.mp4", work / "small.mp4", work / "copy.bin"
        make_file(big, args.mib)
        make_file(small, 16)

        base_seconds, base_sha = baseline(big, copy)
        copy.unlink()
        size = big.stat().st_size
        base_rate = size / CHUNK / base_seconds

        port = free_port()
        server = subprocess.Popen(
            [
                LANTERN,
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "600",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(port, server, "lantern serve")
        tus_upload(port, token, small)
        rss_small = server_peak_rss_mib(server.pid)
        seconds, _ = tus_upload(port, token, big)
        rss_big = server_peak_rss_mib(server.pid)
        rss_master = peak_rss_mib(server.pid)
        rss_workers = max(peak_rss_mib(pid) for pid in worker_pids(server.pid))
        rate = size / CHUNK / seconds
        stored = (
            work / "var" / "media" / "blobs" / "sha256" / base_sha[:2] / base_sha[2:4] / base_sha
        )
        if not stored.exists():
            raise SystemExit("the stored blob is not where its SHA-256 says")
        ratio = rate / base_rate
        print(f"file: {size / CHUNK:.0f} MiB; baseline read+hash+write {base_rate:.0f} MiB/s")
        print(f"tus upload through lantern serve: {rate:.0f} MiB/s (ratio {ratio:.2f}, goal 0.6)")
        print(
            f"server peak RSS (largest of master and workers): {rss_small:.1f} MiB after 16 MiB,"
            f" {rss_big:.1f} MiB after {size / CHUNK:.0f} MiB"
            f" (master {rss_master:.1f}, worker {rss_workers:.1f})"
        )
        print(
            json.dumps(
                {
                    "name": "upload_tus_1gib",
                    "value": round(rate, 1),
                    "baseline": round(base_rate, 1),
                    "ratio": round(ratio, 3),
                    "goal": 0.6,
                    "unit": "MiB/s",
                    "bytes": size,
                    "server_peak_rss_mib": round(rss_big, 1),
                    "server_peak_rss_mib_small_file": round(rss_small, 1),
                    "server_master_peak_rss_mib": round(rss_master, 1),
                    "server_worker_peak_rss_mib": round(rss_workers, 1),
                    "rss_goal_mib": 150,
                    "python": platform.python_version(),
                }
            )
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
