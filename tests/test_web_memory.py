"""A web process loads every app's urls, views, forms and panels. The heavy numerical and
PDF libraries are imported only where a request needs them, so each gunicorn worker stays
small (bench/upload.py measures its peak memory during a 1 GiB upload)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each is tens of MiB once imported; none is needed to route a request or serve a page
# that does not compute a hotspot map or make a PDF.
LAZY = (
    "scipy",
    "pyproj",
    "h3",
    "reportlab",
    "PIL",
    "av",
    "cv2",
    "matplotlib",
    "pandas",
    "igraph",
    "duckdb",
    "splink",
    "pyarrow",
)

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
from config.wsgi import application
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in %r)))
"""


def test_a_web_process_does_not_import_the_heavy_libraries(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "LANTERN_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "-c", PROBE % (LAZY,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == []
