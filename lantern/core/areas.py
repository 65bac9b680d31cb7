"""GeoJSON areas on the Earth: parsing and checking a polygon (a named place, a partnership's
area) and whether a point lies in it. Longitude then latitude, as GeoJSON has it."""

from __future__ import annotations

import math
from typing import Any

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

MAX_VERTICES = 5000


class InvalidGeometry(ValueError):
    """The GeoJSON is not a usable polygon; the message says why, in plain English."""


def _count_vertices(geometry: BaseGeometry) -> int:
    return len(geometry.wkt.split(","))  # close enough for a bound


def parse_area_geojson(data: Any) -> BaseGeometry:
    """A GeoJSON Polygon or MultiPolygon (a bare geometry, a Feature, or a one-feature
    FeatureCollection), checked: longitude/latitude order and ranges, closed valid rings."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise InvalidGeometry("A FeatureCollection must hold exactly one feature")
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
        raise InvalidGeometry("The area must be a GeoJSON Polygon or MultiPolygon")
    try:
        geometry = shape(data)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        raise InvalidGeometry(f"The polygon's coordinates are not well formed ({exc})") from None
    if geometry.is_empty:
        raise InvalidGeometry("The polygon is empty")
    if _count_vertices(geometry) > MAX_VERTICES:
        raise InvalidGeometry(f"The polygon has more than {MAX_VERTICES} points")
    min_x, min_y, max_x, max_y = geometry.bounds
    if not all(math.isfinite(v) for v in geometry.bounds):
        raise InvalidGeometry("The polygon's coordinates must be numbers")
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise InvalidGeometry(
            "Coordinates must be longitude (-180 to 180) then latitude (-90 to 90)"
        )
    if not geometry.is_valid:
        raise InvalidGeometry("The polygon crosses itself or its rings are not closed")
    return geometry


def contains(geometry: BaseGeometry, lat: float, lng: float) -> bool:
    """Whether the point (on the boundary included) is in the area."""
    return bool(geometry.covers(Point(lng, lat)))
