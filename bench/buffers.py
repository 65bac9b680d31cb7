"""What each page of the page benchmark costs PostgreSQL, in buffers (issue 21).

Timings on a shared machine are noisy; the work the database does is not. For every page of
``bench/pages.py`` (the same list, signed in as the same roles, the same sampled records)
this asks the page once to warm up, then once more with Django's ``CaptureQueriesContext``
around the request (the test client, in this process), and runs each captured ``SELECT``
again under ``EXPLAIN (ANALYZE, BUFFERS)``, inside a transaction rolled back at the end. A
query's figure is the buffers its plan touched (shared hit + read: 8 kB pages, wherever
they came from); a page's is the sum over its queries. A page whose figure is the same on
a small and a large data set costs the same at any size (docs/scale.md, "Run 4").

    PYTHONPATH=. .venv/bin/python bench/buffers.py postgres://postgres@127.0.0.1:5432/DB
    PYTHONPATH=. .venv/bin/python bench/buffers.py URL --page "case list" --page "API cases"
    PYTHONPATH=. .venv/bin/python bench/buffers.py URL --page "API cases" --queries
    PYTHONPATH=. .venv/bin/python bench/buffers.py URL --json > buffers.json

The database is one ``bench/pages.py`` made (``<prefix>_<size>``) or any other migrated and
seeded with ``lantern seed-demo`` and ``lantern seed-scale``. Pages that take an id are
asked for ``--samples`` records (default 3) and show the least and the most. ``--queries``
prints each query's buffers and the start of its SQL (the ``--top`` costliest, default 5).
The requests write what the pages write (audit events, sessions), as the benchmark does.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup_django(url: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="lantern-bench-buffers-"))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    (work / "var" / "static").mkdir(parents=True)
    os.environ.setdefault("LANTERN_VAR_DIR", str(work / "var"))
    os.environ.setdefault("LANTERN_MEDIA_ROOT", str(work / "var" / "media"))
    os.environ.setdefault("TASK_BACKEND", "immediate")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("LANTERN_TEST_DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # Templates name their static files; no manifest is needed to count buffers (the
    # benchmark's collectstatic is not run here).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _plan_buffers(node: dict[str, Any]) -> int:
    """Shared buffers the plan touched; a node's counts include its children's."""
    return int(node.get("Shared Hit Blocks", 0)) + int(node.get("Shared Read Blocks", 0))


def explain(sql: str) -> tuple[int, int]:
    """(buffers, rows) of one SELECT, run again under EXPLAIN (ANALYZE, BUFFERS)."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            document = cursor.fetchone()[0]
        transaction.set_rollback(True)
    plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    return _plan_buffers(plan), int(plan.get("Actual Rows", 0))


def page_queries(client: Any, path: str) -> list[dict[str, Any]]:
    """One request to ``path`` (after one to warm up): each SELECT it ran, with its buffers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        if "lantern_audit_append(" in sql:  # a write (the audit chain's append), not a read
            continue
        buffers, rows = explain(sql)
        found.append({"buffers": buffers, "rows": rows, "sql": sql})
    return found


def _sessions_and_ids(samples: int) -> dict[str, Any]:
    """The benchmark's own sign-ins and samples (bench/pages.py SETUP), run in this process."""
    from pages import SETUP  # bench/pages.py

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(SETUP.replace("sys.argv[1]", str(samples)), {})  # noqa: S102 - our own code
    return json.loads(out.getvalue().strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the PostgreSQL database, postgres://user@host:port/name")
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument("--samples", type=int, default=3, help="records per page that takes one")
    parser.add_argument("--queries", action="store_true", help="print each page's queries")
    parser.add_argument("--top", type=int, default=5, help="queries printed per page")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    if not args.url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("buffers are PostgreSQL's: give a postgres:// URL")
    _setup_django(args.url)
    from django.test import Client
    from pages import pages  # bench/pages.py

    setup = _sessions_and_ids(args.samples)
    results: dict[str, dict[str, Any]] = {}
    for name, role, path, kind in pages(setup["year"]):
        if args.page and name not in args.page:
            continue
        client = Client(HTTP_HOST="localhost")
        client.cookies["sessionid"] = setup["sessions"][role]
        totals, counts = [], []
        worst: list[dict[str, Any]] = []
        for record in setup["ids"][kind][: args.samples] if kind else [""]:
            queries = page_queries(client, path.format(id=record))
            totals.append(sum(q["buffers"] for q in queries))
            counts.append(len(queries))
            worst = max(worst, queries, key=lambda qs: sum(q["buffers"] for q in qs))
        results[name] = {"min": min(totals), "max": max(totals), "queries": max(counts)}
        span = f"{min(totals)}" if min(totals) == max(totals) else f"{min(totals)}-{max(totals)}"
        print(f"{name:32} {span:>13} buffers  {max(counts):3} queries", flush=True)
        if args.queries:
            for q in sorted(worst, key=lambda q: -q["buffers"])[: args.top]:
                sql = " ".join(q["sql"].split())
                print(f"    {q['buffers']:7} buffers {q['rows']:6} rows  {sql[:150]}")
    if args.json:
        print(
            json.dumps({"bench": "buffers", "url": args.url.rsplit("@", 1)[-1], "pages": results})
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
