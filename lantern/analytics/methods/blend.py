"""Blends of the naive counts and a smoothed surface.

Each surface is divided by its largest value, so both run from 0 to 1, and the blend is
``weight * naive + (1 - weight) * smoothed``. At weight 1 it is the naive counts scaled by
a positive constant: the same ranking, ties included. Below 1 the smoothed surface
breaks the naive counts' ties (many cells hold the same small count) and, as the weight
falls, lifts cells next to busy ones.

``tie_break`` keeps the naive counts' ranking whole and uses a smoothed surface only to
order cells with the same count: police.uk's snapped data leave many cells on the same
small count at the edge of the top few per cent, and the naive ranking takes the first of
them in grid order (the south-west corner first), which says nothing about the risk."""

from __future__ import annotations

import numpy as np

from lantern.analytics.methods.grid import FloatArray


def normalised(scores: FloatArray) -> FloatArray:
    """``scores`` over their largest value (all zeros stay zeros)."""
    values = np.asarray(scores, float).ravel()
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def blend(naive: FloatArray, smoothed: FloatArray, weight: float) -> FloatArray:
    """``weight`` times the normalised naive counts plus ``1 - weight`` times the
    normalised smoothed surface (flat arrays of the same size)."""
    if not 0 <= weight <= 1:
        raise ValueError("the weight must be 0 to 1")
    if weight == 1:
        return normalised(naive)
    return weight * normalised(naive) + (1 - weight) * normalised(smoothed)


def tie_break(counts: FloatArray, secondary: FloatArray) -> FloatArray:
    """``counts`` (whole numbers) plus half the normalised ``secondary`` surface: a cell
    with a higher count always ranks higher, and among cells with the same count the one
    higher on ``secondary`` ranks first (flat arrays of the same size)."""
    values = np.asarray(counts, float).ravel()
    if not np.array_equal(values, np.round(values)):
        raise ValueError("tie_break needs whole-number counts")
    return values + 0.5 * normalised(secondary)


def tie_break_chain(counts: FloatArray, *keys: FloatArray) -> FloatArray:
    """``counts`` (whole numbers), ties broken by the first of ``keys``, its ties by the
    second, and so on: ``counts`` plus half the dense rank of the cells on ``keys`` (read
    lexicographically) over the highest rank, so a higher count always ranks higher."""
    values = np.asarray(counts, float).ravel()
    if not np.array_equal(values, np.round(values)):
        raise ValueError("tie_break_chain needs whole-number counts")
    if not keys:
        return values
    columns = [np.asarray(k, float).ravel() for k in keys]
    # Sorted lexicographically (np.lexsort sorts on its last key first), each cell's dense
    # rank is the number of changes of any key before it.
    order = np.lexsort(columns[::-1])
    changed = np.zeros(order.size, bool)
    for column in columns:
        changed[1:] |= np.diff(column[order]) != 0
    rank = np.empty(order.size)
    rank[order] = np.cumsum(changed)
    top = float(rank.max()) if rank.size else 0.0
    return values + (0.5 * rank / top if top > 0 else 0.0)
