"""The partnership's figures by month (selectors/figures.py): a page with one table per
part (the accessible form of the chart above them), and the same table as CSV."""

from __future__ import annotations

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from lantern.analytics import selectors
from lantern.analytics.forms import choose_figures as choose
from lantern.analytics.selectors.neighbourhoods import SMALL
from lantern.analytics.views.figures_chart import chart
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table
from lantern.frontend.dates import format_month


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (an area's name is typed by staff)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def tables(figures: selectors.Figures) -> list:
    head = ["Measure", *[format_month(m) for m in figures.months]]
    return [
        table(
            caption=f"{section}, {figures.place}",
            head=head,
            rows=[(line.label, *line.cells()) for line in lines],
        )
        for section, lines in figures.sections()
    ]


@require_GET
@require_permission(Permission.PARTNERSHIP_FIGURES_VIEW)
def figures_page(request: LanternRequest) -> HttpResponse:
    try:
        chosen = choose(request.actor, request.GET)
    except NotFound:
        raise Http404 from None
    figures = chosen.figures
    csv_url = ""
    if figures is not None:
        csv_url = f"{reverse('analytics:partnership-figures-csv')}?{urlencode(request.GET)}"
    return render(
        request,
        "analytics/figures.html",
        {
            "form": chosen.form,
            "figures": figures,
            "tables": tables(figures) if figures is not None else [],
            "chart": chart(figures) if figures is not None else "",
            "csv_url": csv_url,
            "small": SMALL,
        },
    )


@require_GET
@require_permission(Permission.PARTNERSHIP_FIGURES_VIEW)
def figures_csv(request: LanternRequest) -> HttpResponse:
    try:
        figures = choose(request.actor, request.GET).figures
    except NotFound:
        raise Http404 from None
    if figures is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"partnership-figures-{figures.months.first:%Y-%m}-to-{figures.months.last:%Y-%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Area", _cell(figures.place)])
    writer.writerow(["Section", "Measure", *[f"{m:%Y-%m}" for m in figures.months]])
    for line in figures.lines:
        writer.writerow([line.section, _cell(line.label), *line.cells()])
    return response
