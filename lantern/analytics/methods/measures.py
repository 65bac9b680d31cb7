"""Measures for choosing and judging a response: hit rate, PAI, PEI; rate ratios with
confidence intervals; the Weighted Displacement Quotient (DOMAIN.md 8.2, 8.3)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lantern.analytics.methods.grid import FloatArray

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


# --- hotspot prediction ----------------------------------------------------------------------


def top_cells(scores: FloatArray, k: int) -> NDArray[np.intp]:
    """Indices of the ``k`` highest-scoring cells; ties go to the lower index, so the choice
    is the same on every run.

    The cells are those, and in the order, of a stable sort of every cell by falling score
    cut at ``k``, without sorting them all (the rolling-origin selection asks this of some
    hundred surfaces of up to a million cells, for the top few per cent): a partial selection
    finds the k-th highest score; the cells above it are sorted, and the cells on it follow
    in index order, as many as are needed."""
    scores = np.asarray(scores, float).ravel()
    k = max(0, min(int(k), scores.size))
    negated = -scores
    if k == 0 or k == scores.size or np.isnan(negated).any():
        # No cut to make, or NaN, which a sort places last but a comparison cannot place.
        return np.argsort(negated, kind="stable")[:k]
    kth = np.partition(negated, k - 1)[k - 1]
    above = np.flatnonzero(negated < kth)
    above = above[np.argsort(negated[above], kind="stable")]
    level = np.flatnonzero(negated == kth)[: k - above.size]
    return np.concatenate([above, level])


def hit_rate(n: float, big_n: float) -> float:
    """n / N: the share of the measurement period's crimes that fell in the hotspots."""
    if big_n <= 0:
        raise ValueError("no crimes in the study area (N = 0): the hit rate is undefined")
    return n / big_n


def pai(n: float, big_n: float, a: float, big_a: float) -> float:
    """Predictive Accuracy Index (Chainey, Tompson & Uhlig 2008):
    (n / N x 100) / (a / A x 100). 1 is no better than a uniform spread; higher is better."""
    if a <= 0 or big_a <= 0:
        raise ValueError("the hotspot area and the study area must be positive")
    return (hit_rate(n, big_n) * 100) / (a / big_a * 100)


def pei(n: float, n_star: float) -> float:
    """Predictive Efficiency Index (Hunt 2016): n / n*, where n* is the most crimes any
    choice of hotspots of the same area could have caught. 1 is perfect."""
    if n_star <= 0:
        raise ValueError("no crimes could have been caught (n* = 0): the PEI is undefined")
    return n / n_star


@dataclass(frozen=True)
class Prediction:
    hits: int
    total: int
    cells: int
    study_cells: int
    best_possible: int
    hit_rate: float
    pai: float
    pei: float


def score_prediction(
    scores: FloatArray, test_counts: FloatArray, *, coverage: float, in_study: NDArray[np.bool_]
) -> Prediction:
    """Choose the top ``coverage`` share of the study cells by ``scores`` and measure them
    against the test period's counts per cell (all cells equal in area)."""
    if not 0 < coverage <= 1:
        raise ValueError("coverage must be in (0, 1]")
    mask = np.asarray(in_study, bool).ravel()
    s = np.asarray(scores, float).ravel()[mask]
    t = np.asarray(test_counts, float).ravel()[mask]
    big_a = int(mask.sum())
    k = max(1, round(coverage * big_a))
    chosen = top_cells(s, k)
    n = float(t[chosen].sum())
    big_n = float(t.sum())
    n_star = float(np.sort(t)[::-1][:k].sum())
    return Prediction(
        hits=int(n),
        total=int(big_n),
        cells=k,
        study_cells=big_a,
        best_possible=int(n_star),
        hit_rate=hit_rate(n, big_n),
        pai=pai(n, big_n, k, big_a),
        pei=pei(n, n_star),
    )


# --- rates --------------------------------------------------------------------------------------


class Refused(ValueError):
    """The measure is meaningless on these numbers; ``reason`` says why, in plain English."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RateRatio:
    ratio: float
    lower: float
    upper: float
    level: float = 0.95


def rate_ratio(
    after: int,
    before: int,
    *,
    exposure_after: float = 1.0,
    exposure_before: float = 1.0,
    z: float = Z95,
) -> RateRatio:
    """(after / exposure_after) / (before / exposure_before), with the Wald interval on the
    log scale: exp(ln RR +- z sqrt(1/after + 1/before)) for Poisson counts."""
    if after <= 0 or before <= 0:
        raise Refused(
            "A count of zero makes the log rate ratio infinite, so there is no interval; "
            "choose a longer period or a larger area."
        )
    ratio = (after / exposure_after) / (before / exposure_before)
    se = math.sqrt(1 / after + 1 / before)
    return RateRatio(ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se))


def relative_rate_ratio(rb: int, ra: int, cb: int, ca: int, *, z: float = Z95) -> RateRatio:
    """The change in the response area relative to the comparison area:
    RR = (Ra / Rb) / (Ca / Cb), with exp(ln RR +- z sqrt(1/Ra + 1/Rb + 1/Ca + 1/Cb)).
    Below 1, the response area improved more than the comparison area."""
    if min(rb, ra, cb, ca) <= 0:
        raise Refused(
            "One of the four counts is zero, so the log rate ratio and its interval are "
            "infinite; choose a longer period or larger areas."
        )
    ratio = (ra / rb) / (ca / cb)
    se = math.sqrt(1 / ra + 1 / rb + 1 / ca + 1 / cb)
    return RateRatio(ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se))


# --- displacement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Wdq:
    """The WDQ and its parts (Bowers & Johnson 2003; Guerette 2009, POP Tool Guide 10)."""

    gross_effect: float  # GE = Rb - Ra
    net_effect: float  # NE = Rb/Cb - Ra/Ca
    success_measure: float  # Ra/Ca - Rb/Cb (below 0: the response succeeded)
    buffer_measure: float  # Da/Ca - Db/Cb
    value: float | None  # buffer measure / success measure; None when refused
    total_net_effect: float  # [Rb(Ca/Cb) - Ra] + [Db(Ca/Cb) - Da]
    reading: str
    refused: str = ""


def wdq_reading(value: float) -> str:
    """DOMAIN.md 8.3: what a WDQ value means."""
    if value > 1:
        return "Diffusion of benefits: the diffusion effect was greater than the response effect."
    if value > 0:
        return "Diffusion of benefits: the buffer area improved as well as the response area."
    if value == 0:
        return "Neither displacement nor diffusion of benefits into the buffer area."
    if value >= -1:
        return "Displacement occurred, but the intervention still achieved some benefit."
    return "The response effect was eclipsed or erased by displacement."


def wdq(*, rb: int, ra: int, cb: int, ca: int, db: int, da: int) -> Wdq:
    """WDQ = (Da/Ca - Db/Cb) / (Ra/Ca - Rb/Cb). R response area, C comparison area,
    D buffer; b before, a after.

    It declines (``value`` None, ``refused`` saying why) where a zero makes it meaningless:
    a comparison count of zero (every term divides by it); a response area with nothing
    before (nothing to reduce); and a success measure of zero or above (the response
    area did no better than the comparison area, so there is no effect to displace and
    the quotient's sign and size say nothing)."""
    if min(rb, ra, cb, ca, db, da) < 0:
        raise ValueError("counts cannot be negative")
    ge = float(rb - ra)
    if cb == 0 or ca == 0:
        period = "before" if cb == 0 else "after"
        return _refused(
            ge,
            f"The comparison area had no incidents in the {period} period. Every part of "
            "the WDQ divides by the comparison counts, so it cannot be computed; choose a "
            "larger comparison area or a longer period.",
        )
    ne = rb / cb - ra / ca
    sm = ra / ca - rb / cb
    bdm = da / ca - db / cb
    tne = (rb * (ca / cb) - ra) + (db * (ca / cb) - da)
    if rb == 0:
        return Wdq(
            ge, ne, sm, bdm, None, tne, "",
            "The response area had no incidents before the response, so there was nothing "
            "to reduce and no effect to displace; the WDQ is not meaningful.",
        )  # fmt: skip
    if sm >= 0:
        return Wdq(
            ge, ne, sm, bdm, None, tne, "",
            "The response area did no better than the comparison area (success measure "
            f"{sm:+.3f}, not below 0). With no response effect there is nothing to displace, "
            "so the WDQ is not meaningful.",
        )  # fmt: skip
    value = bdm / sm
    return Wdq(ge, ne, sm, bdm, value, tne, wdq_reading(value))


def _refused(ge: float, reason: str) -> Wdq:
    nan = float("nan")
    return Wdq(ge, nan, nan, nan, None, nan, "", reason)
