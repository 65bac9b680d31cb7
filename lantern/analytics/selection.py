"""Choosing the hotspot method and its parameters on the training period alone.

Rolling-origin validation: for each month k of the training window from the third on, each
candidate is fitted on the training months before k and scored on month k, in a study area
fixed from those earlier months (or the drawn area's polygon).

The default is the naive counts with their ties broken by time-weighted counts, then by the
200 m KDE (``DEFAULT``): the naive ranking whole, except that the cells on the same count at
the edge of the hotspots are ordered by how recent, then how surrounded, their incidents
are, rather than by grid order. It is kept unless a candidate beats it: a candidate
qualifies only if its PAI is above the default's in **every** validation month **and** its
pooled PAI over them (all the months' hits over all their points, for the same share of the
area) is higher. Among those that qualify, the one with the highest pooled PAI is chosen
(ties to the earlier candidate). With two to four validation months, a win in most but not
all of them, or a higher mean won in one big month, is month-to-month noise on police.uk
data. The chosen method is then fitted on the whole training window and only then scored on
the test period, beside the naive baseline (the counts, ties in grid order)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from lantern.analytics import analysis
from lantern.analytics.analysis import Parameters, choose_cells, method_scores, score_cells
from lantern.analytics.methods.grid import to_bng
from lantern.analytics.selectors import Period, Source, analysis_points, area_filter
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed


@dataclass(frozen=True)
class Candidate:
    method: str
    changes: tuple[tuple[str, float], ...] = ()  # parameters that differ from the defaults

    def parameters(self, base: Parameters) -> Parameters:
        # Each value as the type of the field it replaces (the Gi* radius is a whole number).
        typed: dict[str, Any] = {k: type(getattr(base, k))(v) for k, v in self.changes}
        return replace(base, **typed)

    def label(self) -> str:
        said = ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in self.changes)
        return analysis.METHOD_LABELS[self.method] + (f" ({said})" if said else "")


NAIVE = Candidate("naive")
DEFAULT = Candidate("naive_recent_kde_ties", (("half_life", 2.0), ("bandwidth", 200.0)))
# The naive baseline first (the reference every figure is given against), then the default.
CANDIDATES: tuple[Candidate, ...] = (
    NAIVE,
    DEFAULT,
    *(Candidate("naive_kde_ties", (("bandwidth", b),)) for b in (100.0, 200.0, 400.0)),
    Candidate("snap_counts"),
    *(Candidate("prospective", (("half_life", h),)) for h in (1.0, 2.0, 4.0, 8.0)),
    *(Candidate("kde", (("bandwidth", b),)) for b in (50.0, 100.0, 200.0)),
    Candidate("gi_star", (("gi_radius", 1),)),
    Candidate("h3_counts", (("h3_resolution", 10),)),
    Candidate("kde_cv"),
    *(
        Candidate("blend", (("blend_weight", w), ("bandwidth", b)))
        for w in (0.5, 0.75, 0.9)
        for b in (100.0, 200.0)
    ),
    *(
        Candidate("blend_prospective", (("blend_weight", w), ("half_life", 2.0)))
        for w in (0.5, 0.9)
    ),
    Candidate("naive_recent_kde_ties", (("half_life", 2.0), ("bandwidth", 100.0))),
    Candidate("naive_recent_ties", (("half_life", 2.0),)),
    *(Candidate("naive_neighbour_ties", (("gi_radius", r),)) for r in (1, 2)),
    Candidate("naive_recent_neighbour_ties", (("half_life", 2.0), ("gi_radius", 1))),
    Candidate("naive_snap_ties"),
)
FIRST_FOLD = 2  # months of training before the first month scored


def _index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def _month(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Selection:
    candidate: Candidate
    mean_pai: float
    folds: list[dict[str, Any]]  # per candidate label: the month scored and the PAI
    naive_mean_pai: float
    wins: int  # validation months in which the chosen candidate's PAI beat the naive's
    reason: str
    default: Candidate = NAIVE  # the candidate kept unless another beats it
    pooled_pai: float = 0.0  # over all the validation months: hits / expected hits
    naive_pooled_pai: float = 0.0
    default_pooled_pai: float = 0.0
    wins_over_default: int = 0


def _pooled(pais: list[float], weights: list[float] | None) -> float:
    """The pooled PAI: the months' PAIs weighted by their points (``weights``, N per month,
    all equal when not given), which is all the hits over all the points, over the share of
    the area (the same share every month)."""
    w = np.ones(len(pais)) if weights is None else np.asarray(weights, float)
    return float(np.dot(pais, w) / w.sum()) if w.sum() > 0 else 0.0


def choose(
    candidates: tuple[Candidate, ...],
    pais: dict[Candidate, list[float]],
    weights: list[float] | None = None,
    default: Candidate | None = None,
) -> Selection:
    """Apply the rule of this module to each candidate's PAI per validation month
    (``candidates[0]`` is the naive baseline; ``default``, the candidate kept unless another
    beats it, is the naive baseline when not given). ``weights`` are each month's points
    (N) for the pooled PAI. ``folds`` is left empty for the caller."""
    naive = candidates[0]
    if naive.method != "naive":
        raise ValueError("the first candidate must be the naive baseline")
    default = default or naive
    if default not in candidates:
        raise ValueError("the default must be one of the candidates")
    months = len(pais[naive])
    means = {c: float(np.mean(v)) for c, v in pais.items()}
    pooled = {c: _pooled(v, weights) for c, v in pais.items()}

    def beats(c: Candidate, other: Candidate) -> int:
        return sum(p > q for p, q in zip(pais[c], pais[other], strict=True))

    others = [c for c in candidates if c != default]
    qualified = [c for c in others if beats(c, default) == months and pooled[c] > pooled[default]]
    name = "the naive baseline" if default == naive else f"the default, {default.label()}"
    if qualified:
        best = max(qualified, key=lambda c: (round(pooled[c], 6), -candidates.index(c)))
        reason = (
            f"It beat {name} in all {months} validation months, pooled PAI "
            f"{pooled[best]:.2f} against {pooled[default]:.2f}: the highest pooled PAI among "
            f"the {len(qualified)} of {len(others)} candidates that beat it in every month "
            "with a higher pooled PAI."
        )
    elif not others:
        best, reason = default, f"{name[0].upper()}{name[1:]} was the only candidate."
    else:
        best = default
        runner = max(others, key=lambda c: (round(pooled[c], 6), -candidates.index(c)))
        reason = (
            f"None of the {len(others)} other candidates beat {name} in every one of the "
            f"{months} validation months with a higher pooled PAI (the highest, "
            f"{runner.label()}, {pooled[runner]:.2f} against {pooled[default]:.2f}, beat it in "
            f"{beats(runner, default)} of {months}), so {name.split(',')[0]} is kept."
        )
    if best != naive:
        reason += (
            f" Against the naive baseline: {beats(best, naive)} of {months} months won, "
            f"pooled PAI {pooled[best]:.2f} against {pooled[naive]:.2f}."
        )
    return Selection(
        best,
        round(means[best], 6),
        [],
        round(means[naive], 6),
        int(beats(best, naive)),
        reason,
        default=default,
        pooled_pai=round(pooled[best], 6),
        naive_pooled_pai=round(pooled[naive], 6),
        default_pooled_pai=round(pooled[default], 6),
        wins_over_default=int(beats(best, default)) if best != default else 0,
    )


def rolling_origin(
    x: np.ndarray,
    y: np.ndarray,
    months: list[dt.date],
    *,
    params: Parameters,
    coverage: float,
    shape: Any = None,
    candidates: tuple[Candidate, ...] = CANDIDATES,
) -> Selection:
    """Choose among ``candidates`` on the training points alone (BNG metres, each with its
    month): this function is given nothing of the test period."""
    index = np.array([_index(m) for m in months], int)
    if index.size == 0:
        raise ValidationFailed({"train": ["There are no training records to choose a method."]})
    first, last = int(index.min()), int(index.max())
    folds: list[dict[str, Any]] = []
    pais: dict[Candidate, list[float]] = {c: [] for c in candidates}
    weights: list[float] = []
    for k in range(first + FIRST_FOLD, last + 1):
        fit, held = index < k, index == k
        if fit.sum() == 0 or held.sum() == 0:
            continue
        area = analysis.study_area(x[fit], y[fit], params, shape)
        # The month's points counted once per cell, for every candidate's cells.
        held_counts = area.grid.counts(x[held], y[held]).ravel()
        n = float(held_counts[area.mask].sum())
        if n == 0:
            continue
        fold_period = Period(_month(first), _month(k))
        ages = analysis.month_ages([months[i] for i in np.flatnonzero(fit)], fold_period)
        weights.append(n)
        fold: dict[str, Any] = {"month": _month(k).isoformat()[:7], "n": int(n), "pai": {}}
        shared: dict[tuple[Any, ...], np.ndarray] = {}  # surfaces several candidates use
        for candidate in candidates:
            p = candidate.parameters(params)
            scores = method_scores(candidate.method, x[fit], y[fit], area.grid, p, ages, shared)
            pai = analysis.pai_of(choose_cells(scores, area, coverage), area, held_counts, n)
            pais[candidate].append(pai)
            fold["pai"][candidate.label()] = pai
        folds.append(fold)
    if not folds:
        raise ValidationFailed(
            {"train": ["The training period needs at least three months with records to choose."]}
        )
    default = DEFAULT if DEFAULT in candidates else candidates[0]
    return replace(choose(candidates, pais, weights, default), folds=folds)


def evaluate_selected(
    *,
    actor: Actor,
    train: Period,
    test: Period,
    coverage: float,
    category: str = "",
    area: str = "",
    sources: frozenset[Source] = frozenset({Source.IMPORTED}),
    params: Parameters | None = None,
) -> dict[str, Any]:
    """Choose the method by rolling-origin validation inside ``train``, fix its hotspots and
    the naive baseline's, then read ``test`` and score both."""
    params = (params or Parameters()).check()
    if not 0 < coverage <= 1:
        raise ValidationFailed({"coverage": ["Coverage must be more than 0 and at most 1."]})
    if train.start < test.end and test.start < train.end:
        raise ValidationFailed({"test": ["The test period overlaps the training period."]})
    fit = analysis_points(actor=actor, period=train, category=category, area=area, sources=sources)
    if len(fit) == 0:
        raise ValidationFailed({"period": ["There are no located records in the training period."]})
    where = area_filter(actor=actor, area=area)
    shape = where.shape if where is not None else None
    fx, fy = to_bng(fit.lon, fit.lat)
    chosen = rolling_origin(fx, fy, fit.months, params=params, coverage=coverage, shape=shape)
    study = analysis.study_area(fx, fy, params, shape)
    ages = analysis.month_ages(fit.months, train)
    hotspots = {}
    for name, candidate in (("chosen", chosen.candidate), ("naive", NAIVE)):
        p = candidate.parameters(params)
        scores = method_scores(candidate.method, fx, fy, study.grid, p, ages)
        hotspots[name] = choose_cells(scores, study, coverage)
    # Only now, with the method and the hotspots fixed, is the test period read.
    score = analysis_points(actor=actor, period=test, category=category, area=area, sources=sources)
    tx, ty = to_bng(score.lon, score.lat)
    in_study = int(study.grid.counts(tx, ty).ravel()[study.mask].sum())
    if in_study == 0:
        raise ValidationFailed(
            {"period": ["There are no located records of the test period in the study area."]}
        )
    results = {name: score_cells(cells_, study, tx, ty) for name, cells_ in hotspots.items()}
    return {
        "train": str(train),
        "test": str(test),
        "coverage": coverage,
        "category": category,
        "area": area,
        "sources": sorted(sources),
        "study_area": study.basis,
        "study_cells": int(study.mask.sum()),
        "train_records": len(fit),
        "test_records": len(score),
        "test_records_in_study": in_study,
        "chosen": {
            "method": chosen.candidate.method,
            "label": chosen.candidate.label(),
            "parameters": asdict(chosen.candidate.parameters(params)),
            "validation_mean_pai": chosen.mean_pai,
            "validation_naive_mean_pai": chosen.naive_mean_pai,
            "validation_wins": chosen.wins,
            "validation_months": len(chosen.folds),
            "validation_pooled_pai": chosen.pooled_pai,
            "validation_naive_pooled_pai": chosen.naive_pooled_pai,
            "default": chosen.default.label(),
            "validation_default_pooled_pai": chosen.default_pooled_pai,
            "validation_wins_over_default": chosen.wins_over_default,
            "reason": chosen.reason,
            **results["chosen"],
        },
        "naive": results["naive"],
        "folds": chosen.folds,
    }


PLAN_COVERAGE = 0.03  # the share of the area the planner's choice is validated on


@dataclass(frozen=True)
class PlanMethod:
    """The patrol planner's surface: the method chosen on the basis period, why, and its
    scores per cell of the study area (zero outside it)."""

    candidate: Candidate
    reason: str
    study: analysis.StudyArea
    scores: np.ndarray


def plan_method(
    x: np.ndarray,
    y: np.ndarray,
    months: list[dt.date],
    *,
    period: Period,
    params: Parameters,
    shape: Any = None,
) -> PlanMethod:
    """Choose the method for a patrol plan by the same rolling-origin validation over the
    basis period's points (BNG metres, each with its month) as ``--select`` (PAI on the top
    ``PLAN_COVERAGE`` of the area), then fit it on the whole basis period. With fewer than
    three months of records there is nothing to validate on: the default (``DEFAULT``) is
    used and the reason says so."""
    try:
        chosen = rolling_origin(x, y, months, params=params, coverage=PLAN_COVERAGE, shape=shape)
    except ValidationFailed:
        candidate = DEFAULT
        reason = (
            f"{period} has fewer than three months with records, too few to choose a method "
            f"by rolling-origin validation, so the default, {DEFAULT.label()}, is used."
        )
    else:
        candidate = chosen.candidate
        reason = (
            f"Chosen by rolling-origin validation inside {period} ({len(chosen.folds)} months, "
            f"hotspots the top {PLAN_COVERAGE:.0%}): {chosen.reason}"
        )
    study = analysis.study_area(x, y, params, shape)
    ages = analysis.month_ages(months, period)
    scores = method_scores(candidate.method, x, y, study.grid, candidate.parameters(params), ages)
    return PlanMethod(candidate, reason, study, np.where(study.mask, scores, 0.0))
