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

import re
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

NEAR = "On or near "
MIN_QUERY = 2
MAX_QUERY = 100


@dataclass(frozen=True)
class Place:
    name: str  # "Larkspur Row", "EM1 4LR", "Wren Parade shops"
    kind: str  # GazetteerEntry.Kind: street, place, postcode
    lat: float
    lon: float
    postcode: str = ""
    locality: str = ""

    @property
    def label(self) -> str:
        """What a person reads in a list of results: "Larkspur Row, Eastmere, EM1 4LR"."""
        parts = [self.name]
        if self.locality:
            parts.append(self.locality)
        if self.postcode and self.postcode != self.name:
            parts.append(self.postcode)
        return ", ".join(parts)


class GeocoderUnavailable(RuntimeError):
    """The geocoding service did not answer (a network fault, a timeout, an error page)."""


class Geocoder(Protocol):
    def search(self, text: str, *, limit: int = 10) -> list[Place]: ...

    def reverse(self, lat: float, lon: float) -> str: ...


def normalise(text: str) -> str:
    """A name as the index holds it: lower case, letters and digits, single spaces
    ("St. Mary's  Road" -> "st marys road")."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9]?[A-Z]?$")


def postcode_key(text: str) -> str:
    """The text upper case without spaces if it could be (the start of) a UK postcode, else
    "" ("ss1 1aa" -> "SS11AA"; "SS1" -> "SS1"; "Larkspur" -> "")."""
    key = re.sub(r"\s+", "", text).upper()
    if 2 <= len(key) <= 7 and (_POSTCODE.match(key) or _OUTWARD.match(key)):
        return key
    return ""


def format_postcode(text: str) -> str:
    """A full postcode as it is written ("ss11aa" -> "SS1 1AA"); "" if it is not one."""
    match = _POSTCODE.match(re.sub(r"\s+", "", text).upper())
    return f"{match.group(1)} {match.group(2)}" if match else ""


def geocoder() -> Geocoder:
    """The geocoder ``LANTERN_GEOCODER`` names (docs/settings.md#maps)."""
    choice = settings.LANTERN_GEOCODER
    if choice == "nominatim":
        from lantern.places.geocoding.nominatim import NominatimGeocoder

        return NominatimGeocoder(
            base_url=settings.LANTERN_GEOCODER_URL,
            key=settings.LANTERN_GEOCODER_KEY,
            timeout=settings.LANTERN_GEOCODER_TIMEOUT_SECONDS,
        )
    from lantern.places.geocoding.local import LocalGazetteer

    return LocalGazetteer()


def place_name_at(lat: float, lon: float) -> str:
    """The street name at a point for a record being written: "" if the geocoder does not
    answer (the record is still written; ``lantern fill-place-names`` fills it later)."""
    try:
        return geocoder().reverse(lat, lon)
    except GeocoderUnavailable:
        return ""
