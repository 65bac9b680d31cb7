"""What every geocoder shares: the Place it answers with, the Geocoder protocol, the fault
it raises, and how names and postcodes are normalised (see the package's docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

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
