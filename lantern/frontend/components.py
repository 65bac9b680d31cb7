"""Building GOV.UK components in Python, for views whose data is a list (tables, summary
lists). They render through govuk-frontend-django's component dataclasses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.paginator import Page
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.pagination import GovUKPagination
from govuk_frontend_django.components.summary_list import GovUKSummaryList
from govuk_frontend_django.components.table import GovUKTable


def _plain(value: Any) -> Any:
    """Nested parts go to the component as plain dicts: the GOV.UK macros read dict keys, and
    a dict leaves out what is unset where a nested dataclass would pass None."""
    return value


class ScrollableTable(GovUKTable):
    """A GOV.UK table inside a region that scrolls sideways when the table is wider than the
    page: ``<div class="app-table-wrapper" tabindex="0" role="region" aria-label=caption>``.
    The region takes the keyboard focus, so the arrow keys scroll it, and its name (the
    caption) tells a screen reader what it holds."""

    def render(self, *args: Any, **kwargs: Any) -> SafeString:
        return table_wrapper(super().render(*args, **kwargs), label=self.caption or "Table")

    __str__ = render
    __html__ = render


def table_wrapper(html: str, *, label: str) -> SafeString:
    """``html`` (a rendered table, safe) in the scrollable, focusable region."""
    return format_html(
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="{}">{}</div>',
        label,
        SafeString(html),
    )


def table(
    *,
    caption: str,
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    caption_hidden: bool = False,
    html_columns: frozenset[int] = frozenset(),
) -> GovUKTable:
    """A GOV.UK table. Cells are text (escaped) unless their column is in ``html_columns``,
    in which case the value must already be safe HTML (built with format_html). It renders
    in a region that scrolls sideways on a narrow screen (``ScrollableTable``)."""
    body = [
        [
            {"html": str(cell)}
            if index in html_columns
            else {"text": "" if cell is None else str(cell)}
            for index, cell in enumerate(row)
        ]
        for row in rows
    ]
    return ScrollableTable(
        caption=caption,
        captionClasses="govuk-visually-hidden" if caption_hidden else "govuk-table__caption--m",
        head=_plain([{"text": text} for text in head]),
        rows=_plain(body),
    )


def summary_list(
    rows: Iterable[tuple[str, object]], *, html_rows: frozenset[int] = frozenset()
) -> GovUKSummaryList:
    """A GOV.UK summary list of (key, value) pairs; values are text (escaped) unless their
    row is in ``html_rows``, in which case the value must already be safe HTML (built with
    format_html)."""
    return GovUKSummaryList(
        rows=_plain(
            [
                {
                    "key": {"text": key},
                    "value": {"html": str(value)}
                    if index in html_rows
                    else {"text": "" if value is None else str(value)},
                }
                for index, (key, value) in enumerate(rows)
            ]
        )
    )


def pagination(page: Page, query: QueryDict) -> GovUKPagination | None:
    """GOV.UK pagination links for a Django Page, keeping the other query parameters."""
    if not page.has_other_pages():
        return None

    def href(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    return GovUKPagination(
        previous=_plain(
            {"href": href(page.previous_page_number())} if page.has_previous() else None
        ),
        next=_plain({"href": href(page.next_page_number())} if page.has_next() else None),
        items=_plain(
            [
                {"number": str(n), "href": href(n), "current": n == page.number}
                for n in page.paginator.get_elided_page_range(page.number)
                if isinstance(n, int)
            ]
        ),
    )
