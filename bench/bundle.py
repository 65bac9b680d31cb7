"""Benchmark: checking a 2 GiB evidence bundle against ``sha256sum`` of the same bytes.

Writes a bundle with Lantern's own writer (``lantern.evidence.bundles.writer``: members
streamed into a ZIP64, stored, not deflated, each hashed as it is written, the manifest
signed with a fresh Ed25519 key) from synthetic random data (``--members`` files of
``--mib`` MiB in all), then measures, in the same run and in alternate rounds (best of
``--rounds``), each in a fresh process:

* value: ``tools/verify_bundle.py BUNDLE --key KEY`` (the check ``lantern bundle verify``
  runs): the signature, then every member's size and SHA-256, streamed;
* baseline: ``sha256sum BUNDLE``: SHA-256 of the same bytes (the whole ZIP) by coreutils;
* and, for context, ``hashlib``: Python reading the same file in 1 MiB chunks into
  ``hashlib.sha256`` (OpenSSL), in a fresh process: the floor of any check in Python.

ratio = baseline seconds / verify seconds, goal >= 0.8 (``ratio_hashlib`` likewise against
the hashlib floor; coreutils' ``sha256sum`` is often built without OpenSSL's SHA-256, so
it can be slower than Python's). The peak resident memory of the
verify process (``ru_maxrss`` from ``os.wait4``) is reported too: it must not grow with the
bundle (compare ``--mib 256``). The bundle is read from the page cache in both (it was just
written, and read once before the first round). The last line printed is one JSON object.

    .venv/bin/python bench/bundle.py                # 2 GiB
    .venv/bin/python bench/bundle.py --mib 256      # quick check
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from lantern.evidence.bundles.writer import Member, write_bundle  # noqa: E402

CHUNK = 1024 * 1024
HASHLIB = (
    "import hashlib, sys\n"
    "h = hashlib.sha256()\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    while chunk := f.read(1 << 20):\n"
    "        h.update(chunk)\n"
    "print(h.hexdigest())\n"
)
SCRIPT = ROOT / "tools" / "verify_bundle.py"


def _synthetic(mib: int, seed: int):
    """``mib`` MiB of random bytes: one random MiB, each copy made different by its number,
    so that nothing on the way can shortcut repeated data."""
    block = bytearray(os.urandom(CHUNK))

    def chunks():
        for i in range(mib):
            block[:16] = seed.to_bytes(8, "little") + i.to_bytes(8, "little")
            yield bytes(block)

    return chunks


def write(path: Path, *, mib: int, members: int) -> tuple[Path, int]:
    key = Ed25519PrivateKey.generate()
    each = mib // members
    parts = [
        Member(
            path=f"exhibits/BENCH-{n + 1}.mp4",
            chunks=_synthetic(each, n),
            size=each * CHUNK,
            entry={"kind": "exhibit", "exhibit_reference": f"BENCH/{n + 1}", "custody": []},
        )
        for n in range(members)
    ]
    header = {
        "bundle_id": "bench",
        "case_reference": "BENCH-0001",
        "recipient": "defence",
        "created_at": datetime.now(UTC).isoformat(),
        "created_by_role": "Benchmark",
        "key_id": "bench",
    }
    with path.open("wb") as out:
        write_bundle(
            out, members=parts, header=header, private_key=key, created_at=datetime.now(UTC)
        )
    pem = path.with_suffix(".pem")
    pem.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return pem, each * members


def timed(command: list[str]) -> tuple[float, int, str]:
    """(seconds, peak resident memory in KiB, output) of a command run to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {output}")
    return seconds, usage.ru_maxrss, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=2048, help="MiB of members in the bundle")
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the bundle")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lantern-bundle-bench-", dir=arguments.dir))
    try:
        bundle = folder / "bundle.zip"
        start = time.perf_counter()
        pem, mib = write(bundle, mib=arguments.mib, members=arguments.members)
        written = time.perf_counter() - start
        size = bundle.stat().st_size
        print(f"wrote {size / 2**30:.2f} GiB in {written:.1f} s ({mib} MiB of members)")
        sha256sum = shutil.which("sha256sum")
        if sha256sum is None:
            raise SystemExit("sha256sum (coreutils) is needed for the baseline")
        verify = [sys.executable, "-I", str(SCRIPT), str(bundle), "--key", str(pem)]
        timed([sha256sum, str(bundle)])  # warm the page cache once
        floor = [sys.executable, "-I", "-c", HASHLIB, str(bundle)]
        verify_runs, baseline_runs, floor_runs, peaks = [], [], [], []
        for round_ in range(arguments.rounds):
            seconds, peak, output = timed(verify)
            verify_runs.append(seconds)
            peaks.append(peak)
            base, _, _ = timed([sha256sum, str(bundle)])
            baseline_runs.append(base)
            hashed, _, _ = timed(floor)
            floor_runs.append(hashed)
            print(
                f"round {round_ + 1}: verify {seconds:.2f} s ({peak / 1024:.1f} MiB peak), "
                f"sha256sum {base:.2f} s, hashlib {hashed:.2f} s"
            )
        print(output.strip().splitlines()[-1])
        best_verify, best_base = min(verify_runs), min(baseline_runs)
        result = {
            "bench": "bundle",
            "bundle_bytes": size,
            "verify_seconds": round(best_verify, 3),
            "sha256sum_seconds": round(best_base, 3),
            "verify_mib_per_s": round(size / 2**20 / best_verify, 1),
            "sha256sum_mib_per_s": round(size / 2**20 / best_base, 1),
            "ratio": round(best_base / best_verify, 3),
            "hashlib_seconds": round(min(floor_runs), 3),
            "ratio_hashlib": round(min(floor_runs) / best_verify, 3),
            "goal": 0.8,
            "verify_peak_rss_mib": round(max(peaks) / 1024, 1),
            "write_seconds": round(written, 1),
            "rounds": arguments.rounds,
            "python": platform.python_version(),
            "load_average": os.getloadavg()[0],
        }
        print(json.dumps(result, sort_keys=True))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
