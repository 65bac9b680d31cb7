"""Stored hotspot surfaces: what a surface is computed from, whose it is, and its compact
stored form (docs/hotspots.md "Stored surfaces").

A surface depends on its inputs (method, period, category, area, sources, parameters)
and on its scope: the reader's partnerships (their own reports, those shared with them,
their drawn areas) and what the reader may see of resident reports (none, all but the
safeguarding queue, or all). Readers with the same scope see the same points, so they
share one stored surface; a reader of another scope never finds it, because the scope is
part of the key. Reads go through lantern/analytics/selectors/surfaces.py and writes
through lantern/analytics/services/surfaces.py; this module has no database access."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from lantern.analytics import maps
from lantern.analytics.analysis import Parameters
from lantern.analytics.methods import cells
from lantern.analytics.methods.grid import Grid, to_wgs84
from lantern.analytics.selectors import Period, Points, Source
from lantern.core.actor import Actor, Role
from lantern.core.permissions import Permission, can

# What a reader may see of resident reports, as far as a surface is concerned.
OPEN = "open"  # no reports: police.uk records only (or no permission to see reports)
STAFF = "staff"  # reports, but not the safeguarding queue
SAFEGUARDING = "safeguarding"  # reports, the safeguarding queue included
# The stand-in reader a surface is computed as (below): a fixed id, never a user's.
READER_ID = uuid.uuid5(uuid.NAMESPACE_URL, "urn:lantern:analytics:hotspot-surface-reader")


@dataclass(frozen=True)
class SurfaceInputs:
    method: str
    period: Period
    category: str = ""
    area: str = ""
    sources: frozenset[Source] = frozenset({Source.IMPORTED})
    params: Parameters = field(default_factory=Parameters)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "period": str(self.period),
            "category": self.category,
            "area": self.area.strip(),
            "sources": sorted(self.sources),
            "parameters": asdict(self.params),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SurfaceInputs:
        return cls(
            method=data["method"],
            period=Period.parse(data["period"]),
            category=data["category"],
            area=data["area"],
            sources=frozenset(Source(s) for s in data["sources"]),
            params=Parameters(**data["parameters"]),
        )


@dataclass(frozen=True)
class SurfaceScope:
    """Whose points a surface counts: partnerships (sorted ids) and the report audience."""

    partnership_ids: tuple[str, ...]
    audience: str

    def as_dict(self) -> dict[str, Any]:
        return {"partnerships": list(self.partnership_ids), "audience": self.audience}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SurfaceScope:
        return cls(tuple(sorted(data["partnerships"])), data["audience"])

    @property
    def text(self) -> str:
        return f"{self.audience}:{','.join(self.partnership_ids)}"

    def reader(self) -> Actor:
        """An actor who sees exactly this scope's points: the scope's partnerships and a
        role that sees as much of the reports as the audience says (an analyst sees
        reports but not the safeguarding queue; a supervisor sees both). Used only to read
        points for the surface, through the same selectors as any reader."""
        role = Role.SUPERVISOR if self.audience == SAFEGUARDING else Role.ANALYST
        return Actor(
            user_id=READER_ID,
            label="hotspot surface",
            memberships=frozenset({(None, role)}),
            verified=True,
            partnership_ids=frozenset(uuid.UUID(p) for p in self.partnership_ids),
        )

    def sources(self, inputs: SurfaceInputs) -> frozenset[Source]:
        """The sources actually read: no resident reports for the open audience."""
        if self.audience == OPEN:
            return inputs.sources - {Source.REPORTS}
        return inputs.sources


def scope_of(actor: Actor, inputs: SurfaceInputs) -> SurfaceScope:
    """The scope of ``actor``'s reading of ``inputs``, decided afresh on every read."""
    from lantern.reports.selectors import SAFEGUARDING_QUEUE_ROLES

    audience = OPEN
    if Source.REPORTS in inputs.sources and can(actor, Permission.REPORT_VIEW):
        audience = SAFEGUARDING if actor.has_role(*SAFEGUARDING_QUEUE_ROLES) else STAFF
    return SurfaceScope(tuple(sorted(str(p) for p in actor.partnership_ids)), audience)


def surface_key(scope: SurfaceScope, inputs: SurfaceInputs) -> str:
    text = json.dumps([scope.as_dict(), inputs.as_dict()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


TOP = 10  # the strongest cells the page lists, stored with their centres


def _top(surface: maps.Surface) -> list[list[Any]]:
    """[rank, value, latitude, longitude] of the TOP strongest cells: the page's table,
    ready to show (no projection or H3 work when the page is read)."""
    first = surface.cells[:TOP]
    values = [f["properties"]["value"] for f in surface.features[:TOP]]
    if not first:
        return []
    if surface.method == "h3_counts":
        import h3

        centres = [h3.cell_to_latlng(c) for c in first]
    else:
        grid = surface.grid
        assert grid is not None  # noqa: S101  (a grid method has a grid)
        row, col = np.divmod(np.array(first, dtype=np.int64), grid.nx)
        lon, lat = to_wgs84(grid.x0 + (col + 0.5) * grid.cell, grid.y0 + (row + 0.5) * grid.cell)
        centres = list(zip(lat.tolist(), lon.tolist(), strict=True))
    return [
        [rank + 1, value, round(float(la), 5), round(float(lo), 5)]
        for rank, (value, (la, lo)) in enumerate(zip(values, centres, strict=True))
    ]


def compact(surface: maps.Surface, points: Points) -> dict[str, Any]:
    """The surface as stored: its strongest cells and their scores, not GeoJSON."""
    props = [feature["properties"] for feature in surface.features]
    grid = surface.grid
    stored: dict[str, Any] = {
        "method": surface.method,
        "unit": surface.unit,
        "note": surface.note,
        "grid": None if grid is None else [grid.x0, grid.y0, grid.cell, grid.nx, grid.ny],
        "cells": list(surface.cells),
        "values": [p["value"] for p in props],
        "top": _top(surface),
        "records": len(points),
        "no_location": points.no_location,
        "hour_of_week": None,
    }
    if surface.method == "gi_star":
        stored["q"] = [p["q"] for p in props]
    if points.times:
        stored["hour_of_week"] = cells.hour_of_week(points.times).tolist()
    return stored


def expand(stored: dict[str, Any], limit: int | None = None) -> maps.Surface:
    """The stored surface as a map surface with GeoJSON features (the first ``limit``)."""
    method, found = stored["method"], stored["cells"][:limit]
    props: list[dict[str, Any]] = [
        {"value": value, "rank": rank + 1}
        for rank, value in enumerate(stored["values"][: len(found)])
    ]
    for prop, q in zip(props, stored.get("q") or [], strict=False):
        prop["q"] = q
    if method == "h3_counts":
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [cells.h3_boundary(c)]},
                "properties": {"cell": c} | prop,
            }
            for c, prop in zip(found, props, strict=True)
        ]
        return maps.Surface(method, features, stored["unit"], note=stored["note"], cells=found)
    if stored["grid"] is None:  # no located records
        return maps.Surface(method, [], stored["unit"], note=stored["note"])
    grid = Grid(*stored["grid"][:3], *(int(n) for n in stored["grid"][3:]))
    features = maps.cell_features(grid, found, props)
    return maps.Surface(method, features, stored["unit"], grid, note=stored["note"], cells=found)


def hour_of_week_matrix(stored: dict[str, Any]) -> np.ndarray | None:
    matrix = stored.get("hour_of_week")
    return None if matrix is None else np.array(matrix, dtype=np.int64)
