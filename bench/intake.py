"""Benchmark: report submissions per second through the API, against a bare Django view.

Creates a fresh PostgreSQL database (dropped at the end), migrates it, makes one resident
with an API token per client (as many residents filing at once would), and starts
``lantern serve`` (gunicorn, gthread) on it. Beside it, on the same database and with the
same gunicorn workers and threads, it serves a baseline written here: a bare Django JSON
view (``settings.configure()``, no apps, no middleware) that parses the same JSON body and
makes one INSERT into a plain table. Both are driven by the same load: CONCURRENCY client
threads, each with a keep-alive connection over loopback, sending POSTs.

* value: ``POST /api/v1/reports/`` answered 201 per second: the token looked up with its
  user and roles, validation, then the report, its vehicle, its status change and its
  audit event (hash-chained) in one transaction through the ORM (ADR 0012);
* baseline: the bare view's inserts per second.

After a warm-up, the run is ROUNDS rounds; each round drives both servers for SECONDS
each, one after the other, the order alternating from round to round. A shared machine's
speed drifts from one second to the next (a CPU-bound loop here took anywhere from 73 to
136 ms), so the two windows of a round, side by side and of the same length, see nearly
the same machine, and the ratio is the median of the rounds' ratios. (Runs of a fixed
number of requests would give the slower server longer windows, which see more of the
machine's slow spells.) Each server's median and best window, and latency p50/p99 over
all its requests, are printed too.

There is no goal (``"goal": null``): intake through the plain ORM path files a couple of
hundred reports a second, where a busy borough files a few a minute, and chasing a ratio
against a bare INSERT was the wrong goal (ADR 0012). The ratio is kept to catch a
regression: compare it with earlier runs on the same machine, and look for the change that
moved it if it falls well below them. Afterwards it checks that every report has its
``report.created`` audit event. The last line printed is one JSON object.

    .venv/bin/python bench/intake.py                             # 10 rounds of 2 x 1.5 s
    .venv/bin/python bench/intake.py --rounds 3 --seconds 1      # quick check

PostgreSQL is reached as ``postgres@127.0.0.1:5432`` unless --pg-url says otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from servers import free_port, stop, wait_for  # bench/servers.py

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LANTERN = str(BIN / "lantern")
GUNICORN = str(BIN / "gunicorn")
BASELINE_TABLE = "bench_intake_baseline"

SETUP = """
import json
import sys
from django.db import connection
from lantern.accounts import services
from lantern.core.actor import SYSTEM, Role
# Reports are filed only where a partnership serves the place: one serving Great Britain.
ring = [[-11.0, 49.0], [3.0, 49.0], [3.0, 61.0], [-11.0, 61.0], [-11.0, 49.0]]
services.partnership_create(actor=SYSTEM, name="Bench partnership",
    boundary={"type": "Polygon", "coordinates": [ring]})
tokens = []
for n in range(int(sys.argv[-1])):
    user = services.user_create(actor=SYSTEM, email=f"bench-resident-{n}@example.test",
        display_name=f"Bench Resident {n}", password="correct horse battery staple",
        validate=False)
    services.membership_grant(actor=SYSTEM, user=user, organisation=None, role=Role.RESIDENT)
    tokens.append(services.api_token_create(actor=SYSTEM, user=user, name="bench")[1])
with connection.cursor() as cursor:
    cursor.execute(
        "CREATE TABLE @TABLE@ (id bigserial PRIMARY KEY, payload jsonb NOT NULL, "
        "created_at timestamptz NOT NULL DEFAULT now())"
    )
print(json.dumps(tokens))
""".replace("@TABLE@", BASELINE_TABLE)

COUNT = """
import json
from django.db import connection
from lantern.audit.models import AuditEvent
from lantern.reports.models import Report
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM @TABLE@")
    baseline_rows = cursor.fetchone()[0]
reports = set(str(pk) for pk in Report.objects.values_list("pk", flat=True))
audited = set(AuditEvent.objects.filter(action="report.created").values_list("object_id", flat=True))
print(json.dumps({"reports": len(reports), "audited": len(reports & audited),
    "baseline": baseline_rows}))
""".replace("@TABLE@", BASELINE_TABLE)

# The baseline: the least a Django JSON endpoint that stores a submission can do.
BASELINE_APP = """
import json
import os

import environ
from django.conf import settings

_db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
_db["CONN_MAX_AGE"] = 60
_db["CONN_HEALTH_CHECKS"] = True
settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-baseline-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={"default": _db},
    USE_TZ=True,
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponseNotAllowed, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402


@csrf_exempt
def submit(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    payload = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO @TABLE@ (payload) VALUES (%s) RETURNING id", [json.dumps(payload)]
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id, "status": "new"}, status=201)


urlpatterns = [path("api/v1/reports/", submit)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
""".replace("@TABLE@", BASELINE_TABLE)


def body_for(i: int) -> bytes:
    moment = datetime(2026, 11, 1, 21, 0, tzinfo=UTC) + timedelta(minutes=i % 20_000)
    return json.dumps(
        {
            "category_code": "kerb-crawling",
            "latitude": 51.5412 + (i % 97) * 0.0001,
            "longitude": 0.7183 + (i % 89) * 0.0001,
            "occurred_from": moment.isoformat(),
            "description": (
                "A silver hatchback drove slowly along Larkspur Row three times, stopping "
                f"beside people on the pavement. Submission {i}."
            ),
            "vehicles": ["AB12 CDE"],
        }
    ).encode()


def drive(
    port: int,
    tokens: list[str],
    concurrency: int,
    offset: int,
    *,
    total: int | None = None,
    seconds: float | None = None,
) -> dict:
    """Send POSTs from `concurrency` threads, each on its own keep-alive connection and
    with its own resident's token: `total` of them, or as many as fit in `seconds` (a
    request under way when the time is up is finished and counted). Returns how many were
    sent, the wall time, the per-request latencies and any failures."""
    counter = itertools.count(offset)
    lock = threading.Lock()
    start_gate = threading.Barrier(concurrency + 1)
    deadline = [float("inf")]

    def client(token: str) -> tuple[list[float], list[str]]:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        latencies: list[float] = []
        failures: list[str] = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            with lock:
                i = next(counter)
                if total is not None and i >= offset + total:
                    break
            body = body_for(i)
            began = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/reports/", body=body, headers=headers)
                response = conn.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as exc:
                failures.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            latencies.append(time.perf_counter() - began)
            if response.status != 201:
                failures.append(f"{response.status} {answer[:200]!r}")
        conn.close()
        return latencies, failures

    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(client, tokens[n % len(tokens)]) for n in range(concurrency)]
        began = time.perf_counter()
        if seconds is not None:
            deadline[0] = began + seconds
        start_gate.wait()
        results = [f.result() for f in futures]
        elapsed = time.perf_counter() - began
    latencies = sorted(x for lat, _ in results for x in lat)
    failures = [x for _, fail in results for x in fail]
    return {
        "sent": len(latencies) + len(failures),
        "seconds": elapsed,
        "latencies": latencies,
        "failures": failures,
    }


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def summary(runs: list[dict], latencies: list[float]) -> dict:
    """One server's windows: the median and the best window's rate, and the latency
    percentiles over every request of every window."""
    rates = [run["sent"] / run["seconds"] for run in runs]
    return {
        "rate": statistics.median(rates),
        "best_rate": max(rates),
        "requests": sum(run["sent"] for run in runs),
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
    }


def shell(code: str, env: dict, *argv: str) -> str:
    done = subprocess.run(
        [str(BIN / "python"), "-c", "import django; django.setup()\n" + code, *argv],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds of two timed windows")
    parser.add_argument("--seconds", type=float, default=1.5, help="length of each timed window")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (both servers)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--warmup", type=int, default=200, help="untimed POSTs first")
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server to create the scratch database on",
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.concurrency < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--rounds and --concurrency must be at least 1, --seconds above 0")

    dbname = f"lantern_bench_intake_{os.getpid()}"
    server_url = args.pg_url.rstrip("/")
    admin = [server_url + "/postgres"]
    work = Path(tempfile.mkdtemp(prefix="lantern-bench-intake-"))
    (work / "baseline_app.py").write_text(BASELINE_APP)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"{server_url}/{dbname}",
        "LANTERN_VAR_DIR": str(work / "var"),
        "LANTERN_MEDIA_ROOT": str(work / "var" / "media"),
        "TASK_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("LANTERN_TEST_DATABASE_URL", None)
    servers: list[subprocess.Popen] = []
    created = False
    try:
        subprocess.run(
            ["psql", *admin, "-q", "-c", f'CREATE DATABASE "{dbname}"'],
            check=True,
            capture_output=True,
        )
        created = True
        subprocess.run([LANTERN, "migrate", "-v", "0"], env=env, check=True)
        tokens = json.loads(shell(SETUP, env, str(args.concurrency)))

        lantern_port, baseline_port = free_port(), free_port()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        lantern = subprocess.Popen(
            [
                LANTERN,
                "serve",
                "--port",
                str(lantern_port),
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            start_new_session=True,
            **quiet,
        )
        servers.append(lantern)
        baseline = subprocess.Popen(
            [
                GUNICORN,
                "--chdir",
                str(work),
                "--bind",
                f"127.0.0.1:{baseline_port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--worker-class",
                "gthread",
                "baseline_app:application",
            ],
            env=env,
            start_new_session=True,
            **quiet,
        )
        servers.append(baseline)
        wait_for(lantern_port, lantern, "lantern serve")
        wait_for(baseline_port, baseline, "the baseline server")

        sent = {"lantern": 0, "baseline": 0}
        for name, port in (("baseline", baseline_port), ("lantern", lantern_port)):
            warm = drive(port, tokens, args.concurrency, sent[name], total=args.warmup)
            sent[name] += warm["sent"]
            if warm["failures"]:
                raise SystemExit(f"{name} warm-up failed: {warm['failures'][:3]}")

        # Rounds of two windows of the same length, one per server, in alternating order:
        # the machine's speed drifts from second to second, and a pair of windows side by
        # side sees nearly the same machine. The ratio is the median of the rounds' ratios.
        windows: dict[str, list[dict]] = {"lantern": [], "baseline": []}
        latencies: dict[str, list[float]] = {"lantern": [], "baseline": []}
        ratios: list[float] = []
        order = [("baseline", baseline_port), ("lantern", lantern_port)]
        for n in range(args.rounds):
            rates = {}
            for name, port in order if n % 2 == 0 else order[::-1]:
                run = drive(port, tokens, args.concurrency, sent[name], seconds=args.seconds)
                sent[name] += run["sent"]
                if run["failures"]:
                    raise SystemExit(
                        f"{name}: {len(run['failures'])} failed, e.g. {run['failures'][:3]}"
                    )
                rates[name] = run["sent"] / run["seconds"]
                windows[name].append(run)
                latencies[name] += run["latencies"]
            ratios.append(rates["lantern"] / rates["baseline"])
        best = {name: summary(runs, sorted(latencies[name])) for name, runs in windows.items()}

        counts = json.loads(shell(COUNT, env))
        if counts["reports"] != sent["lantern"] or counts["audited"] != sent["lantern"]:
            raise SystemExit(f"sent {sent['lantern']} reports but the database holds {counts}")
        if counts["baseline"] != sent["baseline"]:
            raise SystemExit(f"sent {sent['baseline']} baseline rows, stored {counts['baseline']}")

        value, base = best["lantern"], best["baseline"]
        ratio = statistics.median(ratios)
        print(f"database       postgresql ({dbname}, dropped afterwards)")
        print(
            f"load           {args.rounds} rounds of two {args.seconds:g} s windows, "
            f"{args.concurrency} keep-alive clients; servers {args.workers} workers x "
            f"{args.threads} threads"
        )
        for label, r in (("lantern", value), ("baseline", base)):
            print(
                f"{label:<14} {r['rate']:,.0f} req/s median window (best {r['best_rate']:,.0f}; "
                f"{r['requests']:,} requests); latency p50 {r['p50_ms']:.1f} ms, "
                f"p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms"
            )
        print(
            f"ratio          {ratio:.3f} (no goal; a regression check): median of the rounds' "
            f"ratios, which ranged {min(ratios):.3f} to {max(ratios):.3f}"
        )
        print(
            f"checked        {counts['reports']:,} reports, each with its report.created audit "
            f"event; {counts['baseline']:,} baseline rows"
        )
        print(
            json.dumps(
                {
                    "name": "report_intake_api",
                    "value": round(value["rate"], 1),
                    "baseline": round(base["rate"], 1),
                    "ratio": round(ratio, 4),
                    "goal": None,
                    "unit": "requests/s",
                    "round_ratios": [round(r, 4) for r in ratios],
                    "p50_ms": round(value["p50_ms"], 2),
                    "p99_ms": round(value["p99_ms"], 2),
                    "baseline_p50_ms": round(base["p50_ms"], 2),
                    "baseline_p99_ms": round(base["p99_ms"], 2),
                    "requests": value["requests"],
                    "baseline_requests": base["requests"],
                    "rounds": args.rounds,
                    "seconds": args.seconds,
                    "concurrency": args.concurrency,
                    "workers": args.workers,
                    "threads": args.threads,
                    "database": "postgresql",
                    "audited_reports": counts["audited"],
                    "cpus": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                    "python": platform.python_version(),
                }
            )
        )
    finally:
        for server in servers:
            stop(server)
        if created:
            subprocess.run(
                ["psql", *admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'],
                check=False,
                capture_output=True,
            )
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
