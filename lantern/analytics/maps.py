"""Hotspot surfaces as GeoJSON and PNG, and the hour-of-week matrix, for the map page."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lantern.analytics import analysis
from lantern.analytics.analysis import Parameters
from lantern.analytics.methods import cells, gistar, kde, kde_cv
from lantern.analytics.methods.grid import Grid, to_bng, to_wgs84
from lantern.analytics.selectors import Points

MAP_METHODS = {
    "kde": "Kernel density (KDE)",
    "gi_star": "Getis-Ord Gi* hot spots",
    "h3_counts": "Counts per H3 cell",
    "kde_cv": "Kernel density, bandwidth by cross-validation",
    "blend": "Blend of naive counts and KDE",
}
MAX_MAP_CELLS = 250_000
MAX_FEATURES = 2_000


@dataclass
class Surface:
    method: str
    features: list[dict[str, Any]]
    unit: str
    grid: Grid | None = None
    values: np.ndarray | None = None
    points_bng: tuple[np.ndarray, np.ndarray] | None = None
    note: str = ""
    # The features' cells, strongest first: flat grid indices, or H3 cell ids.
    cells: list[Any] = field(default_factory=list)

    def geojson(self, **properties: Any) -> dict[str, Any]:
        return {
            "type": "FeatureCollection",
            "properties": {"method": self.method, "unit": self.unit, "note": self.note}
            | properties,
            "features": self.features,
        }


def _map_grid(x: np.ndarray, y: np.ndarray, params: Parameters) -> Grid:
    cell = params.cell
    width = float(np.ptp(x)) + 2 * cell if len(x) else cell
    height = float(np.ptp(y)) + 2 * cell if len(y) else cell
    if width * height / cell**2 > MAX_MAP_CELLS:
        cell = math.ceil(math.sqrt(width * height / MAX_MAP_CELLS))
    return Grid.covering(x, y, cell, margin=cell)


def cell_features(
    grid: Grid, flats: list[int], props: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Square cells as GeoJSON polygons in WGS84 (all corners projected in one call)."""
    if not flats:
        return []
    rings = np.array([grid.cell_polygon(*divmod(int(f), grid.nx)) for f in flats])  # (n, 5, 2)
    lon, lat = to_wgs84(rings[:, :, 0].ravel(), rings[:, :, 1].ravel())
    lon = np.round(lon.reshape(len(flats), 5), 6)
    lat = np.round(lat.reshape(len(flats), 5), 6)
    return [
        {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[float(a), float(b)] for a, b in zip(lon[i], lat[i], strict=True)]
                ],
            },
            "properties": props[i],
        }
        for i in range(len(flats))
    ]


def _scored(
    method: str, x: np.ndarray, y: np.ndarray, grid: Grid, params: Parameters, note: str
) -> Surface:
    """The cross-validated KDE or the blend of naive counts and KDE: its top cells (above 5%
    of the largest value)."""
    if method == "kde_cv":
        values, bandwidth = kde_cv.kde_cv(x, y, grid)
        unit = "records per km²"
        note = f"{note} Bandwidth {bandwidth:g} m, chosen by cross-validation.".strip()
    else:
        values = analysis.method_scores("blend", x, y, grid, params)
        unit = "blend score (1 is the busiest)"
        note = f"{note} {params.blend_weight:g} x naive counts and "
        note += (
            f"{1 - params.blend_weight:g} x KDE ({params.bandwidth:g} m), each over its largest."
        )
        note = note.strip()
    cutoff = values.max() * 0.05
    order = [
        int(i) for i in np.argsort(-values, kind="stable")[:MAX_FEATURES] if values[i] > cutoff
    ]
    props = [{"value": round(float(values[f]), 4), "rank": r + 1} for r, f in enumerate(order)]
    return Surface(
        method, cell_features(grid, order, props), unit, grid, values, (x, y), note, order
    )


def surface(points: Points, method: str, params: Parameters) -> Surface:
    if method not in MAP_METHODS:
        raise ValueError(f"unknown method {method!r}")
    if len(points) == 0:
        return Surface(method, [], "", note="No located records match.")
    if method == "h3_counts":
        per_cell = cells.h3_counts(points.lat, points.lon, params.h3_resolution)
        top = sorted(per_cell.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_FEATURES]
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [cells.h3_boundary(c)]},
                "properties": {"cell": c, "value": n, "rank": i + 1},
            }
            for i, (c, n) in enumerate(top)
        ]
        return Surface(method, features, "records per H3 cell", cells=[c for c, _ in top])
    x, y = to_bng(points.lon, points.lat)
    grid = _map_grid(x, y, params)
    note = "" if grid.cell == params.cell else f"Cells enlarged to {grid.cell:g} m for this area."
    if method in ("kde_cv", "blend"):
        return _scored(method, x, y, grid, params, note)
    if method == "kde":
        values = kde.kde(x, y, grid, bandwidth=params.bandwidth).ravel() * 1e6
        cutoff = values.max() * 0.05
        order = [
            int(i) for i in np.argsort(-values, kind="stable")[:MAX_FEATURES] if values[i] > cutoff
        ]
        features = cell_features(
            grid,
            order,
            [
                {"value": round(float(values[f]), 2), "rank": rank + 1}
                for rank, f in enumerate(order)
            ],
        )
        return Surface(method, features, "records per km²", grid, values, (x, y), note, order)
    counts = grid.counts(x, y)
    z = gistar.gi_star_grid(counts, radius=params.gi_radius)
    q = gistar.fdr_bh(gistar.p_values(z))
    hot = np.flatnonzero((q <= params.fdr_alpha) & (z > 0))
    hot = hot[np.argsort(-z[hot], kind="stable")][:MAX_FEATURES]
    features = cell_features(
        grid,
        [int(f) for f in hot],
        [
            {"value": round(float(z[f]), 3), "q": round(float(q[f]), 5), "rank": rank + 1}
            for rank, f in enumerate(hot)
        ],
    )
    note = (note + f" Hot spots at a false discovery rate of {params.fdr_alpha:.0%}.").strip()
    return Surface(method, features, "Gi* z-score", grid, z, (x, y), note, [int(f) for f in hot])


def png(result: Surface, title: str) -> bytes:
    """The surface as a PNG chart (matplotlib, no display), in BNG metres."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    try:
        if result.grid is not None and result.values is not None:
            g = result.grid
            extent = (g.x0, g.x0 + g.nx * g.cell, g.y0, g.y0 + g.ny * g.cell)
            image = ax.imshow(
                result.values.reshape(g.shape),
                origin="lower",
                extent=extent,
                cmap="RdBu_r" if result.method == "gi_star" else "viridis",
            )
            fig.colorbar(image, ax=ax, label=result.unit)
            ax.set_xlabel("Easting (m, British National Grid)")
            ax.set_ylabel("Northing (m)")
        else:
            for feature in result.features:
                ring = np.array(feature["geometry"]["coordinates"][0])
                ax.fill(ring[:, 0], ring[:, 1], alpha=0.6)
            ax.set_xlabel("Longitude")
            ax.set_ylabel("Latitude")
        ax.set_title(title)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    finally:
        plt.close(fig)
    return buffer.getvalue()
