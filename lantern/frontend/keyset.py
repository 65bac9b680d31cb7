"""Keyset pagination for long lists, newest first (the triage list, the case list, the audit
log): a page is found by the last row of the page before (``?older=``) or the first row of
the page after (``?newer=``), never by an offset, so page 2,000 costs what page 1 costs and
no count of the whole list is needed (docs/scale.md).

The order is ``-field, -pk``: the primary key breaks ties. A cursor is the row's field value
and primary key as text, parsed back with the fields' own ``to_python``; a cursor that does
not parse is ignored (the first page), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from govuk_frontend_django.components.pagination import GovUKPagination

SEPARATOR = "~"


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    pagination: GovUKPagination | None


def _cursor(row: Model, field: str) -> str:
    value = getattr(row, field)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return f"{text}{SEPARATOR}{row.pk}"


def _parse(queryset: QuerySet, field: str, cursor: str) -> tuple[Any, Any] | None:
    meta = queryset.model._meta
    text, _, pk = cursor.rpartition(SEPARATOR)
    try:
        return meta.get_field(field).to_python(text), meta.pk.to_python(pk)
    except (ValidationError, ValueError, TypeError):
        return None


def keyset_page(
    queryset: QuerySet, *, query: QueryDict, field: str = "created_at", size: int = 50
) -> KeysetPage:
    """One page of ``queryset`` ordered by ``-field, -pk``, from the cursor in ``query``."""
    older = _parse(queryset, field, query.get("older", "")) if query.get("older") else None
    newer = _parse(queryset, field, query.get("newer", "")) if query.get("newer") else None
    if newer is not None:
        value, pk = newer
        after = Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk})
        rows = list(queryset.filter(after).order_by(field, "pk")[: size + 1])
        has_newer, has_older = len(rows) > size, True
        items = rows[:size][::-1]
    else:
        if older is not None:
            value, pk = older
            before = Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk})
            queryset = queryset.filter(before)
        rows = list(queryset.order_by(f"-{field}", "-pk")[: size + 1])
        has_newer, has_older = older is not None, len(rows) > size
        items = rows[:size]
    if not items or not (has_newer or has_older):
        return KeysetPage(items, None)

    def href(key: str, row: Model) -> str:
        params = query.copy()
        params.pop("older", None)
        params.pop("newer", None)
        params[key] = _cursor(row, field)
        return "?" + params.urlencode()

    newer_link: Any = {"href": href("newer", items[0]), "text": "Newer"} if has_newer else None
    older_link: Any = {"href": href("older", items[-1]), "text": "Older"} if has_older else None
    return KeysetPage(items, GovUKPagination(previous=newer_link, next=older_link))
