"""Public neighbourhood pages: for each area staff made public, what was reported there and
what was done, month by month, in aggregate (selectors/neighbourhoods.py). Anyone may read
them, signed in or not; they name nobody."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lantern.analytics.selectors.neighbourhoods import SMALL, neighbourhood_get
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.frontend.components import table
from lantern.places.selectors import public_area_list


@require_GET
def neighbourhood_list(request: LanternRequest) -> HttpResponse:
    return render(
        request,
        "analytics/neighbourhood_list.html",
        {"areas": list(public_area_list().values("pk", "name"))},
    )


@require_GET
def neighbourhood_detail(request: LanternRequest, area_id: uuid.UUID) -> HttpResponse:
    try:
        found = neighbourhood_get(area_id=area_id)
    except NotFound:
        raise Http404 from None
    months = [
        {
            "title": f"{m.month:%B %Y}",
            "empty": m.empty,
            "reports": table(
                caption=f"Reports received in {m.month:%B %Y}",
                head=["What was reported", "Reports"],
                rows=m.reports,
            )
            if m.reports
            else None,
            "actions": table(
                caption=f"What was done in {m.month:%B %Y}",
                head=["Action", "How many"],
                rows=m.actions,
            )
            if m.actions
            else None,
        }
        for m in found.months
    ]
    return render(
        request,
        "analytics/neighbourhood_detail.html",
        {"area": found.area, "months": months, "small": SMALL},
    )
