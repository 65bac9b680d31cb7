"""The polygon field (lantern/frontend/widgets.py): what it accepts, what it refuses and
why, and how it renders (a GOV.UK textarea with the map after it; a read-only map)."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django import forms
from django.template import Context, Template

from lantern.frontend.widgets import MAX_CORNERS, PolygonField, PolygonWidget, clean_polygon

SQUARE = [[0.718, 51.541], [0.720, 51.541], [0.720, 51.542], [0.718, 51.542], [0.718, 51.541]]
HOLE = [[0.7185, 51.5413], [0.7190, 51.5413], [0.7190, 51.5416], [0.7185, 51.5413]]


class AreaForm(forms.Form):
    area = PolygonField(label="Problem area")


class OptionalAreaForm(forms.Form):
    area = PolygonField(label="Exclusion area", required=False)


def errors(value: str, form_class: type[forms.Form] = AreaForm) -> list[str]:
    form = form_class(data={"area": value})
    assert not form.is_valid()
    return [str(error) for error in form.errors["area"]]


def test_a_typed_polygon_cleans_to_a_bare_geojson_polygon():
    form = AreaForm(data={"area": json.dumps({"type": "Polygon", "coordinates": [SQUARE]})})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == {"type": "Polygon", "coordinates": [SQUARE]}


def test_a_feature_is_unwrapped_altitudes_dropped_and_integers_kept_as_numbers():
    ring = [[0, 51, 12.5], [1, 51, 3], [1, 52, 0], [0, 51, 12.5]]
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    form = AreaForm(data={"area": json.dumps(feature)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == {
        "type": "Polygon",
        "coordinates": [[[0.0, 51.0], [1.0, 51.0], [1.0, 52.0], [0.0, 51.0]]],
    }


def test_a_polygon_with_a_hole_inside_is_kept():
    polygon = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}
    assert clean_polygon(polygon) == polygon


def test_empty_is_none_when_optional_and_an_error_when_required():
    form = OptionalAreaForm(data={"area": "  "})
    assert form.is_valid() and form.cleaned_data["area"] is None
    assert errors("") == ["Draw the area on the map, or type it as a GeoJSON polygon"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "The area is not valid GeoJSON: check the brackets"),
        ('{"type": "Point", "coordinates": [0.7, 51.5]}', "The area must be one GeoJSON Polygon"),
        ('{"type": "MultiPolygon", "coordinates": []}', "The area must be one GeoJSON Polygon"),
        ("[1, 2, 3]", "The area must be one GeoJSON Polygon"),
        ('{"type": "Polygon", "coordinates": []}', "The polygon has no coordinates"),
        ('{"type": "Polygon"}', "The polygon has no coordinates"),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [0, 51]]]}',
            "The outline needs at least three corners",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52]]]}',
            "The outline is not closed: its last point must be the same as its first",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], ["1", 52], [0, 51]]]}',
            "Each point must be two numbers, longitude then latitude",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [true, 51], [1, 52], [0, 51]]]}',
            "Each point must be two numbers, longitude then latitude",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1], [1, 52], [0, 51]]]}',
            "Each point must be two numbers, longitude then latitude",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [NaN, 51], [1, 52], [0, 51]]]}',
            "Each point must be two numbers, longitude then latitude",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[51, 0], [51, 181], [52, 1], [51, 0]]]}',
            "Each point must be longitude (-180 to 180) then latitude (-90 to 90)",
        ),
        (
            # A bow tie: its edges cross.
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 52], [1, 51], [0, 52], [0, 51]]]}',
            "The edges of the area cross each other",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [2, 51], [0, 51]]]}',
            "The area's corners are all on one line",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 51]],'
            " [[5, 5], [6, 5], [6, 6], [5, 5]]]}",
            "Each hole must lie inside the outline",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 51]], []]}',
            "The hole 1 must be a list of points",
        ),
    ],
)
def test_refusals_say_what_is_wrong_in_plain_english(value, message):
    found = errors(value)
    assert len(found) == 1 and found[0].startswith(message), found


def test_too_many_corners_are_refused():
    ring = [[0.001 * i, 51 + 0.0001 * (i % 2)] for i in range(MAX_CORNERS)]
    ring = [*ring, [0.001 * MAX_CORNERS, 52], [0, 52], ring[0]]
    found = errors(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    assert found == [f"The area has more than {MAX_CORNERS} points: draw it more simply"]


def test_has_changed_compares_polygons_not_text():
    field = PolygonField()
    value = {"type": "Polygon", "coordinates": [SQUARE]}
    assert not field.has_changed(value, json.dumps(value, indent=2))
    assert field.has_changed(None, json.dumps(value))
    assert field.has_changed(value, "{broken")


def render(template: str, **context) -> str:
    return Template("{% load govuk_forms polygon_map %}" + template).render(Context(context))


def inline_code(html: str) -> list[str]:
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    return inline_scripts + re.findall(r"\sstyle=|<style\b", html)


def test_the_field_renders_a_govuk_textarea_then_a_hidden_map(settings):
    settings.LANTERN_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    settings.LANTERN_MAP_CENTRE = (51.5, 0.7)
    value = {"type": "Polygon", "coordinates": [SQUARE]}
    form = AreaForm(initial={"area": value})
    html = render("{% govuk_field form.area %}", form=form)
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea and 'class="govuk-textarea"' in textarea.group(0)
    assert 'id="id_area"' in textarea.group(0) and 'spellcheck="false"' in textarea.group(0)
    assert json.loads(html_lib.unescape(textarea.group(1))) == value
    assert '<label class="govuk-label" for="id_area">' in html
    assert "Draw it on the map below." in html  # the hint
    # The map comes after the textarea, hidden until the script shows it.
    assert html.index("<textarea") < html.index("data-polygon-editor")
    box = re.search(r"<div class=\"lantern-polygon-map\"[^>]*>", html, re.S)
    assert box and " hidden" in box.group(0) and 'data-target="id_area"' in box.group(0)
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in box.group(0)
    assert 'data-centre-lat="51.500000"' in box.group(0)
    assert 'aria-label="Map for drawing: Problem area"' in html
    assert "Add a corner at the centre of the map" in html
    assert inline_code(html) == []


def test_errors_show_on_the_textarea():
    form = AreaForm(data={"area": '{"type": "Polygon", "coordinates": []}'})
    html = render("{% govuk_field form.area %}", form=form)
    assert "govuk-form-group--error" in html and "govuk-textarea--error" in html
    assert "The polygon has no coordinates" in html
    assert '{"type": "Polygon", "coordinates": []}</textarea>' in html_lib.unescape(html)


def test_the_media_loads_leaflet_geoman_and_the_module_in_order():
    media = str(AreaForm().media)
    scripts = re.findall(r"<script[^>]*>", media)
    assert [re.search(r'src="([^"]+)"', s).group(1) for s in scripts] == [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet-geoman/leaflet-geoman.min.js",
        "/static/lantern/polygon-map.js",
    ]
    assert 'type="module"' in scripts[2]
    assert "vendor/leaflet/leaflet.css" in media and "leaflet-geoman.css" in media


def test_the_widget_opens_where_it_is_told():
    widget = PolygonWidget(centre=(52.0, 1.0), zoom=12)
    html = widget.map_html(field_id="id_zone", label="Zone")
    assert 'data-centre-lat="52.000000"' in html and 'data-centre-lon="1.000000"' in html
    assert 'data-zoom="12"' in html and 'id="id_zone-map"' in html


def test_polygon_map_shows_a_saved_area_with_its_corners_as_text():
    value = {"type": "Polygon", "coordinates": [SQUARE]}
    html = render('{% polygon_map area "The exclusion area" %}', area=value)
    element = re.search(r"<div[^>]*data-polygon-view[^>]*>", html, re.S)
    assert element and " hidden" in element.group(0)
    geojson = re.search(r'data-geojson="([^"]+)"', element.group(0))
    assert geojson and json.loads(html_lib.unescape(geojson.group(1))) == value
    assert "The exclusion area: its corners (latitude, longitude)" in html
    corners = re.findall(r"<li>([^<]+)</li>", html)
    assert corners == [
        "51.541000, 0.718000",
        "51.541000, 0.720000",
        "51.542000, 0.720000",
        "51.542000, 0.718000",
    ]
    assert inline_code(html) == []


@pytest.mark.parametrize("value", [None, "", {}, {"type": "Point", "coordinates": [0, 51]}, "{bad"])
def test_polygon_map_shows_nothing_for_no_area(value):
    assert render("{% polygon_map area %}", area=value).strip() == ""


def test_polygon_map_media():
    html = render("{% polygon_map_media %}")
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/lantern/polygon-map.js" in html
    assert "geoman" not in html
