"""``{% polygon_map geojson label %}``: a saved area (a GeoJSON Polygon, as a PolygonField
cleans it) on a read-only Leaflet map, with its corners listed as text. Nothing when the
value is empty or not a polygon. Put ``{% polygon_map_media %}`` in the page's ``scripts``
block (Leaflet and lantern/polygon-map.js); a page that also has a PolygonField can use
``{{ form.media }}`` instead, which includes them.

    {% load polygon_map %}
    {% polygon_map case.area "The problem area" %}
"""

from __future__ import annotations

import json
from typing import Any

from django import forms, template
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from lantern.frontend.widgets import clean_polygon

register = template.Library()


@register.simple_tag
def polygon_map(value: Any, label: str = "The area") -> str:
    if not value:
        return ""
    try:
        polygon = clean_polygon(json.loads(value) if isinstance(value, str) else value)
    except (ValidationError, ValueError):
        return ""
    corners = [(lat, lng) for lng, lat in polygon["coordinates"][0][:-1]]
    return SafeString(
        render_to_string(
            "frontend/widgets/polygon_view.html",
            {
                "geojson": json.dumps(polygon),
                "tile_url": settings.LANTERN_TILE_URL,
                "label": label,
                "corners": corners,
            },
        )
    )


@register.simple_tag
def polygon_map_media() -> str:
    # django-stubs types Media's js as strings; Django 5.2 takes Script objects too.
    scripts: list[Any] = [
        "vendor/leaflet/leaflet.js",
        forms.Script("lantern/polygon-map.js", type="module"),
    ]
    media = forms.Media(css={"all": ["vendor/leaflet/leaflet.css"]}, js=scripts)
    return SafeString(str(media))
