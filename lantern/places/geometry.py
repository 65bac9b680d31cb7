"""Plane-free geometry on the Earth for cameras: distances, bearings and field-of-view
sectors. (GeoJSON areas: lantern/core/areas.py.)

Bearings are degrees clockwise from true north, 0 <= b < 360. Distances are metres on a
sphere of the mean Earth radius (haversine): at street scale (a few hundred metres) the
error against the ellipsoid is well under a metre, far below a pin dropped on a phone.
"""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north, in [0, 360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lng2 - lng1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def angle_between(a: float, b: float) -> float:
    """The smaller angle between two bearings, in [0, 180]: 350 and 10 are 20 apart."""
    diff = abs((a - b) % 360.0)
    return min(diff, 360.0 - diff)


def bearing_in_sector(bearing: float, centre: float, angle: float) -> bool:
    """True when ``bearing`` lies inside the sector of width ``angle`` centred on ``centre``
    (both edges included). Works across north: a sector centred on 350 of width 40 runs
    from 330 through 0 to 10."""
    if angle >= 360:
        return True
    return angle_between(bearing, centre) <= angle / 2 + 1e-9


def sector_covers(
    *,
    camera_lat: float,
    camera_lng: float,
    direction: float,
    angle: float,
    range_m: float,
    lat: float,
    lng: float,
) -> bool:
    """Whether the point lies in the camera's field of view: within ``range_m`` of the
    camera and within the sector. The camera's own spot counts as seen."""
    distance = distance_m(camera_lat, camera_lng, lat, lng)
    if distance > range_m:
        return False
    if distance < 0.5:
        return True
    return bearing_in_sector(bearing_deg(camera_lat, camera_lng, lat, lng), direction, angle)


def destination(lat: float, lng: float, bearing: float, metres: float) -> tuple[float, float]:
    """The point ``metres`` from (lat, lng) along ``bearing`` (great circle)."""
    d = metres / EARTH_RADIUS_M
    b = math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lng)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def sector_polygon(
    lat: float, lng: float, direction: float, angle: float, range_m: float, steps: int = 24
) -> list[tuple[float, float]]:
    """The field of view as a closed ring of (lat, lng) points, for drawing on a map."""
    if angle >= 360:
        return [destination(lat, lng, i * 360 / steps, range_m) for i in range(steps + 1)]
    start = direction - angle / 2
    arc = [destination(lat, lng, start + angle * i / steps, range_m) for i in range(steps + 1)]
    return [(lat, lng), *arc, (lat, lng)]


def bounding_box(lat: float, lng: float, metres: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lng, max_lat, max_lng) enclosing a circle of ``metres`` around the
    point, a little generously, for a cheap database filter before the exact test."""
    dlat = math.degrees(metres / EARTH_RADIUS_M) * 1.01
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlng = min(180.0, dlat / cos_lat)
    return lat - dlat, lng - dlng, lat + dlat, lng + dlng
