"""The location step's place search without JavaScript: the resident types a street,
postcode or place and presses Search; the page comes back with what was found as radios.
The results are kept in the journey (the session), never in URLs; the typed text is not
kept or logged. With JavaScript, reports-map.js asks the API instead and moves the pin."""

from __future__ import annotations

from typing import Any

from lantern.core.client_address import client_address
from lantern.core.errors import TooManyAttempts
from lantern.core.http import LanternRequest
from lantern.places.geocoding import MIN_QUERY, GeocoderUnavailable, normalise
from lantern.places.selectors import place_search
from lantern.reports import forms as f
from lantern.reports import journey as j

RESULTS_KEY = "place_results"
SEARCH_ACTION = "search"
OTHER_WAYS = "put a pin on the map, or type the address"


def is_search(request: LanternRequest, step: j.Step) -> bool:
    """The Search button was used. It is the form's first button, so Enter in any field
    presses it: with the search box empty, that is taken as Continue."""
    return (
        step is j.WHERE
        and request.method == "POST"
        and request.POST.get("action") == SEARCH_ACTION
        and bool(request.POST.get("place_query", "").strip())
    )


def places(journey: j.Journey) -> list[dict[str, Any]]:
    return list(journey.data.get(RESULTS_KEY, []))


def _find(request: LanternRequest, text: str) -> tuple[list[dict[str, Any]], str]:
    """The places found and an error message ("" when the search worked)."""
    if len(normalise(text)) < MIN_QUERY:
        return [], "Enter at least 2 letters or numbers of a street, postcode or place"
    try:
        found = place_search(text=text, client_address=client_address(request))
    except TooManyAttempts as exc:
        return [], f"Too many searches: try again in {exc.retry_after} seconds, or {OTHER_WAYS}"
    except GeocoderUnavailable:
        return [], f"Place search is not working at the moment: {OTHER_WAYS}"
    if not found:
        return [], f"No street, postcode or place matches that: check the spelling, or {OTHER_WAYS}"
    return [{"label": p.label, "lat": p.lat, "lon": p.lon} for p in found], ""


def search(request: LanternRequest, journey: j.Journey) -> f.WhereForm:
    """Run the search and return the page's form: what was typed kept, the places found
    offered, and only the search's own error shown (the rest of the page is not yet
    answered, so its errors would be noise)."""
    text = request.POST.get("place_query", "")[:100].strip()
    found, error = _find(request, text)
    journey.save(**{RESULTS_KEY: found})
    data = request.POST.copy()
    data.pop("place", None)  # a choice from the previous results means nothing now
    form = f.WhereForm(data, places=found)
    form.is_valid()
    for name in list(form.errors):
        if name != "place_query":
            del form.errors[name]
    if error:
        form.add_error("place_query", error)
    return form
