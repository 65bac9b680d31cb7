"""Benchmark: do the pages staff use most stay as fast as the data grows (issue 21)?

Seeds two sizes of the fictional borough (``lantern seed-scale``, docs/scale.md) into
PostgreSQL, each in a database of its own made from one migrated, demo-seeded template, and
then, for each size, starts Lantern's real web server (``lantern serve``: gunicorn, gthread)
and measures with CONCURRENCY users at once, each on its own keep-alive connection and signed
in as the role that uses the page, the latency of

* the triage list (with filters and without), a report's page, the case list, a case's page,
  a person's and a vehicle's page, the dashboard of each staff role, the hotspot map for a
  year, the partnership dashboard, the audit event list, and the API lists staff use
  (reports, cases, audit events, evidence items).

Pages that take an id are asked for a sample of records drawn at random from the data set.
Every page is warmed up first (one request per id), then asked ``--requests`` times. For each
page it prints p50 and p95 at both sizes; the JSON last line gives, for the worst page,
``ratio`` = p95(large) / p95(small), and every page's figures. Goal: ratio <= 1.5 (the cost
of a page does not grow with the data).

    # quick, while developing (a few minutes):
    PYTHONPATH=. .venv/bin/python bench/pages.py --small 2000 --large 20000
    # the issue's sizes (seeding 1,000,000 reports takes a long while on a busy machine):
    PYTHONPATH=. .venv/bin/python bench/pages.py --small 10000 --large 1000000

PostgreSQL is reached at ``--pg-url`` (default ``postgres://postgres@127.0.0.1:5432``); the
databases are ``<prefix>_base``, ``<prefix>_<size>`` and are kept for the next run
(``--reseed`` makes them again; ``--drop`` removes them at the end; ``--seed-only`` seeds
them and stops, so that a long seed can run ahead of the measuring).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from servers import free_port, stop, wait_for  # bench/servers.py

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "config.cli"]
CONCURRENCY = 8
GOAL = 1.5

# The sessions (signed in past two-factor, as conftest.client_for does) and the sample ids.
SETUP = """
import json, sys
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from lantern.accounts.demo import EASTMERE, ORGANISATIONS, USERS, demo_email

COUNCIL = (
    "organisation_id = (SELECT id FROM accounts_organisation WHERE name = '%s')"
    % ORGANISATIONS["council"][0].replace("'", "''")
)

sessions = {}
for role in USERS:
    if not role.is_staff:
        continue
    user = get_user_model().objects.get(email=demo_email(role))
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    sessions[role.value] = client.cookies["sessionid"].value
samples = int(sys.argv[1])
ids = {}
with connection.cursor() as cursor:
    for name, sql in {
        # The data set's reports, and the council's cases (the council officer asks for
        # them), their people and vehicles (seen through the cases they are in).
        "report": "SELECT r.id FROM reports_report r JOIN accounts_partnership p"
        f" ON p.id = r.partnership_id WHERE p.name = '{EASTMERE}' AND r.queue <> 'safeguarding'",
        "case": f"SELECT id FROM cases_case WHERE {COUNCIL}",
        "person": "SELECT DISTINCT person_id FROM cases_casesubject WHERE person_id IS NOT NULL"
        f" AND case_id IN (SELECT id FROM cases_case WHERE {COUNCIL})",
        "vehicle": "SELECT DISTINCT vehicle_id FROM cases_casesubject WHERE vehicle_id"
        f" IS NOT NULL AND case_id IN (SELECT id FROM cases_case WHERE {COUNCIL})",
    }.items():
        cursor.execute(f"SELECT * FROM ({sql}) AS s ORDER BY random() LIMIT %s", [samples])
        ids[name] = [str(row[0]) for row in cursor.fetchall()]
    cursor.execute("SELECT max(month) FROM analytics_policeukrecord")
    last = cursor.fetchone()[0]
print(json.dumps({"sessions": sessions, "ids": ids, "year": last.year - 1}))
"""

STAFF_ROLES = [
    "police_officer",
    "pcso",
    "council_officer",
    "safeguarding_lead",
    "support_worker",
    "analyst",
    "supervisor",
    "source_handler",
    "admin",
]


def pages(year: int) -> list[tuple[str, str, str, str | None]]:
    """(name, role, path, the id kind the path takes or None)."""
    listed = [
        ("triage list", "police_officer", "/reports/triage/", None),
        (
            "triage list, filtered",
            "police_officer",
            "/reports/triage/?status=closed&queue=enforcement",
            None,
        ),
        ("report page", "police_officer", "/reports/triage/{id}/", "report"),
        ("case list", "council_officer", "/cases/", None),
        ("case page", "council_officer", "/cases/{id}/", "case"),
        ("person page", "council_officer", "/cases/people/{id}/", "person"),
        ("vehicle page", "council_officer", "/cases/vehicles/{id}/", "vehicle"),
        (
            "hotspot map, a year",
            "analyst",
            f"/analytics/hotspots/?method=kde&start={year}-01&end={year}-12&source=both",
            None,
        ),
        ("partnership dashboard", "analyst", "/analytics/", None),
        # The partnership's figures for its whole area, the last 12 months (the default).
        ("partnership figures", "analyst", "/analytics/partnership/", None),
        ("audit event list", "admin", "/audit/", None),
        ("API reports", "police_officer", "/api/v1/reports/?status=new", None),
        ("API cases", "council_officer", "/api/v1/cases/cases", None),
        ("API audit events", "admin", "/api/v1/audit/events", None),
        ("API evidence items", "police_officer", "/api/v1/evidence/items", None),
    ]
    dashboards = [(f"dashboard, {role}", role, "/dashboard/", None) for role in STAFF_ROLES]
    return listed + dashboards


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def psql(url: str, sql: str, *, check: bool = True) -> str:
    done = subprocess.run(["psql", url, "-qtAc", sql], check=check, capture_output=True, text=True)
    return done.stdout.strip()


def manage(env: dict, *argv: str) -> None:
    subprocess.run([*CLI, *argv], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(args, env: dict, size: int) -> str:
    """The database holding the data set of ``size`` reports (made from the template)."""
    server = args.pg_url.rstrip("/")
    admin = f"{server}/postgres"
    base, name = f"{args.prefix}_base", f"{args.prefix}_{size}"
    exists = psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")  # noqa: S608
    if exists and not args.reseed:
        print(f"{name}: kept from an earlier run", flush=True)
        # Migrations added since (indexes) apply to the kept data set too.
        manage({**env, "DATABASE_URL": f"{server}/{name}"}, "migrate", "-v", "0")
        return f"{server}/{name}"
    if args.reseed:
        psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{base}'"):  # noqa: S608
        print(f"{base}: migrating and seeding the demo", flush=True)
        psql(admin, f'CREATE DATABASE "{base}"')
        base_env = {**env, "DATABASE_URL": f"{server}/{base}"}
        manage(base_env, "migrate", "-v", "0")
        manage(base_env, "seed-demo")
    psql(admin, f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
    manage({**env, "DATABASE_URL": f"{server}/{name}"}, "migrate", "-v", "0")
    began = time.monotonic()
    manage({**env, "DATABASE_URL": f"{server}/{name}"}, "seed-scale", "--reports", str(size),
           "--no-demo")  # fmt: skip
    # After a bulk load, as PostgreSQL's "Populating a Database" advises.
    psql(f"{server}/{name}", "VACUUM ANALYZE")
    print(f"{name}: seeded {size} reports in {time.monotonic() - began:.0f} s", flush=True)
    return f"{server}/{name}"


def drive(port: int, requests: list[tuple[str, str]], concurrency: int) -> list[float]:
    """Send the (session, path) requests from ``concurrency`` threads, each on its own
    keep-alive connection; return the latencies in seconds. Any answer but 200 fails."""
    lock = threading.Lock()
    queue = list(reversed(requests))
    latencies: list[float] = []
    failures: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while True:
            with lock:
                if not queue:
                    break
                session, path = queue.pop()
            began = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(f"{response.status} {path}")
        conn.close()

    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(client) for _ in range(concurrency)]:
            future.result()
    if failures:
        raise SystemExit(f"pages failed: {sorted(set(failures))[:5]}")
    return latencies


def measure(args, env: dict, url: str) -> dict[str, dict[str, float]]:
    run_env = {**env, "DATABASE_URL": url}
    out = subprocess.run(
        [*CLI, "shell", "-c", SETUP.replace("sys.argv[1]", str(args.samples))],
        env=run_env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    setup = json.loads(out.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", str(args.workers),
         "--threads", str(args.threads)],
        env=run_env, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    figures: dict[str, dict[str, float]] = {}
    try:
        wait_for(port, server, "lantern serve")
        for name, role, path, kind in pages(setup["year"]):
            session = setup["sessions"][role]
            ids = setup["ids"][kind] if kind else [""]
            paths = [path.format(id=i) for i in ids]
            drive(port, [(session, p) for p in paths[: args.concurrency]], args.concurrency)
            wanted = [(session, paths[n % len(paths)]) for n in range(args.requests)]
            latencies = drive(port, wanted, args.concurrency)
            figures[name] = {
                "p50_ms": round(percentile(latencies, 50) * 1000, 1),
                "p95_ms": round(percentile(latencies, 95) * 1000, 1),
            }
            print(f"  {name:32} p50 {figures[name]['p50_ms']:8.1f} ms   "
                  f"p95 {figures[name]['p95_ms']:8.1f} ms", flush=True)  # fmt: skip
    finally:
        stop(server)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="reports in the small set")
    parser.add_argument("--large", type=int, default=1_000_000, help="reports in the large set")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--prefix", default="lantern_bench_pages", help="database names")
    parser.add_argument("--requests", type=int, default=80, help="requests per page and size")
    parser.add_argument("--samples", type=int, default=40, help="records sampled per kind")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--reseed", action="store_true", help="seed the sizes again")
    parser.add_argument("--drop", action="store_true", help="drop the databases at the end")
    parser.add_argument("--seed-only", action="store_true",
                        help="seed (or migrate) the sizes and stop, to measure later")  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lantern-bench-pages-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "LANTERN_VAR_DIR": str(work / "var"),
        "LANTERN_MEDIA_ROOT": str(work / "var" / "media"),
        "TASK_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("LANTERN_TEST_DATABASE_URL", None)
    subprocess.run([*CLI, "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    results = {}
    urls = []
    for label, size in (("small", args.small), ("large", args.large)):
        url = prepare(args, env, size)
        urls.append(url)
        if args.seed_only:
            continue
        print(f"{label}: {size} reports, {args.concurrency} users at once", flush=True)
        results[label] = measure(args, env, url)
    if args.seed_only:
        return 0
    every = {
        name: {
            "small_p50_ms": results["small"][name]["p50_ms"],
            "small_p95_ms": results["small"][name]["p95_ms"],
            "large_p50_ms": results["large"][name]["p50_ms"],
            "large_p95_ms": results["large"][name]["p95_ms"],
            "ratio": round(results["large"][name]["p95_ms"] / results["small"][name]["p95_ms"], 2),
        }
        for name in results["small"]
    }
    worst = max(every, key=lambda name: every[name]["ratio"])
    print(f"worst: {worst}, p95 {every[worst]['large_p95_ms']} ms at {args.large} reports "
          f"against {every[worst]['small_p95_ms']} ms at {args.small}")  # fmt: skip
    if args.drop:
        admin = f"{args.pg_url.rstrip('/')}/postgres"
        for url in urls:
            psql(admin, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    print(
        json.dumps(
            {
                "bench": "pages",
                "small": args.small,
                "large": args.large,
                "concurrency": args.concurrency,
                "requests": args.requests,
                "worst": worst,
                "ratio": every[worst]["ratio"],
                "goal": GOAL,
                "pages": every,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
