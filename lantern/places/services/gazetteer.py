"""Filling the local gazetteer (lantern/places/geocoding/local.py): named points from one
source at a time, with one audit event per load giving the source and the counts. Reference
data, not personal: street names and police.uk's published location names.

Other apps call ``gazetteer_add(actor=, source=, points=)``: the analytics app after a
police.uk import, with the location names of the rows it read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.permissions import Permission
from lantern.places.geocoding import NEAR, format_postcode, normalise, postcode_key
from lantern.places.models import GazetteerEntry
from lantern.places.services.actions import E, require

GAZETTEER_LOADED = E(
    "gazetteer.loaded",
    "Named points (streets, places, postcodes) were added to the local gazetteer from one "
    "source; details give the source and the counts.",
)
BATCH_SIZE = 2000
# The last word of a street's name: anything else police.uk names is a kind of place
# ("Supermarket", "Parking Area"), which names a point but is not searched for.
_STREET_WORDS = (
    "road street avenue lane close drive way crescent gardens grove place court walk row "
    "mews parade hill terrace square rise green chase gate vale view approach park boulevard "
    "broadway esplanade path passage alley yard wharf end side mount circus hall lea field "
    "fields meadow meadows reach wood woods cottages villas grange link links causeway"
)
STREET_WORDS = frozenset(_STREET_WORDS.split())
_LSOA_SUFFIX = re.compile(r"\s+\d{3}[A-Z]$")


@dataclass(frozen=True)
class NamedPoint:
    name: str
    latitude: float
    longitude: float
    kind: str = ""  # guessed from the name when empty
    locality: str = ""
    postcode: str = ""


def kind_of(name: str) -> str:
    words = normalise(name).split()
    street = bool(words) and words[-1] in STREET_WORDS
    return GazetteerEntry.Kind.STREET if street else GazetteerEntry.Kind.FEATURE


def policeuk_point(location: str, latitude: float, longitude: float, lsoa_name: str) -> NamedPoint:
    """A police.uk row's place: "On or near Banham Drive" in "Southend-on-Sea 012A" is
    Banham Drive, Southend-on-Sea."""
    name = location.removeprefix(NEAR).strip()
    return NamedPoint(
        name=name,
        latitude=latitude,
        longitude=longitude,
        locality=_LSOA_SUFFIX.sub("", lsoa_name.strip()),
    )


def _entry(point: NamedPoint, source: str) -> GazetteerEntry | None:
    name = " ".join(point.name.split())[:120]
    key = normalise(name)
    if not key or not (-90 <= point.latitude <= 90 and -180 <= point.longitude <= 180):
        return None
    postcode = format_postcode(point.postcode)
    return GazetteerEntry(
        name=name,
        key=key[:120],
        locality=point.locality.strip()[:100],
        kind=point.kind or kind_of(name),
        postcode=postcode,
        postcode_key=postcode_key(postcode) if postcode else "",
        latitude=round(point.latitude, 6),
        longitude=round(point.longitude, 6),
        source=source,
    )


def gazetteer_add(*, actor: Actor, source: str, points: Iterable[NamedPoint]) -> int:
    """Add named points from ``source`` (GazetteerEntry.Source); points already held are
    left alone. Returns how many were new. Lantern itself (the demo, ``lantern gazetteer``)
    or whoever may import police.uk files may load."""
    require(actor, Permission.POLICEUK_IMPORT)
    if source not in GazetteerEntry.Source.values:
        raise ValueError(f"unknown gazetteer source {source!r}")
    entries: dict[tuple[str, str, float, float], GazetteerEntry] = {}
    for point in points:
        entry = _entry(point, source)
        if entry is not None:
            entries.setdefault((entry.key, entry.locality, entry.latitude, entry.longitude), entry)
    with transaction.atomic():
        before = GazetteerEntry.objects.filter(source=source).count()
        GazetteerEntry.objects.bulk_create(
            entries.values(), batch_size=BATCH_SIZE, ignore_conflicts=True
        )
        added = GazetteerEntry.objects.filter(source=source).count() - before
        audit_record(
            actor=actor,
            action=GAZETTEER_LOADED,
            object_type="places.gazetteerentry",
            details={"source": source, "given": len(entries), "added": added},
        )
    return added
