"""bench/network.py runs on a tiny store and prints its JSON last line (no timing asserted:
a benchmark, not a test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.long
def test_the_bench_runs_on_a_tiny_store(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "LANTERN_VAR_DIR"}
    }
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(  # noqa: S603  (this interpreter, the repository's script)
        [
            sys.executable,
            str(ROOT / "bench" / "network.py"),
            "--entities",
            "200",
            "--links",
            "600",
            "--samples",
            "5",
            "--repeat",
            "1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    line = json.loads(result.stdout.strip().splitlines()[-1])
    for key in (
        "ratio",
        "value",
        "baseline",
        "load_seconds",
        "endpoint_p95_ms",
        "endpoint_median_ms",
        "entities",
        "links",
        "meets_goal",
    ):
        assert key in line
    assert line["entities"] == 200 and line["links"] == 600
    assert line["victims_ranked"] == 0 and line["same_ranking_as_igraph"] is True
