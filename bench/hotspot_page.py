"""Benchmark: the hotspot map on a cold start after a police.uk import, against the staff
report list (the triage page), same run (issue 21, "Hotspots that are fast cold").

It builds a fresh database (a temporary SQLite file unless DATABASE_URL names an empty
PostgreSQL database), makes a partnership covering Essex with a police officer (who may
see both pages), files ``--reports`` resident reports through the report service, then
imports the police.uk street-level files for Essex, 2018-01 to 2018-07 (115,065 rows, from
``$LANTERN_SHARED_DATA/policeuk``, default ``../shared/data`` beside the clone; or, with
``--extract``, the small extract in lantern/analytics/data/policeuk) through the import
service. Each import enqueues the computation of the default views' hotspot surfaces;
here the tasks run synchronously (the immediate backend), as a worker would run them.

Then, for each page, ``--runs`` fresh Python processes each sign in, load one other page
(so that Django, its URLs and the base templates are loaded, as in any running server)
and time the first request for the page: the cold start. The same process then times
``--warm`` more requests. The figures are medians over the processes.

The last line printed is one JSON object: ``ratio`` = hotspot page cold time / report
list cold time. Goal: ratio <= 1.2.

    .venv/bin/python bench/hotspot_page.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_surfaces .venv/bin/python bench/hotspot_page.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
ESSEX = {  # a box around Essex and its neighbours, WGS84
    "type": "Polygon",
    "coordinates": [[[-0.2, 51.2], [1.4, 51.2], [1.4, 52.2], [-0.2, 52.2], [-0.2, 51.2]]],
}
EMAIL = "bench-officer@example.test"


def _setup(var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LANTERN_VAR_DIR"] = var_dir
    (Path(var_dir) / "static").mkdir(exist_ok=True)  # WhiteNoise looks for it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["TASK_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    # No collectstatic here: static URLs from the finders, as in the tests.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def _files(extract: bool) -> list[Path]:
    if extract:
        from lantern.analytics import policeuk_extract

        return policeuk_extract.files()
    paths = sorted((SHARED / "policeuk").glob("2018-0[1-7]-essex-street.csv"))
    if len(paths) != 7:
        raise SystemExit(
            f"the seven Essex files are not in {SHARED / 'policeuk'} (or use --extract)"
        )
    return paths


def build(args: argparse.Namespace) -> dict:
    """The data: a partnership, an officer, reports, the police.uk import."""
    import datetime as dt
    import random

    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lantern.accounts import services as accounts
    from lantern.analytics import services
    from lantern.analytics.models import HotspotSurface, PoliceUkRecord
    from lantern.core import clock
    from lantern.core.actor import ANONYMOUS, SYSTEM, Role
    from lantern.reports.services import ReportInput, report_create

    call_command("migrate", verbosity=0)
    if PoliceUkRecord.objects.exists():
        raise SystemExit("police.uk records exist; point DATABASE_URL at a fresh database")
    force = accounts.organisation_create(actor=SYSTEM, name="Bench Police", kind="police_force")
    accounts.partnership_create(actor=SYSTEM, name="Bench CSP", boundary=ESSEX, members=[force])
    user = accounts.user_create(
        actor=SYSTEM, email=EMAIL, display_name="Bench Officer", password=None, validate=False
    )
    accounts.membership_grant(actor=SYSTEM, user=user, organisation=force, role=Role.POLICE_OFFICER)
    accounts.totp_device_install(actor=SYSTEM, user=user, key_hex=TOTPDevice().key)

    rng = random.Random(20180101)
    started = time.perf_counter()
    for _ in range(args.reports):
        report_create(
            actor=ANONYMOUS,
            data=ReportInput(
                category_code="noise",  # one with no required questions
                latitude=51.54 + rng.uniform(-0.03, 0.03),
                longitude=0.71 + rng.uniform(-0.05, 0.05),
                occurred_from=clock.now() - dt.timedelta(hours=rng.uniform(1, 24 * 60)),
                description="Shouting and bottles thrown in the street late at night.",
            ),
        )
    reports_s = time.perf_counter() - started

    started = time.perf_counter()
    rows = 0
    for path in _files(args.extract):
        batch, _ = services.policeuk_import(actor=SYSTEM, path=path)
        rows += batch.imported
    import_s = time.perf_counter() - started
    return {
        "reports": args.reports,
        "policeuk_rows": rows,
        "reports_seconds": round(reports_s, 2),
        "import_and_surfaces_seconds": round(import_s, 2),
        "stored_surfaces": HotspotSurface.objects.count(),
    }


def child(page: str, warm: int) -> None:
    """One fresh process: sign in, load another page, then time ``page``."""
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lantern.accounts.models import User

    user = User.objects.get(email=EMAIL)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    url = reverse({"hotspots": "analytics:hotspots", "reports": "reports:triage"}[page])
    assert client.get("/").status_code < 500
    times = []
    for _ in range(1 + warm):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        text = response.content.decode()
        if page == "hotspots" and "located record" not in text:
            raise SystemExit("the hotspot page did not show a stored surface")
    print(json.dumps({"cold": times[0], "warm": statistics.median(times[1:]) if warm else None}))


def measure(page: str, args: argparse.Namespace, env: dict) -> tuple[float, float]:
    cold, warm = [], []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, __file__, "--child", page, "--warm", str(args.warm)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise SystemExit(f"{page}: {done.stdout[-2000:]} {done.stderr[-3000:]}")
        found = json.loads(done.stdout.strip().splitlines()[-1])
        cold.append(found["cold"])
        if found["warm"] is not None:
            warm.append(found["warm"])
    return statistics.median(cold), statistics.median(warm) if warm else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per page")
    parser.add_argument("--warm", type=int, default=5, help="warm requests per process")
    parser.add_argument("--extract", action="store_true", help="the small vendored extract")
    parser.add_argument("--child", choices=["hotspots", "reports"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        _setup(os.environ["LANTERN_VAR_DIR"])
        child(args.child, args.warm)
        return 0

    var_dir = tempfile.mkdtemp(prefix="lantern-bench-hotspot-page-")
    try:
        _setup(var_dir)
        from django.db import connection

        built = build(args)
        env = dict(os.environ)
        hot_cold, hot_warm = measure("hotspots", args, env)
        list_cold, list_warm = measure("reports", args, env)
        ratio = hot_cold / list_cold
        print(f"database       {connection.vendor}", file=sys.stderr)
        print(
            f"data           {built['policeuk_rows']:,} police.uk rows, {built['reports']} "
            f"reports; import and surfaces {built['import_and_surfaces_seconds']:.1f} s, "
            f"{built['stored_surfaces']} stored surfaces",
            file=sys.stderr,
        )
        print(
            f"hotspot page   cold {hot_cold * 1000:.1f} ms, warm {hot_warm * 1000:.1f} ms",
            file=sys.stderr,
        )
        print(
            f"report list    cold {list_cold * 1000:.1f} ms, warm {list_warm * 1000:.1f} ms",
            file=sys.stderr,
        )
        print(f"ratio          {ratio:.3f} (goal <= 1.2)", file=sys.stderr)
        print(
            json.dumps(
                {
                    "name": "hotspot_page.cold_after_import",
                    "value": round(hot_cold, 5),
                    "baseline": round(list_cold, 5),
                    "ratio": round(ratio, 3),
                    "goal": "<= 1.2 (hotspot page cold / report list cold)",
                    "unit": "seconds",
                    "meets_goal": ratio <= 1.2,
                    "hotspot_warm": round(hot_warm, 5),
                    "report_list_warm": round(list_warm, 5),
                    "runs": args.runs,
                    "database": connection.vendor,
                    **built,
                    "cpus": os.cpu_count(),
                    "load_average": [round(v, 2) for v in os.getloadavg()],
                    "python": platform.python_version(),
                },
                sort_keys=True,
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
