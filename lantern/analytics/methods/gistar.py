"""Getis-Ord Gi* z-scores, vectorised with a sparse weights matrix, and the
Benjamini-Hochberg false discovery rate correction.

For values x (n cells) and binary weights w_ij that include the cell itself (w_ii = 1):

    G*_i  = sum_j w_ij x_j / sum_j x_j
    E[G*_i] = W_i / n                      where W_i = sum_j w_ij
    Var[G*_i] = W_i (n - W_i) / (n - 1) / n^2 * s^2 / xbar^2
    z_i = (G*_i - E[G*_i]) / sqrt(Var[G*_i])

with xbar the mean and s^2 = mean(x^2) - xbar^2 (the population variance). This is the
analytical Gi* of Getis & Ord (1995), in the form esda's G_Local computes (star=True,
transform="B"), so the two agree to rounding (bench/hotspots.py checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from scipy import sparse

# scipy is imported inside the functions that use it: every web process imports this module
# (through the analytics pages' forms), and scipy alone is some 80 MiB of memory.

from lantern.analytics.methods.grid import FloatArray


def grid_weights(ny: int, nx: int, *, radius: int = 1) -> sparse.csr_matrix:
    """Binary weights on an ny x nx grid: each cell's neighbours within ``radius`` cells
    (queen's move; radius 1 gives the 3x3 block), the cell itself included."""
    from scipy import sparse

    rows = np.arange(ny * nx).reshape(ny, nx)
    src: list[NDArray[np.intp]] = []
    dst: list[NDArray[np.intp]] = []
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            a = rows[max(0, -dy) : ny - max(0, dy), max(0, -dx) : nx - max(0, dx)]
            b = rows[max(0, dy) : ny - max(0, -dy) : 1, max(0, dx) : nx - max(0, -dx)]
            src.append(a.ravel())
            dst.append(b.ravel())
    i = np.concatenate(src)
    j = np.concatenate(dst)
    return sparse.csr_matrix((np.ones(len(i)), (i, j)), shape=(ny * nx, ny * nx))


def gi_star(values: FloatArray, weights: sparse.spmatrix) -> FloatArray:
    """Gi* z-score of every cell. ``weights`` must already hold the self-weights."""
    x = np.asarray(values, float).ravel()
    n = x.size
    total = x.sum()
    if n < 2 or total == 0:
        return np.zeros(n)
    from scipy import sparse

    w = sparse.csr_matrix(weights)
    mean = total / n
    variance = (x @ x) / n - mean**2
    if variance <= 0:
        return np.zeros(n)
    statistic = (w @ x) / total
    cardinality = np.asarray(w.sum(axis=1)).ravel()
    expected = cardinality / n
    var_g = cardinality * (n - cardinality) / (n - 1) / n**2 * variance / mean**2
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (statistic - expected) / np.sqrt(var_g)
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)


def p_values(z: FloatArray) -> FloatArray:
    """Two-sided p-values of z-scores under the normal approximation."""
    from scipy.stats import norm

    return 2.0 * norm.sf(np.abs(np.asarray(z, float)))


def fdr_bh(p: FloatArray) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (q-values): q_(k) = min over j >= k of
    p_(j) * m / j, capped at 1, returned in the input order."""
    p = np.asarray(p, float).ravel()
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(q_sorted, 1.0)
    return q


def hot_spots(z: FloatArray, *, alpha: float = 0.05) -> NDArray[np.int8]:
    """+1 for a hot spot, -1 for a cold spot, 0 otherwise, at FDR level ``alpha``."""
    z = np.asarray(z, float)
    significant = fdr_bh(p_values(z)) <= alpha
    return (np.sign(z) * significant).astype(np.int8)


def gi_star_grid(values: FloatArray, *, radius: int = 1) -> FloatArray:
    """Gi* on a regular grid with the binary (2r+1)² neighbourhood of ``grid_weights``,
    computed with box sums (scipy.ndimage) instead of a sparse matrix: the same numbers,
    in time linear in the number of cells whatever the radius. Returns a flat array."""
    from scipy.ndimage import correlate

    grid = np.asarray(values, float)
    if grid.ndim != 2:
        raise ValueError("gi_star_grid needs a 2-D array")
    x = grid.ravel()
    n = x.size
    total = x.sum()
    if n < 2 or total == 0:
        return np.zeros(n)
    mean = total / n
    variance = (x @ x) / n - mean**2
    if variance <= 0:
        return np.zeros(n)
    box = np.ones((2 * radius + 1, 2 * radius + 1))
    local = correlate(grid, box, mode="constant", cval=0.0).ravel()
    cardinality = correlate(np.ones_like(grid), box, mode="constant", cval=0.0).ravel()
    statistic = local / total
    expected = cardinality / n
    var_g = cardinality * (n - cardinality) / (n - 1) / n**2 * variance / mean**2
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (statistic - expected) / np.sqrt(var_g)
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)
