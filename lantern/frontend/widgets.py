"""A form field for an area drawn on a map: ``PolygonField`` with its ``PolygonWidget``.

The form's value is a GeoJSON Polygon typed in a textarea, which is all a person without
JavaScript, or using a keyboard or a screen reader, needs. With JavaScript,
``lantern/polygon-map.js`` adds a Leaflet map beside the textarea where the area can be
drawn and edited with the mouse (Leaflet-Geoman's toolbar) or with the keyboard (move the
map with the arrow keys, add a corner at its centre with a button); the map and the
textarea stay in step, and the textarea is what the form sends.

    from lantern.frontend.widgets import PolygonField

    class ProblemForm(forms.Form):
        area = PolygonField(label="Problem area", required=False)

Render the field with ``{% govuk_field form.area %}`` (it adds the map's markup) and put
``{{ form.media }}`` in the page's ``scripts`` block (Leaflet, Leaflet-Geoman and the
module). The cleaned value is a bare GeoJSON Polygon ``dict`` (a Feature is unwrapped),
coordinates longitude then latitude, every ring closed; ``None`` when left empty.

``{% polygon_map geojson label %}`` (``{% load polygon_map %}``) shows a saved area on a
read-only map, with its corners listed as text; docs/frontend.md has the details.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

MAX_CORNERS = 5000
EXAMPLE = (
    '{"type": "Polygon", "coordinates": [[[0.7183, 51.5412], [0.7195, 51.5412], '
    "[0.7195, 51.5420], [0.7183, 51.5412]]]}"
)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            "Each point must be two numbers, longitude then latitude", code="not_number"
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(
            "Each point must be two numbers, longitude then latitude", code="not_number"
        )
    return number


def _ring(raw: Any, which: str) -> list[list[float]]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError(
            f"The {which} must be a list of points, each [longitude, latitude]", code="ring"
        )
    ring = []
    for point in raw:
        if not isinstance(point, list) or len(point) not in (2, 3):
            raise ValidationError(
                "Each point must be two numbers, longitude then latitude", code="point"
            )
        lng, lat = _number(point[0]), _number(point[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                "Each point must be longitude (-180 to 180) then latitude (-90 to 90)",
                code="range",
            )
        ring.append([lng, lat])
    if len(ring) < 4:
        raise ValidationError(
            f"The {which} needs at least three corners, and the first point repeated at the end",
            code="too_few",
        )
    if ring[0] != ring[-1]:
        raise ValidationError(
            f"The {which} is not closed: its last point must be the same as its first",
            code="not_closed",
        )
    return ring


def clean_polygon(data: Any) -> dict[str, Any]:
    """Check parsed GeoJSON and return it as a bare Polygon: ``{"type": "Polygon",
    "coordinates": [outer ring, hole, ...]}``. Raises ``ValidationError`` with a message
    in plain English. A Feature holding a Polygon is unwrapped; altitudes are dropped."""
    from shapely.geometry import Polygon
    from shapely.validation import explain_validity

    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") != "Polygon":
        raise ValidationError(
            'The area must be one GeoJSON Polygon: {"type": "Polygon", "coordinates": ...}',
            code="not_polygon",
        )
    raw_rings = data.get("coordinates")
    if not isinstance(raw_rings, list) or not raw_rings:
        raise ValidationError(
            "The polygon has no coordinates: give a list of rings of [longitude, latitude]",
            code="no_coordinates",
        )
    rings = [_ring(raw, "outline" if i == 0 else f"hole {i}") for i, raw in enumerate(raw_rings)]
    if sum(len(ring) for ring in rings) > MAX_CORNERS:
        raise ValidationError(
            f"The area has more than {MAX_CORNERS} points: draw it more simply", code="too_many"
        )
    polygon = Polygon(rings[0], rings[1:])
    if polygon.exterior.convex_hull.area == 0:
        raise ValidationError("The area's corners are all on one line", code="flat")
    if not polygon.is_valid:
        reason = explain_validity(polygon)
        if reason.startswith(("Self-intersection", "Ring Self-intersection")):
            message = "The edges of the area cross each other: draw it without crossings"
        elif reason.startswith("Hole"):
            message = "Each hole must lie inside the outline without touching another hole"
        else:
            message = "The area is not a simple shape: draw it without crossings"
        raise ValidationError(message, code="invalid")
    return {"type": "Polygon", "coordinates": rings}


class PolygonWidget(forms.Textarea):
    """The GeoJSON textarea; ``govuk_field`` adds the map (``map_html``) after it, and
    ``Media`` brings the scripts. Attributes: ``centre`` (latitude, longitude) where an
    empty map opens, default ``settings.LANTERN_MAP_CENTRE``; ``zoom`` (default 16)."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        centre: tuple[float, float] | None = None,
        zoom: int = 16,
    ) -> None:
        super().__init__({"rows": 4, "spellcheck": "false", **(attrs or {})})
        self.centre = centre
        self.zoom = zoom

    class Media:
        css = {"all": ("vendor/leaflet/leaflet.css", "vendor/leaflet-geoman/leaflet-geoman.css")}
        js = (
            "vendor/leaflet/leaflet.js",
            "vendor/leaflet-geoman/leaflet-geoman.min.js",
            forms.Script("lantern/polygon-map.js", type="module"),
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dict):
            return json.dumps(value)
        return super().format_value(value)

    def map_html(self, *, field_id: str, label: str) -> SafeString:
        """The map box for the field whose textarea has id ``field_id``: hidden until the
        script shows it, so a page without JavaScript shows only the textarea."""
        centre = self.centre or getattr(settings, "LANTERN_MAP_CENTRE", (51.5412, 0.7183))
        return SafeString(
            render_to_string(
                "frontend/widgets/polygon_editor.html",
                {
                    "field_id": field_id,
                    "label": label,
                    "tile_url": settings.LANTERN_TILE_URL,
                    "centre": centre,
                    "zoom": self.zoom,
                },
            )
        )


class PolygonField(forms.Field):
    """A GeoJSON Polygon, drawn on a map or typed. Cleans to a bare Polygon ``dict`` (see
    ``clean_polygon``), or ``None`` when empty and not required."""

    widget = PolygonWidget
    default_error_messages = {
        "required": "Draw the area on the map, or type it as a GeoJSON polygon",
        "json": "The area is not valid GeoJSON: check the brackets, commas and quotes. "
        "For example: " + EXAMPLE,
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            "Draw it on the map below. Or type it as a GeoJSON polygon, longitude then "
            "latitude, the first point repeated at the end.",
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dict[str, Any] | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dict):
            return clean_polygon(value)
        text = str(value).strip()
        if not text:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            raise ValidationError(self.error_messages["json"], code="json") from None
        return clean_polygon(data)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (
                self.to_python(initial) if initial not in self.empty_values else None
            )
        except ValidationError:
            return True
