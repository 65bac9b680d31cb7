"""Finding places by name and naming places by position, behind one interface.

``geocoder()`` returns the one ``LANTERN_GEOCODER`` chooses: ``local`` (the default) reads
the gazetteer table (local.py); ``nominatim`` asks a Nominatim-compatible HTTP service
(nominatim.py) at ``LANTERN_GEOCODER_URL``. Both answer the same two questions:

- ``search(text)``: places whose name or postcode starts with what a person typed, best
  first, at most ``limit``;
- ``reverse(lat, lon)``: the name of the street at a point, as police.uk words it
  ("On or near Gravel Road"), or "" when nothing known is near.

What a person typed is never logged, stored or put in an audit event: it may be their home.
"""

from __future__ import annotations

from django.conf import settings

from lantern.places.geocoding.base import (
    MAX_QUERY,
    MIN_QUERY,
    NEAR,
    Geocoder,
    GeocoderUnavailable,
    Place,
    format_postcode,
    normalise,
    postcode_key,
)
from lantern.places.geocoding.local import LocalGazetteer
from lantern.places.geocoding.nominatim import NominatimGeocoder

__all__ = [
    "MAX_QUERY",
    "MIN_QUERY",
    "NEAR",
    "Geocoder",
    "GeocoderUnavailable",
    "Place",
    "format_postcode",
    "geocoder",
    "normalise",
    "place_name_at",
    "postcode_key",
]


def geocoder() -> Geocoder:
    """The geocoder ``LANTERN_GEOCODER`` names (docs/settings.md#maps)."""
    choice = settings.LANTERN_GEOCODER
    if choice == "nominatim":
        return NominatimGeocoder(
            base_url=settings.LANTERN_GEOCODER_URL,
            key=settings.LANTERN_GEOCODER_KEY,
            timeout=settings.LANTERN_GEOCODER_TIMEOUT_SECONDS,
        )
    return LocalGazetteer()


def place_name_at(lat: float, lon: float) -> str:
    """The street name at a point for a record being written: "" if the geocoder does not
    answer (the record is still written; ``lantern fill-place-names`` fills it later)."""
    try:
        return geocoder().reverse(lat, lon)
    except GeocoderUnavailable:
        return ""
