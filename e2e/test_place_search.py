"""The place search in the browser, as a resident on a phone: on the report's location step,
a street found by its name moves the map pin and fills the place in; axe on the page."""

from __future__ import annotations

from io import StringIO

import pytest

from lantern.places import demo_streets

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_street_found_by_name_moves_the_pin(page, axe, orgs, map_images):
    demo_streets.seed(out=StringIO())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/reports/new/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/new/what/")
    page.get_by_label("Kerb crawling").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/new/where/")
    page.get_by_label("Search for a street, postcode or place").fill("foxglove")
    page.get_by_role("button", name="Search", exact=True).click()
    choice = page.get_by_role("button", name="Foxglove Street, Eastmere, EM1 4FS")
    choice.wait_for()
    axe(page)
    choice.click()
    assert page.get_by_text("Pin set on Foxglove Street, Eastmere, EM1 4FS.").is_visible()
    latitude = float(page.locator("#id_latitude").input_value())
    assert round(latitude, 4) in {51.5426, 51.5429}
    assert page.locator("#id_address").input_value() == "Foxglove Street, Eastmere, EM1 4FS"
    assert page.url.endswith("/new/where/")  # nothing typed went into the URL
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/new/when/")
