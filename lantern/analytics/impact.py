"""Counting records in a problem area, its buffer and a comparison area, before and after,
and the measures over them (lantern.analytics.methods.measures). Shapely does the
geometry in metres on the British National Grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely import contains_xy
from shapely.geometry import Polygon, shape

from lantern.analytics.methods import measures
from lantern.analytics.methods.grid import to_bng


class AreaError(ValueError):
    pass


def polygon_bng(geojson: dict[str, Any]) -> Polygon:
    """A GeoJSON Polygon in WGS84 as a valid shapely polygon in BNG metres."""
    try:
        geometry = shape(geojson)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        raise AreaError("not a GeoJSON polygon") from None
    if geometry.geom_type != "Polygon" or geometry.is_empty:
        raise AreaError("not a GeoJSON polygon")

    projected = shapely.transform(geometry, lambda xy: np.column_stack(to_bng(xy[:, 0], xy[:, 1])))
    if not projected.is_valid or projected.area <= 0:
        raise AreaError("the polygon crosses itself or has no area")
    return projected


@dataclass(frozen=True)
class Areas:
    problem: Any
    buffer: Any  # the ring around the problem area
    comparison: Any

    @classmethod
    def build(cls, problem: dict, comparison: dict, buffer_m: float) -> Areas:
        p = polygon_bng(problem)
        c = polygon_bng(comparison)
        ring = p.buffer(buffer_m).difference(p)
        if c.intersects(p.buffer(buffer_m)):
            # Contamination: the comparison area must be apart from the response and buffer.
            c = c.difference(p.buffer(buffer_m))
            if c.is_empty:
                raise AreaError("the comparison area lies inside the problem area or buffer")
        return cls(p, ring, c)

    def count(self, x: np.ndarray, y: np.ndarray) -> tuple[int, int, int]:
        return (
            int(contains_xy(self.problem, x, y).sum()),
            int(contains_xy(self.buffer, x, y).sum()),
            int(contains_xy(self.comparison, x, y).sum()),
        )


def measures_for(counts: dict[str, int]) -> dict[str, Any]:
    """Rate ratio (problem area after/before, and relative to the comparison area) with
    95 % intervals, and the WDQ with its reading or the reason it declines."""
    out: dict[str, Any] = {}
    try:
        rr = measures.rate_ratio(counts["ra"], counts["rb"])
        out["rate_ratio"] = {"value": rr.ratio, "lower": rr.lower, "upper": rr.upper}
    except measures.Refused as exc:
        out["rate_ratio"] = {"refused": exc.reason}
    try:
        rel = measures.relative_rate_ratio(counts["rb"], counts["ra"], counts["cb"], counts["ca"])
        out["relative_rate_ratio"] = {"value": rel.ratio, "lower": rel.lower, "upper": rel.upper}
    except measures.Refused as exc:
        out["relative_rate_ratio"] = {"refused": exc.reason}
    w = measures.wdq(**counts)
    out["wdq"] = {
        "value": w.value,
        "reading": w.reading,
        "refused": w.refused,
        "success_measure": None if np.isnan(w.success_measure) else w.success_measure,
        "buffer_measure": None if np.isnan(w.buffer_measure) else w.buffer_measure,
        "gross_effect": w.gross_effect,
    }
    return out
