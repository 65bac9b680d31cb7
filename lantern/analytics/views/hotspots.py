"""The hotspot map: Leaflet layers over GeoJSON, with GeoJSON and PNG exports, a table of
the top hotspots and the hour-of-week matrix as tables (the accessible form of the map).
The map and the GeoJSON answer from stored surfaces (lantern/analytics/surfaces.py)."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from lantern.analytics import maps, selectors, services
from lantern.analytics.analysis import Parameters
from lantern.analytics.forms import HotspotForm
from lantern.analytics.methods.cells import DAYS
from lantern.analytics.selectors import Period, Source
from lantern.analytics.surfaces import SurfaceInputs, expand, hour_of_week_matrix
from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table


def _form(request: LanternRequest) -> HotspotForm:
    imported = selectors.policeuk_months(actor=request.actor)
    months = selectors.analysis_months(actor=request.actor, imported=imported)
    data = request.GET.copy()
    if "start" not in data and months:
        # By default, the months of the imported records (all months offered when none).
        imported = imported or months
        data.update(
            {
                "method": "kde",
                "start": imported[0].strftime("%Y-%m"),
                "end": imported[-1].strftime("%Y-%m"),
                "source": "imported",
            }
        )
    return HotspotForm(
        data, months=months, categories=selectors.analysis_categories(actor=request.actor)
    )


def _inputs(form: HotspotForm) -> SurfaceInputs:
    data = form.cleaned_data
    source = data["source"]
    return SurfaceInputs(
        method=data["method"],
        period=Period.parse(f"{data['start']}..{data['end']}"),
        category=data.get("category") or "",
        area=(data.get("area") or "").strip(),
        sources=frozenset(Source) if source == "both" else frozenset({Source(source)}),
    )


def _points(request: LanternRequest, form: HotspotForm) -> tuple[selectors.Points, Period]:
    inputs = _inputs(form)
    points = selectors.analysis_points(
        actor=request.actor,
        period=inputs.period,
        category=inputs.category,
        area=inputs.area,
        sources=inputs.sources,
    )
    return points, inputs.period


def _title(form: HotspotForm, period: Period) -> str:
    data = form.cleaned_data
    what = data.get("category") or "All categories"
    where = data.get("area") or "all areas"
    return f"{maps.MAP_METHODS[data['method']]}: {what}, {where}, {period}"


def _links(request: LanternRequest, form: HotspotForm) -> dict:
    query = request.GET.copy()
    for key, value in form.cleaned_data.items():
        query[key] = value or ""
    layers = {}
    for method, label in maps.MAP_METHODS.items():
        q = query.copy()
        q["method"] = method
        layers[method] = {
            "label": label,
            "url": reverse("analytics:hotspots-geojson") + "?" + q.urlencode(),
        }
    geojson = reverse("analytics:hotspots-geojson") + "?" + query.urlencode()
    return {
        "layers_json": {"active": form.cleaned_data["method"], "layers": layers},
        "geojson_url": geojson + "&download=1",
        "status_url": geojson,
        "png_url": reverse("analytics:hotspots-png") + "?" + query.urlencode(),
        "refresh_url": reverse("analytics:hotspots") + "?" + query.urlencode(),
    }


@require_permission(Permission.HOTSPOT_VIEW)
def hotspot_map(request: LanternRequest) -> HttpResponse:
    """The map answers from the stored surface (docs/hotspots.md "Stored surfaces"); when
    none is stored for these filters and the data as it is now, it asks the background
    worker for one and says it is being prepared, with a link to look again."""
    form = _form(request)
    context: dict = {"form": form, "tile_url": settings.LANTERN_TILE_URL}
    if form.is_bound and form.is_valid():
        inputs = _inputs(form)
        stored = services.hotspot_surface_for(actor=request.actor, inputs=inputs)
        context |= {"title": _title(form, inputs.period), **_links(request, form)}
        if stored is None:
            context["preparing"] = True
        else:
            context |= {
                "result": stored.result,
                "records": stored.result["records"],
                "no_location": stored.result["no_location"],
                "computed_at": stored.computed_at,
                "top_table": _top_table(stored.result),
                "how": _how_table(hour_of_week_matrix(stored.result)),
            }
    return render(request, "analytics/hotspot_map.html", context)


def _top_table(stored: dict):
    rows = [
        (rank, f"{value:g}", f"{lat:.5f}, {lon:.5f}") for rank, value, lat, lon in stored["top"]
    ]
    if not rows:
        return None
    return table(
        caption=f"The {len(rows)} strongest hotspots",
        head=["Rank", stored["unit"].capitalize(), "Centre (latitude, longitude)"],
        rows=rows,
    )


def _how_table(matrix: np.ndarray | None):
    if matrix is None or not matrix.sum():
        return None
    return table(
        caption=f"Records by day and hour of the week, UK time ({int(matrix.sum())} records)",
        head=["Day", *[f"{h:02d}:00" for h in range(24)]],
        rows=[(DAYS[d], *[int(v) for v in matrix[d]]) for d in range(7)],
    )


PREPARING = "The hotspots for these filters are being prepared. Try again in a few seconds."


@require_permission(Permission.HOTSPOT_VIEW)
def hotspot_geojson(request: LanternRequest) -> HttpResponse:
    """The stored surface as GeoJSON (202 with a Retry-After while it is prepared)."""
    form = _form(request)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    inputs = _inputs(form)
    stored = services.hotspot_surface_for(actor=request.actor, inputs=inputs)
    if stored is None:
        response = JsonResponse({"status": "preparing", "message": PREPARING}, status=202)
        response["Retry-After"] = str(services.RETRY_SECONDS)
        return response
    result = expand(stored.result)
    body = result.geojson(title=_title(form, inputs.period), records=stored.result["records"])
    response = JsonResponse(body, content_type="application/geo+json")
    if request.GET.get("download"):
        name = f"hotspots-{form.cleaned_data['method']}-{form.cleaned_data['start']}-{form.cleaned_data['end']}.geojson"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_permission(Permission.HOTSPOT_VIEW)
def hotspot_png(request: LanternRequest) -> HttpResponse:
    """The PNG draws the whole grid, which is not stored: it is computed here."""
    form = _form(request)
    if not form.is_valid():
        return HttpResponse("The filters are not valid.", status=400, content_type="text/plain")
    points, period = _points(request, form)
    result = maps.surface(points, form.cleaned_data["method"], Parameters())
    response = HttpResponse(maps.png(result, _title(form, period)), content_type="image/png")
    name = f"hotspots-{form.cleaned_data['method']}-{form.cleaned_data['start']}-{form.cleaned_data['end']}.png"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)
