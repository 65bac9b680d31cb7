"""The geocoders: the local gazetteer (search by street, part of a street, postcode and
place name; naming a point) and the Nominatim-compatible provider against a local fake."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM
from lantern.places import demo_streets
from lantern.places.geocoding import (
    GeocoderUnavailable,
    format_postcode,
    geocoder,
    normalise,
    place_name_at,
    postcode_key,
)
from lantern.places.geocoding.local import LocalGazetteer
from lantern.places.geocoding.nominatim import NominatimGeocoder
from lantern.places.models import GazetteerEntry
from lantern.places.services import GAZETTEER_LOADED, NamedPoint, gazetteer_add
from lantern.places.services.gazetteer import kind_of, policeuk_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def gazetteer() -> LocalGazetteer:
    demo_streets.seed(out=StringIO())
    points = [
        policeuk_point("On or near Banham Drive", 51.5500, 0.7000, "Southend-on-Sea 012A"),
        policeuk_point("On or near Banham Drive", 51.5502, 0.7004, "Southend-on-Sea 012B"),
        policeuk_point("On or near Banham Drive", 51.6500, 0.6000, "Rochford 003C"),
        policeuk_point("On or near Supermarket", 51.5412, 0.7190, "Southend-on-Sea 001A"),
        policeuk_point("On or near Gravel Road", 51.5600, 0.6500, "Rochford 001A"),
    ]
    gazetteer_add(actor=SYSTEM, source=GazetteerEntry.Source.POLICEUK, points=points)
    return LocalGazetteer()


def test_text_and_postcodes_are_normalised():
    assert normalise("  St. Mary's   ROAD ") == "st marys road"
    assert postcode_key("ss1 1aa") == "SS11AA"
    assert postcode_key("Larkspur") == ""
    assert format_postcode("ss11aa") == "SS1 1AA"
    assert format_postcode("SS1") == ""
    assert kind_of("Banham Drive") == "street"
    assert kind_of("Parking Area") == "feature"


def test_search_finds_a_street_by_its_name(gazetteer):
    places = gazetteer.search("Larkspur Row")
    assert places[0].name == "Larkspur Row"
    assert places[0].kind == "street"
    assert places[0].label == "Larkspur Row, Eastmere, EM1 4LR"
    # Three points on the street are one result, placed on its middle point.
    assert [p.name for p in places].count("Larkspur Row") == 1
    assert (places[0].lat, places[0].lon) == (51.5412, 0.7183)


def test_search_finds_part_of_a_name_and_a_later_word(gazetteer):
    assert [p.name for p in gazetteer.search("larksp")] == ["Larkspur Row", "Larkspur Row garages"]
    assert [p.name for p in gazetteer.search("mews")] == ["Orchard Mews"]


def test_search_finds_a_postcode_however_it_is_typed(gazetteer):
    for typed in ("EM1 4LR", "em14lr", " em1  4lr "):
        places = gazetteer.search(typed)
        assert places, typed
        assert {p.postcode for p in places} == {"EM1 4LR"}
        assert places[0].name == "Larkspur Row"
    assert {p.postcode for p in gazetteer.search("WB3")} == {"WB3 7SC", "WB3 7HW"}


def test_search_finds_a_place_by_name(gazetteer):
    assert gazetteer.search("wren parade sh")[0].name == "Wren Parade shops"


def test_one_street_name_in_two_towns_is_two_results(gazetteer):
    places = gazetteer.search("banham")
    assert sorted(p.label for p in places) == [
        "Banham Drive, Rochford",
        "Banham Drive, Southend-on-Sea",
    ]


def test_kinds_of_place_name_points_but_are_not_searched(gazetteer):
    assert gazetteer.search("supermarket") == []
    assert gazetteer.search("x") == []  # too short to search


def test_reverse_names_the_nearest_street(gazetteer):
    assert gazetteer.reverse(51.60001, 0.6) == ""
    assert gazetteer.reverse(51.5601, 0.6501) == "On or near Gravel Road"
    # The partnership's own street beats police.uk's nearer "Supermarket".
    assert gazetteer.reverse(51.5412, 0.7189) == "On or near Larkspur Row"
    assert place_name_at(51.5419, 0.7178) == "On or near Larkspur Row"


def test_loading_is_audited_and_idempotent():
    point = NamedPoint(name="Tansy Lane", latitude=51.54, longitude=0.71, postcode="em14tl")
    assert gazetteer_add(actor=SYSTEM, source="local", points=[point, point]) == 1
    assert gazetteer_add(actor=SYSTEM, source="local", points=[point]) == 0
    entry = GazetteerEntry.objects.get()
    assert (entry.postcode, entry.postcode_key, entry.kind) == ("EM1 4TL", "EM14TL", "street")
    loads = AuditEvent.objects.filter(action=GAZETTEER_LOADED).order_by("seq")
    details = [json.loads(e.details) for e in loads]
    assert details == [
        {"source": "local", "given": 1, "added": 1},
        {"source": "local", "given": 1, "added": 0},
    ]


def test_the_streets_command_reads_a_csv(tmp_path):
    path = tmp_path / "streets.csv"
    path.write_text(
        "name,latitude,longitude,postcode,locality,kind\n"
        "Gravel Road,51.56,0.65,ss1 1aa,Eastmere,street\n"
        "Gravel Road,51.561,0.651,ss1 1aa,Eastmere,street\n"
    )
    out = StringIO()
    call_command("gazetteer", "streets", str(path), stdout=out)
    assert "2 named points added" in out.getvalue()
    assert LocalGazetteer().search("SS1 1AA")[0].label == "Gravel Road, Eastmere, SS1 1AA"


def test_the_local_geocoder_is_the_default(settings):
    assert isinstance(geocoder(), LocalGazetteer)
    settings.LANTERN_GEOCODER = "nominatim"
    settings.LANTERN_GEOCODER_URL = "https://geocoder.invalid"
    assert isinstance(geocoder(), NominatimGeocoder)


# --- the Nominatim-compatible provider, against a fake on this machine ----------------------

SEARCH_ANSWER = [
    {
        "lat": "51.5412",
        "lon": "0.7183",
        "category": "highway",
        "type": "residential",
        "name": "Larkspur Row",
        "display_name": "Larkspur Row, Eastmere, EM1 4LR, United Kingdom",
        "address": {"road": "Larkspur Row", "town": "Eastmere", "postcode": "em1 4lr"},
    },
    {
        "lat": "51.54",
        "lon": "0.72",
        "category": "place",
        "type": "postcode",
        "addresstype": "postcode",
        "name": "",
        "display_name": "EM1 4LR, United Kingdom",
        "address": {"postcode": "EM1 4LR"},
    },
    {"lat": "not a number", "lon": "0", "name": "Broken"},
]


class FakeNominatim(BaseHTTPRequestHandler):
    seen: list[dict[str, list[str]]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        FakeNominatim.seen.append({"path": [url.path], **query})
        if url.path == "/search":
            body, status = json.dumps(SEARCH_ANSWER), 200
        elif url.path == "/reverse" and query["lat"] == ["51.560000"]:
            body, status = json.dumps({"address": {"road": "Gravel Road"}}), 200
        elif url.path == "/reverse":
            body, status = json.dumps({"error": "Unable to geocode"}), 200
        else:
            body, status = "<html>broken</html>", 502
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def fake_service() -> Iterator[str]:
    FakeNominatim.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_provider_searches_and_names_places(fake_service):
    provider = NominatimGeocoder(base_url=fake_service, key="k-123", timeout=5)
    places = provider.search("larkspur   row")
    assert [(p.name, p.kind, p.postcode, p.locality) for p in places] == [
        ("Larkspur Row", "street", "EM1 4LR", "Eastmere"),
        ("EM1 4LR", "postcode", "EM1 4LR", ""),
    ]
    asked = FakeNominatim.seen[0]
    assert asked["q"] == ["larkspur row"]
    assert asked["key"] == ["k-123"]
    assert asked["countrycodes"] == ["gb"]
    assert asked["format"] == ["jsonv2"]
    assert provider.reverse(51.56, 0.65) == "On or near Gravel Road"
    assert provider.reverse(10, 10) == ""


def test_a_provider_fault_is_unavailable_not_a_crash(fake_service, settings):
    with pytest.raises(GeocoderUnavailable):
        NominatimGeocoder(base_url=f"{fake_service}/down").search("larkspur")
    with pytest.raises(GeocoderUnavailable):
        NominatimGeocoder(base_url="http://127.0.0.1:9", timeout=1).search("larkspur")
    settings.LANTERN_GEOCODER = "nominatim"
    settings.LANTERN_GEOCODER_URL = f"{fake_service}/down"
    assert place_name_at(51.5, 0.7) == ""  # a record is still written, without a name
