"""Street addresses and names by their shape: what a keeper letter may print.

A keeper letter alleges nothing by construction (docs/enforcement.md, "Keeper letters"): it is
a fixed template whose only fields are the time a vehicle was seen, its registration and the
place, and it is addressed to the keeper the DVLA names. The place comes from a resident's
report and the keeper's details from an officer, so each is printed only if it has the
shape of what it claims to be, and then rebuilt from its parts:

- a place is a street address: an optional house number, a street name ending in a street
  word ("Road", "Row", "Close"...), then up to three parts of a town or district in capitals,
  and an optional postcode ("12 High Street, Eastmere EM4 2ZZ");
- a keeper's address is lines of numbers and capitalised words, at most five words a line;
- a keeper's name is up to five capitalised words or initials.

A sentence ("picking up a woman for sex") has none of these shapes: its words are not
capitalised, it has no street word, and it is too long for a town.
"""

from __future__ import annotations

import re

# The last word of a street's name (Royal Mail's thoroughfare descriptors, and common others).
STREET_WORDS = frozenset(
    [
        "alley",
        "approach",
        "arcade",
        "avenue",
        "bank",
        "boulevard",
        "broadway",
        "brow",
        "buildings",
        "causeway",
        "chase",
        "circle",
        "circus",
        "close",
        "common",
        "copse",
        "corner",
        "cottages",
        "court",
        "courtyard",
        "crescent",
        "croft",
        "cross",
        "dale",
        "dene",
        "drive",
        "drove",
        "embankment",
        "end",
        "esplanade",
        "estate",
        "fields",
        "gardens",
        "garth",
        "gate",
        "glade",
        "glen",
        "green",
        "grove",
        "hall",
        "heights",
        "highway",
        "hill",
        "hollow",
        "lane",
        "lawn",
        "lea",
        "link",
        "mall",
        "market",
        "mead",
        "meadow",
        "meadows",
        "mews",
        "mount",
        "orchard",
        "parade",
        "park",
        "parkway",
        "passage",
        "path",
        "place",
        "plain",
        "precinct",
        "promenade",
        "quay",
        "quadrant",
        "ride",
        "ridge",
        "rise",
        "road",
        "row",
        "square",
        "steps",
        "street",
        "strand",
        "terrace",
        "trees",
        "vale",
        "view",
        "villas",
        "walk",
        "way",
        "wharf",
        "wood",
        "yard",
    ]
)
# Lower-case words a place or a name may hold between capitalised ones.
CONNECTORS = frozenset(
    [
        "on",
        "upon",
        "under",
        "by",
        "in",
        "le",
        "la",
        "de",
        "du",
        "da",
        "di",
        "der",
        "den",
        "van",
        "von",
        "the",
        "of",
        "and",
        "en",
        "sur",
        "super",
        "cum",
        "next",
        "at",
        "plc",
        "ltd",
        "llp",
    ]
)
# A place given as decimal latitude and longitude: never a street address.
COORDINATES = re.compile(r"-?\d{1,3}\.\d{3,}\s*,\s*-?\d{1,3}\.\d{3,}")
NUMBER = re.compile(r"\d{1,4}[A-Za-z]?(?:-\d{1,4}[A-Za-z]?)?")
POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", re.IGNORECASE)
INITIAL = re.compile(r"[A-Z]\.?")
MAX_PLACE = 120
APOSTROPHES = "'\u2019"  # typed, or typographic


def _segment(part: str, *, first: bool) -> bool:
    if not part or not all(ch.isalpha() or ch in APOSTROPHES for ch in part):
        return False
    if part[0].isupper():
        return True
    if first:  # a lower-case prefix: d'Arcy
        return len(part) > 2 and part[1] in APOSTROPHES and part[2].isupper()
    return part.lower() in CONNECTORS


def _word(word: str) -> bool:
    """A capitalised word: Eastmere, St., Southend-on-Sea, O'Brien."""
    parts = word.removesuffix(".").split("-")
    return _segment(parts[0], first=True) and all(_segment(p, first=False) for p in parts[1:])


def _words_ok(words: list[str], most: int) -> bool:
    """1 to ``most`` capitalised words; a lower-case connector only between two of them."""
    if not 1 <= len(words) <= most or not _word(words[0]) or not _word(words[-1]):
        return False
    return all(_word(w) or w.lower() in CONNECTORS for w in words[1:-1])


def _street(part: str) -> str | None:
    words = part.split()
    if words and NUMBER.fullmatch(words[0]):
        number, words = [words[0]], words[1:]
    else:
        number = []
    if not words or words[-1].lower() not in STREET_WORDS or not _words_ok(words, 5):
        return None
    return " ".join(number + words)


def _locality(part: str, *, last: bool) -> str | None:
    words, postcode = _postcode_tail(part.split()) if last else (part.split(), "")
    if not words:
        return postcode or None
    if not _words_ok(words, 3):
        return None
    return " ".join([*words, postcode]) if postcode else " ".join(words)


def street_address(text: str) -> str | None:
    """The place as a street address ("12 High Street, Eastmere EM4 2ZZ"), rebuilt from its
    parts; None when ``text`` does not have that shape (map coordinates, a description, a
    sentence)."""
    parts = [p.strip() for p in re.split(r"[,\n]", text or "")]
    parts = [p for p in parts if p]
    if not 1 <= len(parts) <= 4 or len(text) > MAX_PLACE:
        return None
    street = _street(parts[0])
    if street is None:
        return None
    rest = [_locality(p, last=i == len(parts) - 2) for i, p in enumerate(parts[1:])]
    if any(part is None for part in rest):
        return None
    return ", ".join([street, *(part for part in rest if part)])


def _postcode_tail(words: list[str]) -> tuple[list[str], str]:
    """The words before a trailing postcode ("EM4 2ZZ" or "EM42ZZ"), and the postcode."""
    for size in (2, 1):
        tail = " ".join(words[-size:])
        if len(words) >= size and POSTCODE.fullmatch(tail):
            return words[:-size], tail.upper()
    return words, ""


def postal_address(text: str) -> str | None:
    """A keeper's postal address as lines of numbers and capitalised words (at most six
    lines of five words, a postcode at the end of a line), joined with commas; None
    otherwise."""
    lines = [line.strip() for line in re.split(r"[,\n]", text or "")]
    lines = [line for line in lines if line]
    if not 1 <= len(lines) <= 6:
        return None
    cleaned = []
    for line in lines:
        words, postcode = _postcode_tail(line.split())
        named = [w for w in words if not NUMBER.fullmatch(w)]
        if len(words) > 5 or (named and not _words_ok(named, 5)):
            return None
        cleaned.append(" ".join([*words, postcode]) if postcode else " ".join(words))
    return ", ".join(cleaned)


def person_name(text: str) -> str | None:
    """A keeper's name (a person's or a firm's): one to five capitalised words or initials;
    None otherwise."""
    words = (text or "").split()
    if not words or len(words) > 5:
        return None
    ok = all(
        _word(w) or INITIAL.fullmatch(w) or w == "&" or (i > 0 and w.lower() in CONNECTORS)
        for i, w in enumerate(words)
    )
    return " ".join(words) if ok else None
