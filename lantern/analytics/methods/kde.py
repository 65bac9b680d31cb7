"""Kernel density on a regular grid in metres: linear binning, then one FFT convolution
with a truncated Gaussian kernel. Linear binning spreads each point over the four nearest
cell centres (bilinear weights), which keeps the error far below the bandwidth; the
convolution costs O(G log G) in the number of cells, whatever the number of points."""

from __future__ import annotations

import math

import numpy as np

from lantern.analytics.methods.grid import FloatArray, Grid

TRUNCATE = 4.0  # the kernel is cut at this many bandwidths


def linear_binning(x: FloatArray, y: FloatArray, grid: Grid) -> FloatArray:
    """Bilinear weights of each point on the cell centres; shape (ny, nx).

    The work happens on a grid padded by one cell before and two after on each axis, so no
    point needs a mask: coordinates are clipped into the padding, whose weight is then
    dropped (a point outside the grid loses the part of its weight that falls outside)."""
    gx = (np.asarray(x, float) - (grid.x0 + 0.5 * grid.cell)) * (1.0 / grid.cell)
    gy = (np.asarray(y, float) - (grid.y0 + 0.5 * grid.cell)) * (1.0 / grid.cell)
    np.clip(gx, -1.0, float(grid.nx), out=gx)
    np.clip(gy, -1.0, float(grid.ny), out=gy)
    ix = np.floor(gx)
    iy = np.floor(gy)
    fx = gx - ix
    fy = gy - iy
    width = grid.nx + 3
    size = (grid.ny + 3) * width
    base = (iy.astype(np.intp) + 1) * width + (ix.astype(np.intp) + 1)
    gx1 = 1.0 - fx
    upper_right = fy * fx
    upper_left = fy * gx1
    out: FloatArray = np.asarray(np.bincount(base, gx1 - upper_left, size), dtype=float)
    # ^ (1 - fx)(1 - fy)
    out += np.bincount(base + 1, fx - upper_right, size)  # fx (1 - fy)
    out += np.bincount(base + width, upper_left, size)  # (1 - fx) fy
    out += np.bincount(base + width + 1, upper_right, size)  # fx fy
    return out.reshape(grid.ny + 3, width)[1 : grid.ny + 1, 1 : grid.nx + 1]


def gaussian_kernel(bandwidth: float, cell: float) -> FloatArray:
    """The Gaussian kernel sampled at cell spacing, in points per square metre per point."""
    radius = max(1, math.ceil(TRUNCATE * bandwidth / cell))
    offsets = np.arange(-radius, radius + 1) * cell
    one_d = np.exp(-0.5 * (offsets / bandwidth) ** 2)
    return np.outer(one_d, one_d) / (2 * math.pi * bandwidth**2)


def kde(
    x: FloatArray,
    y: FloatArray,
    grid: Grid,
    *,
    bandwidth: float,
    binned: FloatArray | None = None,
) -> FloatArray:
    """Density at every cell centre, in points per square metre (multiply by 1e6 for per
    km²; divide by the number of points for a probability density)."""
    if bandwidth <= 0:
        raise ValueError("bandwidth must be positive")
    counts = linear_binning(x, y, grid) if binned is None else binned
    kernel = gaussian_kernel(bandwidth, grid.cell)
    # scipy is imported here, not at the top: every web process imports this module and
    # only computing a surface needs it.
    from scipy.signal import fftconvolve

    density = fftconvolve(counts, kernel, mode="same")
    return np.clip(density, 0.0, None)  # FFT round-off can leave tiny negatives
