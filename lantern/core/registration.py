"""UK vehicle registration marks (VRMs): validation and normalisation.

Residents type registrations as they saw them ("ab12 cde", "AB12-CDE"); Lantern keeps one
form, upper case with no spaces, so sightings of the same vehicle match. Accepted formats
are those issued in Great Britain: current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D)
and dateless (1 to 4 characters then 1 to 4, e.g. "ABC 1", "1 ABC"), and Northern Ireland
marks (e.g. "ABZ 1234").
"""

from __future__ import annotations

import re

_PATTERNS = [
    re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$"),  # current, since 2001
    re.compile(r"^[A-Z][0-9]{1,3}[A-Z]{3}$"),  # prefix, 1983-2001
    re.compile(r"^[A-Z]{3}[0-9]{1,3}[A-Z]$"),  # suffix, 1963-1983
    re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$"),  # dateless
    re.compile(r"^[0-9]{1,4}[A-Z]{1,3}$"),  # dateless, reversed
    re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$|^[A-Z]{3}[0-9]{1,4}$"),  # Northern Ireland
]


class InvalidRegistration(ValueError):
    """Not a UK registration mark."""


def normalise(text: str) -> str:
    """Upper case, spaces and dashes removed; raises InvalidRegistration if not a UK VRM."""
    compact = re.sub(r"[\s\-.]", "", (text or "").upper())
    if not compact or len(compact) > 8 or not any(p.match(compact) for p in _PATTERNS):
        raise InvalidRegistration(
            f"{text.strip()!r} is not a UK registration number, like AB12 CDE"
            if text and text.strip()
            else "Enter a registration number, like AB12 CDE"
        )
    return compact


def display(compact: str) -> str:
    """The usual spacing for showing a normalised current-format mark: AB12CDE -> AB12 CDE."""
    if re.match(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$", compact):
        return f"{compact[:4]} {compact[4:]}"
    return compact
