"""UK vehicle registration marks (VRMs): validation and normalisation.

Residents type registrations as they saw them ("ab12 cde", "AB12-CDE"); Lantern keeps one
form, upper case with no spaces, so sightings of the same vehicle match. Accepted formats
are those issued in Great Britain: current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D)
and dateless (1 to 4 characters then 1 to 4, e.g. "ABC 1", "1 ABC"), and Northern Ireland
marks (e.g. "ABZ 1234").

Residents often see only part of a plate ("AB12 C"). ``normalise_sighting`` accepts that
too: a partial registration is kept upper case with its spaces (where the gap was tells
which part was seen), flagged partial, and never matched or linked as a whole vehicle.
"""

from __future__ import annotations

import re
from typing import NamedTuple

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


# A current-format mark cut short ("AB12", "AB12 C", "AB12 CD"): read as a partial plate,
# though "AB12" alone would also be a dateless mark, since residents mostly see current plates.
_CURRENT_CUT_SHORT = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{0,2}$")
_PARTIAL = re.compile(r"^[A-Z0-9]+( [A-Z0-9]+)*$")


class Sighting(NamedTuple):
    """A registration as someone saw it: the whole mark (normalised, no spaces) or part of
    one (upper case, single spaces kept), and which."""

    registration: str
    partial: bool


def is_partial(value: str) -> bool:
    """Whether a stored registration is only part of a mark."""
    compact = value.replace(" ", "")
    return (
        " " in value
        or bool(_CURRENT_CUT_SHORT.match(compact))
        or not any(p.match(compact) for p in _PATTERNS)
    )


def normalise_sighting(text: str) -> Sighting:
    """A whole registration (as ``normalise``) or the part of one that was seen: two to
    seven letters and numbers, up to eight characters with spaces ("AB12 C"). Raises
    InvalidRegistration for anything else."""
    spaced = " ".join(re.sub(r"[\-.]", " ", (text or "").upper()).split())
    compact = spaced.replace(" ", "")
    if compact and not _CURRENT_CUT_SHORT.match(compact):
        try:
            return Sighting(normalise(compact), partial=False)
        except InvalidRegistration:
            pass
    if 2 <= len(compact) <= 7 and len(spaced) <= 8 and _PARTIAL.match(spaced):
        return Sighting(spaced, partial=True)
    raise InvalidRegistration(
        f"{text.strip()!r} is not a registration number or part of one: enter what you saw, "
        "like AB12 CDE, or AB12 C if you saw only part of it"
        if text and text.strip()
        else "Enter a registration number, like AB12 CDE"
    )


def describe(value: str, *, partial: bool) -> str:
    """A stored registration for people to read: "AB12 CDE", or "AB12 C (partial)"."""
    return f"{value} (partial)" if partial else display(value)
