"""Kernel density with its bandwidth chosen by likelihood cross-validation on the training
points alone.

For each bandwidth h of a grid, the leave-one-out log-likelihood
sum_i log f_{-i}(x_i), where f_{-i} is the Gaussian KDE of the other n - 1 points, and the
bandwidth with the highest is kept (Silverman 1986, section 3.4.4). The sums run over the
distinct locations with their counts, so police.uk's snapped data (many incidents on one
snap point) costs no more than its snap points; pairs further apart than ``REACH``
bandwidths (of the largest) are left out. A point with no neighbour within reach has the
density ``FLOOR``, so an isolated point penalises small bandwidths without making the
likelihood minus infinity."""

from __future__ import annotations

import math

import numpy as np

from lantern.analytics.methods import kde
from lantern.analytics.methods.grid import FloatArray, Grid

BANDWIDTHS: tuple[float, ...] = (25.0, 50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 400.0)  # metres
REACH = 3.0  # bandwidths of the largest; the Gaussian beyond it is below 1.2% of its peak
FLOOR = 1e-12  # points per square metre, for a point with no neighbour within reach


def _distinct(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The distinct locations (to the centimetre) and how many points lie on each."""
    keys = np.round(np.column_stack([np.asarray(x, float), np.asarray(y, float)]), 2)
    places, counts = np.unique(keys, axis=0, return_counts=True)
    return places, counts.astype(float)


def cv_log_likelihood(
    x: FloatArray, y: FloatArray, bandwidths: tuple[float, ...] = BANDWIDTHS
) -> FloatArray:
    """The leave-one-out log-likelihood of each bandwidth (metres) on the points (metres)."""
    n = len(x)
    if n < 2:
        return np.zeros(len(bandwidths))
    from scipy.spatial import cKDTree  # scipy only when a surface is computed

    places, counts = _distinct(x, y)
    pairs = cKDTree(places).query_pairs(REACH * max(bandwidths), output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d2 = ((places[i] - places[j]) ** 2).sum(axis=1)
    out = np.empty(len(bandwidths))
    for b, h in enumerate(bandwidths):
        peak = 1.0 / (2 * math.pi * h**2)
        k = peak * np.exp(-0.5 * d2 / h**2)
        near = (counts - 1.0) * peak  # the other points on the same location
        near += np.bincount(i, counts[j] * k, minlength=len(places))
        near += np.bincount(j, counts[i] * k, minlength=len(places))
        density = np.maximum(near / (n - 1), FLOOR)
        out[b] = float((counts * np.log(density)).sum())
    return out


def choose_bandwidth(
    x: FloatArray, y: FloatArray, bandwidths: tuple[float, ...] = BANDWIDTHS
) -> float:
    """The bandwidth with the highest leave-one-out likelihood (the smaller on a tie)."""
    scores = cv_log_likelihood(x, y, bandwidths)
    return float(bandwidths[int(np.argmax(scores))])


def kde_cv(x: FloatArray, y: FloatArray, grid: Grid) -> tuple[FloatArray, float]:
    """The density at every cell centre (points per km², flat) at the bandwidth chosen by
    cross-validation, and that bandwidth."""
    bandwidth = choose_bandwidth(x, y)
    return (kde.kde(x, y, grid, bandwidth=bandwidth) * 1e6).ravel(), bandwidth
