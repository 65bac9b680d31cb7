"""The demo's streets and places, fictional like the rest of the demo: Eastmere around
Larkspur Row and Westbrook around Sandpiper Close, with made-up postcodes (EM and WB are no
UK postcode area). ``places.demo.seed`` puts them in the local gazetteer, so a resident can
find "Larkspur Row" or "EM1 4LR" and every demo report is named by its street."""

from __future__ import annotations

from typing import Any

from lantern.core.actor import SYSTEM
from lantern.places.models import GazetteerEntry
from lantern.places.services import NamedPoint, gazetteer_add

EASTMERE = "Eastmere"
WESTBROOK = "Westbrook"
# (name, kind, postcode, locality, points as (latitude, longitude))
STREETS: list[tuple[str, str, str, str, list[tuple[float, float]]]] = [
    ("Larkspur Row", "street", "EM1 4LR", EASTMERE,
     [(51.5404, 0.7188), (51.5412, 0.7183), (51.5419, 0.7178)]),
    ("Tansy Lane", "street", "EM1 4TL", EASTMERE, [(51.5409, 0.7162), (51.5411, 0.7149)]),
    ("Foxglove Street", "street", "EM1 4FS", EASTMERE, [(51.5426, 0.7196), (51.5429, 0.7209)]),
    ("Wren Parade", "street", "EM1 4WP", EASTMERE, [(51.5398, 0.7199), (51.5396, 0.7212)]),
    ("Orchard Mews", "street", "EM1 4OM", EASTMERE, [(51.5433, 0.7168)]),
    ("Cattermole Road", "street", "EM1 4CR", EASTMERE, [(51.5391, 0.7171), (51.5386, 0.7158)]),
    ("Wren Parade shops", "place", "EM1 4WP", EASTMERE, [(51.5397, 0.7205)]),
    ("Larkspur Row garages", "place", "EM1 4LR", EASTMERE, [(51.5421, 0.7176)]),
    ("Sandpiper Close", "street", "WB3 7SC", WESTBROOK, [(51.5566, 0.5869), (51.5569, 0.5873)]),
    ("Heron Walk", "street", "WB3 7HW", WESTBROOK, [(51.5560, 0.5858), (51.5573, 0.5878)]),
]  # fmt: skip


def points() -> list[NamedPoint]:
    return [
        NamedPoint(
            name=name, kind=kind, postcode=postcode, locality=locality, latitude=lat, longitude=lon
        )
        for name, kind, postcode, locality, at in STREETS
        for lat, lon in at
    ]


def seed(*, out: Any) -> None:
    """Idempotent: the second run finds Larkspur Row there and adds nothing."""
    held = GazetteerEntry.objects.filter(source=GazetteerEntry.Source.LOCAL, key="larkspur row")
    if held.exists():
        return
    added = gazetteer_add(actor=SYSTEM, source=GazetteerEntry.Source.LOCAL, points=points())
    out.write(f"Places: {added} named points of the demo's streets in the gazetteer.\n")
