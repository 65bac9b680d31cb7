"""Helpers for the tests of the API's lists paged by cursor (docs/adr/0023): walk a list
page by page as a client would, and make rows share one creation time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from lantern.core import clock


def walk(client, url: str, **headers: Any) -> tuple[list[str], list[str]]:
    """Follow ``next`` from ``url`` to the end; the ids in the order the pages gave them, and
    every SQL statement the pages ran. Each page must answer 200 with results, next and
    previous only, and be no empty page but the first."""
    ids: list[str] = []
    statements: list[str] = []
    page_url: str | None = url
    while page_url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url, **headers)
        assert response.status_code == 200, response.content
        page = response.json()
        assert set(page) == {"results", "next", "previous"}
        assert page["results"] or not ids
        ids += [row["id"] for row in page["results"]]
        statements += [q["sql"] for q in queries.captured_queries]
        page_url = page["next"]
    return ids, statements


def walk_back(client, url: str, **headers: Any) -> list[str]:
    """From the last page of ``url``, follow ``previous`` to the first; the ids newest
    first, as a forward walk gives them."""
    page = client.get(url, **headers).json()
    while page["next"]:
        page = client.get(page["next"], **headers).json()
    ids = [row["id"] for row in page["results"]]
    while page["previous"]:
        page = client.get(page["previous"], **headers).json()
        ids = [row["id"] for row in page["results"]] + ids
    return ids


def share_a_creation_time(model: type[Model], ids: list[Any], field: str = "created_at") -> None:
    """Give the rows ``ids`` one creation time (as rows made in one microsecond, or by a bulk
    import, have), and every other row of ``model`` a time of its own around it. ``field``
    is the time the list is ordered by."""
    now = clock.now()
    model._default_manager.filter(pk__in=ids).update(**{field: now})
    others = model._default_manager.exclude(pk__in=ids).order_by("pk")
    for n, pk in enumerate(others.values_list("pk", flat=True)):
        offset = timedelta(seconds=n + 1) * (1 if n % 2 else -1)
        model._default_manager.filter(pk=pk).update(**{field: now + offset})


def newest_first(model: type[Model], ids: list[Any], field: str = "created_at") -> list[str]:
    """The ids in the lists' order: newest first (by ``field``), ties broken by the id,
    highest first."""
    rows = model._default_manager.filter(pk__in=ids).order_by(f"-{field}", "-id")
    return [str(pk) for pk in rows.values_list("pk", flat=True)]


def counted(statements: list[str]) -> list[str]:
    return [sql for sql in statements if "COUNT(" in sql.upper()]
