"""Finding the place by searching on the report journey's location step, without
JavaScript (the server lists what it found as radios), and reports named by their street."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lantern.places import demo_streets
from lantern.reports.models import Report
from lantern.reports.tests.test_journey import step, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def streets():
    demo_streets.seed(out=StringIO())


def search(client, text: str):
    return client.post(step("where"), {"action": "search", "place_query": text, "address": ""})


def test_a_resident_without_javascript_finds_the_street_and_reports_there(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(step("what"), {"category": "kerb-crawling"})
    form = client.get(step("where")).content.decode()
    assert "Search for a street, postcode or place" in form
    assert 'name="action"' in form and 'value="search"' in form  # the button that searches
    page = search(client, "larksp")
    assert page.status_code == 200
    content = page.content.decode()
    # The places found are radios; no error for the fields not yet answered.
    assert 'type="radio"' in content and 'name="place"' in content
    assert "Larkspur Row, Eastmere, EM1 4LR" in content
    assert "Larkspur Row garages, Eastmere, EM1 4LR" in content
    assert "govuk-error-summary" not in content
    assert 'value="larksp"' in content  # what was typed is kept on the page
    response = client.post(step("where"), {"place": "0", "place_query": "larksp"})
    assert response.url == step("when")
    check = walk_on(client)
    assert "Larkspur Row, Eastmere, EM1 4LR (map pin on or near Larkspur Row)" in check
    client.post(reverse("reports:check"))
    report = Report.objects.get()
    assert (report.latitude, report.longitude) == (51.5412, 0.7183)
    assert report.address == "Larkspur Row, Eastmere, EM1 4LR"
    assert report.place_name == "On or near Larkspur Row"
    assert not report.location_approximate
    # What was typed is in no log line.
    assert not [r for r in caplog.records if "larksp" in r.getMessage()]


def walk_on(client) -> str:
    """The rest of the journey from the "when" step; the check page's text."""
    from lantern.reports.tests.test_journey import yesterday

    client.post(step("when"), {**yesterday(), "start_time": "21:00"})
    client.post(step("description"), {"description": "A car kept circling."})
    client.post(step("people-and-vehicles"), {"people_description": "", "vehicles": ""})
    client.post(step("more-questions"), {})
    client.post(step("evidence"), {})
    client.post(step("contact"), {"contact": "anonymous"})
    return client.get(reverse("reports:check")).content.decode()


def test_a_postcode_is_found_however_it_is_typed(client):
    client.post(step("what"), {"category": "kerb-crawling"})
    content = search(client, "em14lr").content.decode()
    assert "Larkspur Row, Eastmere, EM1 4LR" in content


def test_no_match_and_too_short_say_what_to_do(client):
    client.post(step("what"), {"category": "kerb-crawling"})
    content = search(client, "zzzz nowhere").content.decode()
    assert "govuk-error-summary" in content
    assert "No street, postcode or place matches that" in content
    assert "Enter at least 2 letters" in search(client, "x").content.decode()


def test_enter_in_another_field_with_the_search_box_empty_continues(client):
    client.post(step("what"), {"category": "kerb-crawling"})
    response = client.post(
        step("where"), {"action": "search", "place_query": " ", "address": "Behind the shops"}
    )
    assert response.url == step("when")


def test_a_stale_choice_is_refused_not_a_crash(client):
    client.post(step("what"), {"category": "kerb-crawling"})
    search(client, "tansy")  # one place found
    response = client.post(step("where"), {"place": "5"})
    assert "Choose one of the places found" in response.content.decode()


def test_searches_are_limited_per_client(client, settings):
    settings.LANTERN_PLACE_SEARCHES_PER_MINUTE = 2
    client.post(step("what"), {"category": "kerb-crawling"})
    search(client, "tansy")
    search(client, "tansy")
    content = search(client, "tansy").content.decode()
    assert "Too many searches: try again in" in content


def test_the_search_api_answers_anyone_and_is_limited(client, settings, caplog):
    caplog.set_level(logging.DEBUG)
    url = reverse("api:place_search")
    answer = client.get(url, {"q": "foxglove"})
    assert answer.status_code == 200
    [place] = answer.json()
    assert place["label"] == "Foxglove Street, Eastmere, EM1 4FS"
    assert place["kind"] == "street"
    assert (place["latitude"], place["longitude"]) in {(51.5426, 0.7196), (51.5429, 0.7209)}
    assert client.get(url, {"q": "x"}).status_code == 422
    settings.LANTERN_PLACE_SEARCHES_PER_MINUTE = 1
    client.get(url, {"q": "foxglove"})
    refused = client.get(url, {"q": "foxglove"})
    assert refused.status_code == 429
    assert not [r for r in caplog.records if "foxglove" in r.getMessage()]


def test_reports_are_named_by_their_street_and_old_ones_can_be_named(client):
    walk(client)  # a pin at 51.5412, 0.7183
    client.post(reverse("reports:check"))
    report = Report.objects.get()
    assert report.place_name == "On or near Larkspur Row"
    assert report.where == "On or near Larkspur Row"
    Report.objects.update(place_name="")
    out = StringIO()
    call_command("fill-place-names", stdout=out)
    assert "1 reports named" in out.getvalue()
    assert Report.objects.get().place_name == "On or near Larkspur Row"


def test_an_address_with_a_pin_shows_both_and_never_coordinates():
    report = Report(address="Behind the shops", place_name="On or near Wren Parade")
    assert report.where == "Behind the shops (on or near Wren Parade)"
    report = Report(address="14 Larkspur Row", place_name="On or near Larkspur Row")
    assert report.where == "14 Larkspur Row"
    assert Report(location_approximate=True, address="The park").where == "The park"
    assert Report().where == "A pin on the map"
