"""Probabilistic record linkage of people: the one model Lantern uses to find candidate
duplicates, with splink (MIT) on an embedded DuckDB.

The model is Fellegi-Sunter, as splink builds it: each pair of records that a blocking rule
brings together is compared field by field; each field's comparison falls into a level
(exact, close, far, missing); each level has an m probability (how often true matches fall
in it) and a u probability (how often non-matches do); the sum of the log-ratios, with the
prior probability that two records match, gives the match probability. This package only
chooses the comparisons, the blocking rules and the training, from the fields present:
``records.py`` normalises the records, ``model.py`` holds the model's parts, and this
module trains the model and scores the pairs.

Input is plain data: a list of dicts or a pandas DataFrame with Lantern's canonical field
names (``FIELDS``) and a ``unique_id``. Nothing here reads the database or checks
permissions: the caller has chosen what the analyst may see and passes it in. Nothing here
downloads anything: splink and DuckDB run in memory, in process.

**Training.** u probabilities are estimated by random sampling of record pairs (a fixed
seed, so the same input always gives the same model); m probabilities by expectation
maximisation on two blocking passes (names, then date of birth or postcode); the prior
from the pairs that deterministic rules find. With fewer than ``MIN_RECORDS_TO_TRAIN``
records there is too little to estimate anything from: the model then uses fixed m and u
values (``model.py``) chosen for people records, and says so (``trained`` is False).

**Blocking.** Pairs are only scored if they agree on one of the rules in ``model.BLOCKING``
that uses fields present; a rule that would create more than ``MAX_PAIRS_PER_RULE`` pairs
(a placeholder date of birth shared by thousands, say) is left out, so that the run stays
fast, and is named in ``skipped_rules``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lantern.intelligence.linkage import model
from lantern.intelligence.linkage.records import (
    FIELDS,
    SOURCE,
    UNIQUE_ID,
    LinkageError,
    normalise,
)

__all__ = ["FIELDS", "LinkageError", "LinkageResult", "Pair", "normalise", "predict_pairs"]

MIN_RECORDS_TO_TRAIN = 200
MAX_PAIRS_PER_RULE = 20_000_000
ALL_PAIRS_UP_TO = 1_000_000
U_SAMPLE_PAIRS = 2_000_000
SEED = 20_240_601
MIN_TRAINING_PAIRS = 50
EM_MAX_PAIRS = 500_000


@dataclass(frozen=True)
class Pair:
    unique_id_l: str
    unique_id_r: str
    probability: float
    source_dataset_l: str = ""
    source_dataset_r: str = ""


@dataclass(frozen=True)
class LinkageResult:
    pairs: list[Pair]
    records: int
    candidate_pairs: int
    fields: tuple[str, ...]
    trained: bool
    threshold: float
    seconds: float
    skipped_rules: tuple[str, ...] = field(default_factory=tuple)

    @property
    def predicted_pairs(self) -> int:
        return len(self.pairs)


def predict_pairs(
    records_left: pd.DataFrame | Iterable[Mapping[str, Any]],
    records_right: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    *,
    threshold: float = 0.9,
) -> LinkageResult:
    """The pairs of records that the model gives a match probability of at least
    ``threshold``. With one set of records, pairs within it (deduplication); with two,
    pairs across them (linkage), each pair's ``source_dataset`` saying which is which
    (``left`` and ``right`` unless the records carry their own)."""
    if not 0.0 <= threshold <= 1.0:
        raise LinkageError("the threshold is a probability between 0 and 1")
    started = time.perf_counter()
    left = normalise(records_left)
    tables = [left]
    if records_right is not None:
        right = normalise(records_right)
        for df, name in ((left, "left"), (right, "right")):
            if SOURCE not in df.columns:
                df[SOURCE] = name
        if set(left[SOURCE]) & set(right[SOURCE]):
            raise LinkageError("the two sets of records need different source_dataset names")
        tables.append(right)
    present = {f for f in FIELDS if all(df[f].notna().any() for df in tables)}
    if not present & {"first_name", "surname"}:
        raise LinkageError("the records need a first_name or a surname to be compared")
    records = sum(len(df) for df in tables)
    if (len(tables) == 1 and len(left) < 2) or any(len(df) == 0 for df in tables):
        return LinkageResult([], records, 0, tuple(sorted(present)), False, threshold, 0.0)
    return _run(tables, present, threshold, started)


def _run(
    tables: list[pd.DataFrame], present: set[str], threshold: float, started: float
) -> LinkageResult:
    import duckdb

    link = len(tables) == 2
    columns = [UNIQUE_ID, *([SOURCE] if link else []), *FIELDS]
    connection = duckdb.connect(":memory:")
    try:
        return _link(connection, tables, present, threshold, started, link, columns)
    finally:
        connection.close()


def _link(
    connection: Any,
    tables: list[pd.DataFrame],
    present: set[str],
    threshold: float,
    started: float,
    link: bool,
    columns: list[str],
) -> LinkageResult:
    from splink import DuckDBAPI, Linker

    connection.execute("SET threads TO 2").fetchall()  # the same sample on every machine
    # Never fetch a DuckDB extension at run time: everything used is built in.
    connection.execute("SET autoinstall_known_extensions = false").fetchall()
    connection.execute("SET enable_progress_bar = false").fetchall()  # counts only, quietly
    db_api = DuckDBAPI(connection=connection)
    inputs = [
        db_api.register(df[columns].copy(), table_name=f"lantern_records_{i}")
        for i, df in enumerate(tables)
    ]
    kept, skipped = _blocking_rules(connection, tables, present, link)
    trained = sum(len(df) for df in tables) >= MIN_RECORDS_TO_TRAIN
    linker = Linker(inputs, _settings(present, kept, link, trained), log_level=logging.ERROR)
    if trained:
        _train(linker, present, connection, link)
    predictions = linker.inference.predict(warning_mode="never")
    candidate_pairs, pairs = _pairs(connection, predictions.physical_name, threshold, link)
    return LinkageResult(
        pairs=pairs,
        records=sum(len(df) for df in tables),
        candidate_pairs=candidate_pairs,
        fields=tuple(f for f in FIELDS if f in present),
        trained=trained,
        threshold=threshold,
        seconds=time.perf_counter() - started,
        skipped_rules=tuple(" & ".join(rule) for rule in skipped),
    )


def _blocking_rules(
    connection: Any, tables: list[pd.DataFrame], present: set[str], link: bool
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The blocking rules kept and those left out for making too many pairs; none at all
    (every pair is scored) when there are few enough records."""
    kept: list[tuple[str, ...]] = []
    skipped: list[tuple[str, ...]] = []
    sizes = [len(df) for df in tables]
    all_pairs = sizes[0] * sizes[1] if link else sizes[0] * (sizes[0] - 1) // 2
    if all_pairs <= ALL_PAIRS_UP_TO:
        return kept, skipped
    for rule in model.usable(model.BLOCKING, present):
        count = _count_pairs(connection, rule, link)
        (kept if count <= MAX_PAIRS_PER_RULE else skipped).append(rule)
    if not kept:
        raise LinkageError(
            "too many records to compare every pair, and no blocking rule fits the "
            f"fields given ({', '.join(sorted(present))}) within "
            f"{MAX_PAIRS_PER_RULE:,} pairs: give more fields"
        )
    return kept, skipped


def _settings(present: set[str], rules: list[tuple[str, ...]], link: bool, trained: bool) -> Any:
    from splink import SettingsCreator, block_on

    comparisons = model.comparisons(present, frequencies=trained)
    return SettingsCreator(
        link_type="link_only" if link else "dedupe_only",
        unique_id_column_name=UNIQUE_ID,
        blocking_rules_to_generate_predictions=[block_on(*rule) for rule in rules],
        comparisons=comparisons,
        probability_two_random_records_match=model.PRIOR_MATCH,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _pairs(connection: Any, table: str, threshold: float, link: bool) -> tuple[int, list[Pair]]:
    """How many pairs were scored, and those at or above the threshold, best first."""
    # SQL here and in _count_pairs is built from this module's constants and splink's own
    # table names, never from the records; values go in as parameters.
    count_sql = f"SELECT count(*) FROM {table}"  # noqa: S608
    candidate_pairs = int(connection.execute(count_sql).fetchall()[0][0])
    source = ", source_dataset_l, source_dataset_r" if link else ""
    rows = connection.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability{source} FROM {table} "  # noqa: S608
        "WHERE match_probability >= ? "
        "ORDER BY match_probability DESC, unique_id_l, unique_id_r",
        [float(threshold)],
    ).fetchall()
    pairs = [
        Pair(str(r[0]), str(r[1]), float(r[2]), *((str(r[3]), str(r[4])) if link else ()))
        for r in rows
    ]
    return candidate_pairs, pairs


def _count_pairs(connection: Any, rule: Sequence[str], link: bool) -> int:
    """Exactly how many pairs a blocking rule creates, by counting records per key."""
    keys = ", ".join(f"({expr}) AS k{i}" for i, expr in enumerate(rule))
    not_null = " AND ".join(f"k{i} IS NOT NULL" for i in range(len(rule)))
    names = ", ".join(f"k{i}" for i in range(len(rule)))
    if link:
        sql = (
            f"WITH l AS (SELECT {keys} FROM lantern_records_0), "  # noqa: S608
            f"r AS (SELECT {keys} FROM lantern_records_1), "
            f"lc AS (SELECT {names}, count(*) AS n FROM l WHERE {not_null} GROUP BY ALL), "
            f"rc AS (SELECT {names}, count(*) AS n FROM r WHERE {not_null} GROUP BY ALL) "
            f"SELECT coalesce(sum(lc.n * rc.n), 0) FROM lc JOIN rc USING ({names})"
        )
    else:
        sql = (
            f"WITH k AS (SELECT {keys} FROM lantern_records_0), "  # noqa: S608
            f"c AS (SELECT count(*) AS n FROM k WHERE {not_null} GROUP BY {names}) "
            "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM c"
        )
    return int(connection.execute(sql).fetchall()[0][0])


def _train(linker: Any, present: set[str], connection: Any, link: bool) -> None:
    """Estimate the prior, u and m from the records. A step that has nothing to learn from
    (no pair agrees on a deterministic rule, or too few on a training rule) is skipped and
    the model keeps its starting values there."""
    from splink import block_on

    settings = linker._settings_obj  # splink 5 keeps the prior here
    deterministic = [block_on(*rule) for rule in model.usable(model.DETERMINISTIC, present)]
    if deterministic:
        try:
            linker.training.estimate_probability_two_random_records_match(
                deterministic, recall=model.DETERMINISTIC_RECALL
            )
        except ValueError:  # more matches than the recall allows: keep the starting value
            settings._probability_two_random_records_match = model.PRIOR_MATCH
        if not 0 < settings._probability_two_random_records_match < 1:
            settings._probability_two_random_records_match = model.PRIOR_MATCH
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    names = [f for f in ("first_name", "surname") if f in present]
    passes = [tuple(names)]
    passes += [(f,) for f in ("date_of_birth", "postcode", "email") if f in present][:1]
    for rule in passes:
        if present <= set(rule) or _count_pairs(connection, rule, link) < MIN_TRAINING_PAIRS:
            continue  # nothing left to estimate, or too few pairs to estimate it from
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
        )
