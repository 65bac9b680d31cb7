"""Distances, bearings and field-of-view sectors, with hand-worked cases."""

from __future__ import annotations

import math

import pytest

from lantern.core import areas
from lantern.places import geometry

LAT, LNG = 51.5412, 0.7183  # Larkspur Row
METRES_PER_DEGREE_LAT = geometry.EARTH_RADIUS_M * math.pi / 180  # 111,195.08 m


def test_one_degree_of_longitude_on_the_equator_is_a_360th_of_a_great_circle():
    # 2 * pi * 6,371,008.8 m / 360 = 111,195.08 m, due east (bearing 90).
    assert geometry.distance_m(0, 0, 0, 1) == pytest.approx(111_195.08, abs=0.01)
    assert geometry.bearing_deg(0, 0, 0, 1) == pytest.approx(90)
    assert geometry.bearing_deg(0, 1, 0, 0) == pytest.approx(270)


def test_bearings_to_the_four_points_of_the_compass_from_larkspur_row():
    north = (LAT + 0.0002, LNG)  # 0.0002 deg of latitude = 22.24 m
    assert geometry.distance_m(LAT, LNG, *north) == pytest.approx(22.239, abs=0.001)
    assert geometry.bearing_deg(LAT, LNG, *north) == pytest.approx(0, abs=1e-6)
    assert geometry.bearing_deg(LAT, LNG, LAT - 0.0002, LNG) == pytest.approx(180)
    assert geometry.bearing_deg(LAT, LNG, LAT, LNG + 0.0003) == pytest.approx(90, abs=0.01)
    assert geometry.bearing_deg(LAT, LNG, LAT, LNG - 0.0003) == pytest.approx(270, abs=0.01)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(350, 10, 20), (10, 350, 20), (0, 180, 180), (90, 90, 0), (359, 0, 1), (270, 45, 135)],
)
def test_angle_between_bearings_takes_the_short_way_round(a, b, expected):
    assert geometry.angle_between(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("bearing", "centre", "angle", "inside"),
    [
        (0, 0, 90, True),
        (45, 0, 90, True),  # on the edge: 0 +/- 45
        (46, 0, 90, False),
        (315, 0, 90, True),  # the other edge, across north
        (314, 0, 90, False),
        # Facing 350 with 40 degrees: the sector runs 330 -> 0 -> 10.
        (5, 350, 40, True),
        (10, 350, 40, True),
        (15, 350, 40, False),
        (335, 350, 40, True),
        (325, 350, 40, False),
        # Facing 10 with 40 degrees: -10 (350) -> 30.
        (355, 10, 40, True),
        (345, 10, 40, False),
        (180, 10, 40, False),
        # Facing south: no wrap-around.
        (190, 180, 30, True),
        (200, 180, 30, False),
        # A 360-degree camera sees every way.
        (123, 0, 360, True),
    ],
)
def test_bearing_in_sector(bearing, centre, angle, inside):
    assert geometry.bearing_in_sector(bearing, centre, angle) is inside


def _point(bearing: float, metres: float) -> tuple[float, float]:
    return geometry.destination(LAT, LNG, bearing, metres)


def test_destination_round_trips_through_distance_and_bearing():
    lat, lng = _point(37, 80)
    assert geometry.distance_m(LAT, LNG, lat, lng) == pytest.approx(80, abs=0.01)
    assert geometry.bearing_deg(LAT, LNG, lat, lng) == pytest.approx(37, abs=0.01)


@pytest.mark.parametrize(
    ("direction", "angle", "range_m", "bearing", "metres", "covered"),
    [
        (0, 90, 50, 0, 30, True),  # straight ahead
        (0, 90, 50, 180, 30, False),  # behind
        (0, 90, 50, 90, 30, False),  # due east: 90 from the axis, more than 45
        (0, 90, 50, 40, 30, True),
        (0, 90, 50, 0, 60, False),  # beyond the camera's range
        (350, 40, 50, 5, 20, True),  # across north
        (350, 40, 50, 15, 20, False),
        (350, 40, 50, 335, 20, True),
        (10, 40, 50, 355, 20, True),
        (90, 60, 25, 100, 24, True),
        (90, 60, 25, 100, 26, False),
        (270, 360, 10, 90, 9, True),
    ],
)
def test_sector_covers(direction, angle, range_m, bearing, metres, covered):
    lat, lng = _point(bearing, metres)
    assert (
        geometry.sector_covers(
            camera_lat=LAT,
            camera_lng=LNG,
            direction=direction,
            angle=angle,
            range_m=range_m,
            lat=lat,
            lng=lng,
        )
        is covered
    )


def test_the_camera_sees_its_own_spot():
    assert geometry.sector_covers(
        camera_lat=LAT, camera_lng=LNG, direction=0, angle=10, range_m=5, lat=LAT, lng=LNG
    )


def test_sector_polygon_is_closed_and_spans_the_field_of_view():
    ring = geometry.sector_polygon(LAT, LNG, 350, 40, 30, steps=4)
    assert ring[0] == ring[-1] == (LAT, LNG)
    arc = ring[1:-1]
    bearings = [round(geometry.bearing_deg(LAT, LNG, *p)) % 360 for p in arc]
    assert bearings == [330, 340, 350, 0, 10]
    assert all(geometry.distance_m(LAT, LNG, *p) == pytest.approx(30, abs=0.01) for p in arc)


def test_bounding_box_holds_the_circle():
    min_lat, min_lng, max_lat, max_lng = geometry.bounding_box(LAT, LNG, 100)
    for bearing in range(0, 360, 15):
        lat, lng = _point(bearing, 100)
        assert min_lat <= lat <= max_lat and min_lng <= lng <= max_lng


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0.716, 51.540], [0.720, 51.540], [0.720, 51.542], [0.716, 51.542]]],
}


def test_area_geojson_accepts_a_polygon_feature_and_collection():
    shape = areas.parse_area_geojson(SQUARE)
    assert areas.contains(shape, LAT, LNG)
    assert not areas.contains(shape, 51.55, LNG)
    assert areas.contains(shape, 51.540, 0.718)  # on the boundary
    feature = {"type": "Feature", "properties": {}, "geometry": SQUARE}
    assert areas.parse_area_geojson(feature).equals(shape)
    collection = {"type": "FeatureCollection", "features": [feature]}
    assert areas.parse_area_geojson(collection).equals(shape)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "Polygon"),
        ("not geojson", "Polygon"),
        ({"type": "Polygon", "coordinates": "x"}, "well formed"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[51.5, 0.7], [51.6, 0.7], [51.6, 200], [51.5, 0.7]]],
            },
            "longitude",
        ),
        (  # a bow tie crosses itself
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "crosses itself",
        ),
        ({"type": "FeatureCollection", "features": []}, "exactly one"),
    ],
)
def test_area_geojson_refuses_bad_shapes_with_a_reason(data, message):
    with pytest.raises(areas.InvalidGeometry, match=message):
        areas.parse_area_geojson(data)
