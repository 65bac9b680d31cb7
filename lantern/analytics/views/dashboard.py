"""The partnership dashboard: one partnership's police.uk trends (the open data inside its
area) and its impact evaluations. Staff in several partnerships choose which one."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from lantern.analytics import selectors
from lantern.analytics.forms import DashboardForm
from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import table


def _trend(rows: list, place: str):
    if not rows:
        return None
    months = sorted({m for m, _, _ in rows})
    categories = sorted({t for _, t, _ in rows})
    grid = {(m, t): n for m, t, n in rows}
    return table(
        caption=f"Records by month and category, {place}",
        head=["Category", *[f"{m:%b %Y}" for m in months]],
        rows=[(t, *[grid.get((m, t), 0) for m in months]) for t in categories]
        + [("All categories", *[sum(grid.get((m, t), 0) for t in categories) for m in months])],
    )


@require_permission(Permission.PARTNERSHIP_DASHBOARD_VIEW)
def dashboard(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    choices = selectors.partnership_choices(actor=actor)
    form = DashboardForm(request.GET or None, partnerships=choices)
    data = form.cleaned_data if form.is_valid() else {}
    partnership = selectors.dashboard_partnership(
        actor=actor, partnership_id=data.get("partnership") or None
    )
    area = data.get("area") or ""
    boundary = partnership.boundary if partnership is not None else None
    rows = selectors.monthly_counts(
        actor=actor,
        area=area,
        boundary=boundary,
        partnership_id=partnership.pk if partnership is not None else None,
    )
    place = area or (partnership.name if partnership is not None and boundary else "all areas")
    evaluations = []
    if can(actor, Permission.IMPACT_VIEW):
        found = selectors.impact_list(actor=actor)
        if partnership is not None:
            found = found.filter(partnership=partnership)
        evaluations = list(found[:10])
    return render(
        request,
        "analytics/dashboard.html",
        {
            "form": form,
            "several": len(choices) > 1,
            "partnership": partnership,
            "trend": _trend(rows, place),
            "evaluations": evaluations,
            "may_see_figures": can(actor, Permission.PARTNERSHIP_FIGURES_VIEW),
        },
    )
