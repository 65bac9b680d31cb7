"""The British National Grid (EPSG:27700) and regular grids of square cells in metres."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from pyproj import Transformer

FloatArray = NDArray[np.float64]


@lru_cache(maxsize=2)
def _transformer(inverse: bool) -> Transformer:
    # pyproj is imported here, not at the top: every web process imports this module and
    # only the analytics pages need the projection.
    from pyproj import Transformer

    if inverse:
        return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def to_bng(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Longitude/latitude (WGS84) to British National Grid eastings/northings in metres."""
    x, y = _transformer(False).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x, float), np.asarray(y, float)


def to_wgs84(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    lon, lat = _transformer(True).transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon, float), np.asarray(lat, float)


@dataclass(frozen=True)
class Grid:
    """``ny`` rows by ``nx`` columns of ``cell``-metre squares; (x0, y0) is the lower-left
    corner of cell (0, 0). Row index grows northwards."""

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    @classmethod
    def covering(cls, x: FloatArray, y: FloatArray, cell: float, margin: float = 0.0) -> Grid:
        if cell <= 0:
            raise ValueError("cell size must be positive")
        if len(x) == 0:
            return cls(0.0, 0.0, cell, 1, 1)
        x0 = math.floor((float(np.min(x)) - margin) / cell) * cell
        y0 = math.floor((float(np.min(y)) - margin) / cell) * cell
        nx = max(1, math.ceil((float(np.max(x)) + margin - x0) / cell) + (margin == 0))
        ny = max(1, math.ceil((float(np.max(y)) + margin - y0) / cell) + (margin == 0))
        return cls(x0, y0, cell, nx, ny)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ny, self.nx)

    @property
    def size(self) -> int:
        return self.nx * self.ny

    def centres(self) -> tuple[FloatArray, FloatArray]:
        """Cell-centre eastings and northings, each of shape (ny, nx)."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.cell
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.cell
        return np.meshgrid(xs, ys)

    def index(self, x: FloatArray, y: FloatArray) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        """Flat cell index of each point, and a mask of the points inside the grid."""
        col = np.floor((np.asarray(x) - self.x0) / self.cell).astype(np.intp)
        row = np.floor((np.asarray(y) - self.y0) / self.cell).astype(np.intp)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return np.where(inside, row * self.nx + col, 0), inside

    def counts(self, x: FloatArray, y: FloatArray) -> NDArray[np.float64]:
        """Points per cell, shape (ny, nx); points outside the grid are not counted."""
        flat, inside = self.index(x, y)
        return np.bincount(flat[inside], minlength=self.size).astype(float).reshape(self.shape)

    def cell_polygon(self, row: int, col: int) -> list[tuple[float, float]]:
        x, y = self.x0 + col * self.cell, self.y0 + row * self.cell
        c = self.cell
        return [(x, y), (x + c, y), (x + c, y + c), (x, y + c), (x, y)]
