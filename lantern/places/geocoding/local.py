"""The local gazetteer: street, place and postcode names held in the database
(``places.GazetteerEntry``), filled by ``lantern gazetteer`` from the partnership's list of
streets (the demo's fictional streets) and the police.uk location names it has imported.

Search is a prefix match on the indexed normalised name (``key``), or on the postcode
without its space; only when that finds too little does it also match a later word of a
name ("row" finds "Larkspur Row"), a scan that stays cheap at a few thousand names. A street
known at several points is one result per stretch (points within ``SAME_PLACE_METRES`` of
each other), placed at the known point nearest the stretch's middle, so the pin lands on it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from lantern.places.geocoding.base import (
    MAX_QUERY,
    MIN_QUERY,
    NEAR,
    Place,
    format_postcode,
    normalise,
    postcode_key,
)
from lantern.places.models import GazetteerEntry

CANDIDATES = 400  # rows read for one search, at most
SAME_PLACE_METRES = 1500  # points of one name further apart than this are two places
REVERSE_METRES = 200  # how far from a point a street may be to name it
FIELDS = ("name", "key", "locality", "kind", "postcode", "latitude", "longitude")


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on the ground, near enough at a street's scale (equirectangular)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000 * math.hypot(x, y)


def _clusters(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows of one name split into stretches: each row joins the first stretch it is near."""
    out: list[list[dict[str, Any]]] = []
    for row in rows:
        for group in out:
            first = group[0]
            here = (row["latitude"], row["longitude"], first["latitude"], first["longitude"])
            if metres(*here) <= SAME_PLACE_METRES:
                group.append(row)
                break
        else:
            out.append([row])
    return out


def _place(group: list[dict[str, Any]]) -> Place:
    mid_lat = sum(r["latitude"] for r in group) / len(group)
    mid_lon = sum(r["longitude"] for r in group) / len(group)
    best = min(group, key=lambda r: metres(mid_lat, mid_lon, r["latitude"], r["longitude"]))
    return Place(
        name=best["name"],
        kind=best["kind"],
        lat=best["latitude"],
        lon=best["longitude"],
        postcode=best["postcode"],
        locality=best["locality"],
    )


def _places(rows: Iterable[dict[str, Any]], key: str, limit: int) -> list[Place]:
    by_name: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        by_name.setdefault((row["name"], row["locality"], row["postcode"]), []).append(row)
    places = [_place(group) for rows_ in by_name.values() for group in _clusters(rows_)]
    # The name typed in full first, then names that start with it; streets before places,
    # shorter names first.
    places.sort(
        key=lambda p: (
            normalise(p.name) != key,
            not normalise(p.name).startswith(key),
            p.kind != GazetteerEntry.Kind.STREET,
            len(p.name),
            p.label,
        )
    )
    return places[:limit]


class LocalGazetteer:
    def _rows(self, **lookup: Any) -> list[dict[str, Any]]:
        query = GazetteerEntry.objects.filter(**lookup).exclude(kind=GazetteerEntry.Kind.FEATURE)
        return list(query.order_by("key").values(*FIELDS)[:CANDIDATES])

    def search(self, text: str, *, limit: int = 10) -> list[Place]:
        text = text[:MAX_QUERY]
        key = normalise(text)
        if len(key) < MIN_QUERY:
            return []
        postcode = postcode_key(text)
        if postcode:
            found = self._rows(postcode_key__startswith=postcode)
            if found:
                full = format_postcode(postcode)
                return _places(found, normalise(full) if full else key, limit)
        rows = self._rows(key__startswith=key)
        if len({(r["name"], r["locality"]) for r in rows}) < limit:
            seen = {(r["key"], r["latitude"], r["longitude"]) for r in rows}
            more = self._rows(key__contains=f" {key}")
            rows += [r for r in more if (r["key"], r["latitude"], r["longitude"]) not in seen]
        return _places(rows, key, limit)

    def reverse(self, lat: float, lon: float) -> str:
        """The nearest named point within ``REVERSE_METRES``: the partnership's own streets
        first (they are surveyed; police.uk's points are snapped to a few per street), then
        police.uk's names, which are already worded "On or near ..."."""
        dlat = REVERSE_METRES / 111_320
        dlon = dlat / max(0.01, math.cos(math.radians(lat)))
        nearby = GazetteerEntry.objects.filter(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
        ).values_list("name", "source", "latitude", "longitude")[:CANDIDATES]
        best: tuple[bool, float, str] | None = None
        for name, source, plat, plon in nearby:
            distance = metres(lat, lon, plat, plon)
            if distance > REVERSE_METRES:
                continue
            rank = (source != GazetteerEntry.Source.LOCAL, distance, name)
            if best is None or rank < best:
                best = rank
        return f"{NEAR}{best[2]}" if best else ""
