"""Probabilistic record linkage of people: the one model Lantern uses to find candidate
duplicates, with splink (MIT) on an embedded DuckDB.

The model is Fellegi-Sunter, as splink builds it: each pair of records that a blocking rule
brings together is compared field by field; each field's comparison falls into a level
(exact, close, far, missing); each level has an m probability (how often true matches fall
in it) and a u probability (how often non-matches do); the sum of the log-ratios, with the
prior probability that two records match, gives the match probability. This module only
chooses the comparisons, the blocking rules and the training, from the fields present.

Input is plain data: a list of dicts or a pandas DataFrame with Lantern's canonical field
names (``FIELDS``) and a ``unique_id``. Nothing here reads the database or checks
permissions: the caller has chosen what the analyst may see and passes it in. Nothing here
downloads anything: splink and DuckDB run in memory, in process.

**Training.** u probabilities are estimated by random sampling of record pairs (a fixed
seed, so the same input always gives the same model); m probabilities by expectation
maximisation on two blocking passes (names, then date of birth or postcode); the prior
from the pairs that deterministic rules find. With fewer than ``MIN_RECORDS_TO_TRAIN``
records there is too little to estimate anything from: the model then uses fixed m and u
values (``_PRIORS``) chosen for people records, and says so (``trained`` is False).

**Blocking.** Pairs are only scored if they agree on one of the rules in ``_BLOCKING``
that uses fields present; a rule that would create more than ``MAX_PAIRS_PER_RULE`` pairs
(a placeholder date of birth shared by thousands, say) is left out, so that the run stays
fast, and is named in ``skipped_rules``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

FIELDS: tuple[str, ...] = (
    "first_name",
    "surname",
    "date_of_birth",
    "sex",
    "place_of_birth",
    "address",
    "town",
    "postcode",
    "phone",
    "email",
)
"""Lantern's canonical fields for a person, in the order the model compares them."""

MIN_RECORDS_TO_TRAIN = 200
MAX_PAIRS_PER_RULE = 20_000_000
ALL_PAIRS_UP_TO = 1_000_000
U_SAMPLE_PAIRS = 2_000_000
SEED = 20_240_601

_UNIQUE_ID = "unique_id"
_SOURCE = "source_dataset"


class LinkageError(ValueError):
    """The records cannot be linked as given; the message says why."""


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


# ---------------------------------------------------------------------------------------
# Normalisation


_SPACES = re.compile(r"\s+")
_NAME_JUNK = re.compile(r"[^\w\s'-]")
_ADDRESS_JUNK = re.compile(r"[^\w\s]")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_NOT_DIGIT = re.compile(r"\D")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_SEX = {"m": "m", "male": "m", "man": "m", "f": "f", "female": "f", "woman": "f"}


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = _SPACES.sub(" ", str(value)).strip().lower()
    return text or None


def _name(value: Any) -> str | None:
    text = _text(value)
    return _text(_NAME_JUNK.sub(" ", text)) if text else None


def _address(value: Any) -> str | None:
    text = _text(value)
    return _text(_ADDRESS_JUNK.sub(" ", text)) if text else None


def _date(value: Any) -> str | None:
    """An ISO date (``1971-06-24``) from ISO or day-first UK forms; anything else is
    missing, not an error: a person's record often has a partial or wrong date."""
    text = _text(value)
    if not text:
        return None
    text = text.split(" ")[0].split("t")[0]
    if m := _ISO.match(text):
        y, mo, d = m.groups()
    elif m := _UK.match(text):
        d, mo, y = m.groups()
    else:
        return None
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _postcode(value: Any) -> str | None:
    """Upper case with one space before the inward code (``TQ13 8DF``)."""
    text = _text(value)
    if not text:
        return None
    compact = _NOT_ALNUM.sub("", text.upper())
    if not 5 <= len(compact) <= 7:
        return compact or None
    return f"{compact[:-3]} {compact[-3:]}"


def _phone(value: Any) -> str | None:
    """Digits only, a UK international prefix (+44, 0044) written as the leading 0."""
    text = _text(value)
    if not text:
        return None
    digits = _NOT_DIGIT.sub("", text)
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 7 else None


def _email(value: Any) -> str | None:
    text = _text(value)
    return text if text and "@" in text else None


def _sex(value: Any) -> str | None:
    text = _text(value)
    return _SEX.get(text, text) if text else None


_NORMALISE = {
    "first_name": _name,
    "surname": _name,
    "date_of_birth": _date,
    "sex": _sex,
    "place_of_birth": _text,
    "address": _address,
    "town": _text,
    "postcode": _postcode,
    "phone": _phone,
    "email": _email,
}


def normalise(records: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The records as a DataFrame of strings (or None) with every canonical field, each
    normalised: lower case and single spaces, dates as ISO, postcodes as ``TQ13 8DF``,
    phone numbers as digits. ``unique_id`` must be present, non-empty and unique."""
    df = records.copy() if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
    if _UNIQUE_ID not in df.columns:
        raise LinkageError("every record needs a unique_id")
    unknown = sorted(set(df.columns) - {*FIELDS, _UNIQUE_ID, _SOURCE})
    if unknown:
        raise LinkageError(
            f"unknown field(s): {', '.join(unknown)}; the fields are {', '.join(FIELDS)}"
        )
    ids = df[_UNIQUE_ID].map(_raw_id)
    if ids.isna().any():
        raise LinkageError("a record has an empty unique_id")
    keys = [ids, df[_SOURCE].astype(str)] if _SOURCE in df.columns else [ids]
    if pd.concat(keys, axis=1).duplicated().any():
        raise LinkageError("unique_id values must be unique")
    out = pd.DataFrame({_UNIQUE_ID: pd.Series(ids.to_numpy(), dtype=object)})
    if _SOURCE in df.columns:
        out[_SOURCE] = df[_SOURCE].astype(str).to_numpy()
    for name in FIELDS:
        column = df[name] if name in df.columns else pd.Series([None] * len(df))
        values = [_NORMALISE[name](v) for v in column.tolist()]
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out


def _raw_id(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


# ---------------------------------------------------------------------------------------
# The model


# Blocking rules, as lists of SQL expressions that must be equal; used if every field
# they name is present. Broad enough to find pairs with a mangled name (date of birth and
# place, postcode) and pairs with no date (names, postcode, contact details).
_BLOCKING: tuple[tuple[str, ...], ...] = (
    ("first_name", "surname"),
    ("surname", "date_of_birth"),
    ("first_name", "date_of_birth"),
    ("substr(first_name, 1, 3)", "substr(surname, 1, 4)"),
    ("substr(first_name, 1, 2)", "substr(surname, 1, 2)", "substr(date_of_birth, 1, 4)"),
    ("date_of_birth", "postcode"),
    ("date_of_birth", "place_of_birth"),
    ("date_of_birth", "substr(postcode, 1, 3)"),
    ("postcode", "first_name"),
    ("postcode", "surname"),
    ("substr(postcode, 1, 3)", "first_name"),
    ("substr(postcode, 1, 3)", "surname"),
    ("surname", "substr(date_of_birth, 1, 4)"),
    ("date_of_birth",),
    ("email",),
    ("phone",),
    ("address", "first_name"),
    ("address", "surname"),
    ("town", "first_name", "substr(surname, 1, 1)"),
    ("substr(first_name, 1, 1)", "surname"),
    ("first_name", "place_of_birth"),
    ("surname", "place_of_birth"),
    ("postcode",),
)

# Deterministic rules for the prior (the share of pairs that match), with the recall
# they are assumed to have.
_DETERMINISTIC: tuple[tuple[str, ...], ...] = (
    ("first_name", "surname", "date_of_birth"),
    ("substr(first_name, 1, 2)", "surname", "substr(postcode, 1, 2)"),
    ("date_of_birth", "postcode"),
    ("first_name", "surname", "email"),
    ("first_name", "surname", "phone"),
)
_DETERMINISTIC_RECALL = 0.6

_IDENTIFIER = re.compile(r"[a-z_]+")


def _fields_of(rule: Sequence[str]) -> set[str]:
    return {w for expr in rule for w in _IDENTIFIER.findall(expr) if w in FIELDS}


def _usable(rules: Iterable[Sequence[str]], present: set[str]) -> list[tuple[str, ...]]:
    return [tuple(rule) for rule in rules if _fields_of(rule) <= present]


def _comparisons(present: set[str], *, prior: bool) -> list[Any]:
    import splink.comparison_library as cl

    comparisons: list[Any] = []
    both = {"first_name", "surname"} <= present
    for name, other in (("first_name", "surname"), ("surname", "first_name")):
        if name in present:
            comparisons.append(_name_comparison(name, other if both else None, prior=prior))
    if "date_of_birth" in present:
        comparisons.append(
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y-%m-%d"
            )
        )
    if "sex" in present:
        comparisons.append(cl.ExactMatch("sex"))
    if "place_of_birth" in present:
        comparisons.append(
            cl.JaroWinklerAtThresholds("place_of_birth", [0.9]).configure(
                term_frequency_adjustments=not prior
            )
        )
    if "address" in present:
        comparisons.append(cl.JaroWinklerAtThresholds("address", [0.95, 0.88]))
    if "town" in present:
        comparisons.append(
            cl.JaroWinklerAtThresholds("town", [0.88]).configure(
                term_frequency_adjustments=not prior
            )
        )
    if "postcode" in present:
        comparisons.append(cl.PostcodeComparison("postcode"))
    if "phone" in present:
        comparisons.append(cl.ExactMatch("phone"))
    if "email" in present:
        comparisons.append(cl.EmailComparison("email"))
    return comparisons


def _name_comparison(name: str, other: str | None, *, prior: bool) -> Any:
    """A name compared on its own: exact (weighted by how common the name is), close
    spellings (Jaro-Winkler 0.92 and 0.88), the name given in the other name field (a
    surname written as a first name), for first names the same initial, or anything
    else. With ``prior``, with the fixed m and u values of ``_NAME_PRIORS``."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels: list[tuple[str, Any]] = [
        ("exact", cll.ExactMatchLevel(name)),
        ("jw92", cll.JaroWinklerLevel(name, 0.92)),
        ("jw88", cll.JaroWinklerLevel(name, 0.88)),
    ]
    if other:
        sql = f'"{name}_l" = "{other}_r" OR "{other}_l" = "{name}_r"'
        levels.append(("swapped", cll.CustomLevel(sql, label_for_charts=f"{name} as {other}")))
    if name == "first_name":
        sql = f'substr("{name}_l", 1, 1) = substr("{name}_r", 1, 1)'
        levels.append(("initial", cll.CustomLevel(sql, label_for_charts="same initial")))
    if not prior:
        # How common the name is, from the records themselves: only with enough of them.
        levels[0][1].configure(tf_adjustment_column=name)
    if prior:
        for key, level in levels:
            m, u = _NAME_PRIORS[name][key]
            level.configure(m_probability=m, u_probability=u)
    other_levels = cll.ElseLevel()
    if prior:
        used = [_NAME_PRIORS[name][key] for key, _ in levels]
        other_levels.configure(
            m_probability=1 - sum(m for m, _ in used), u_probability=1 - sum(u for _, u in used)
        )
    return cl.CustomComparison(
        [cll.NullLevel(name), *(level for _, level in levels), other_levels],
        output_column_name=name,
    )


# (m, u) per name level for inputs too small to train on; "anything else" takes the rest.
_NAME_PRIORS: dict[str, dict[str, tuple[float, float]]] = {
    "first_name": {
        "exact": (0.80, 0.01),
        "jw92": (0.06, 0.002),
        "jw88": (0.04, 0.003),
        "swapped": (0.02, 0.0005),
        "initial": (0.04, 0.04),
    },
    "surname": {
        "exact": (0.82, 0.005),
        "jw92": (0.07, 0.001),
        "jw88": (0.04, 0.002),
        "swapped": (0.02, 0.0005),
    },
}


# Fixed m and u values for inputs too small to train on, per comparison output column, in
# the order of its non-null levels (best first, "anything else" last). The u values are
# the chances for two different people: a shared date of birth is about 1 in 25,000, a
# shared full postcode 1 in 10,000 across a partnership area.
_PRIORS: dict[str, tuple[list[float], list[float]]] = {
    "date_of_birth": (
        [0.85, 0.06, 0.03, 0.02, 0.02, 0.02],
        [0.00004, 0.0006, 0.001, 0.02, 0.3, 0.67836],
    ),
    "sex": ([0.97, 0.03], [0.5, 0.5]),
    "place_of_birth": ([0.9, 0.05, 0.05], [0.05, 0.01, 0.94]),
    "address": ([0.8, 0.08, 0.04, 0.08], [0.0001, 0.0002, 0.001, 0.9987]),
    "town": ([0.85, 0.05, 0.1], [0.05, 0.01, 0.94]),
    "postcode": (
        [0.8, 0.05, 0.04, 0.03, 0.08],
        [0.0001, 0.003, 0.01, 0.05, 0.9369],
    ),
    "phone": ([0.8, 0.2], [0.0001, 0.9999]),
    "email": (
        [0.8, 0.05, 0.05, 0.02, 0.08],
        [0.0001, 0.0002, 0.0005, 0.002, 0.9972],
    ),
}
_PRIOR_MATCH = 0.001


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
            if _SOURCE not in df.columns:
                df[_SOURCE] = name
        if set(left[_SOURCE]) & set(right[_SOURCE]):
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
    columns = [_UNIQUE_ID, *([_SOURCE] if link else []), *FIELDS]
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
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    connection.execute("SET threads TO 2").fetchall()
    db_api = DuckDBAPI(connection=connection)
    inputs = []
    for i, df in enumerate(tables):
        frame = df[columns].copy()
        inputs.append(db_api.register(frame, table_name=f"lantern_records_{i}"))

    kept: list[tuple[str, ...]] = []
    skipped: list[tuple[str, ...]] = []
    sizes = [len(df) for df in tables]
    all_pairs = sizes[0] * sizes[1] if link else sizes[0] * (sizes[0] - 1) // 2
    if all_pairs > ALL_PAIRS_UP_TO:
        for rule in _usable(_BLOCKING, present):
            count = _count_pairs(connection, rule, link)
            (kept if count <= MAX_PAIRS_PER_RULE else skipped).append(rule)
        if not kept:
            raise LinkageError(
                "too many records to compare every pair, and no blocking rule fits the "
                f"fields given ({', '.join(sorted(present))}) within "
                f"{MAX_PAIRS_PER_RULE:,} pairs: give more fields"
            )
    trained = sum(len(df) for df in tables) >= MIN_RECORDS_TO_TRAIN
    comparisons = _comparisons(present, prior=not trained)
    if not trained:
        comparisons = [c if _is_name(c) else _with_prior(c) for c in comparisons]
    settings = SettingsCreator(
        link_type="link_only" if link else "dedupe_only",
        unique_id_column_name=_UNIQUE_ID,
        blocking_rules_to_generate_predictions=[block_on(*rule) for rule in kept],
        comparisons=comparisons,
        probability_two_random_records_match=_PRIOR_MATCH,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(inputs, settings, log_level=logging.ERROR)
    if trained:
        _train(linker, present)
    predictions = linker.inference.predict(warning_mode="never")
    # SQL here and in _count_pairs is built from this module's constants and splink's own
    # table names, never from the records; values go in as parameters.
    table = predictions.physical_name
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
        Pair(
            str(r[0]),
            str(r[1]),
            float(r[2]),
            *((str(r[3]), str(r[4])) if link else ()),
        )
        for r in rows
    ]
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


def _is_name(comparison: Any) -> bool:
    return comparison.create_output_column_name() in ("first_name", "surname")


def _with_prior(comparison: Any) -> Any:
    name = comparison.create_output_column_name()
    m, u = _PRIORS[name]
    return comparison.configure(m_probabilities=m, u_probabilities=u)


def _train(linker: Any, present: set[str]) -> None:
    from splink import block_on

    deterministic = [block_on(*rule) for rule in _usable(_DETERMINISTIC, present)]
    if deterministic:
        linker.training.estimate_probability_two_random_records_match(
            deterministic, recall=_DETERMINISTIC_RECALL
        )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    names = [f for f in ("first_name", "surname") if f in present]
    passes = [tuple(names)]
    passes += [(f,) for f in ("date_of_birth", "postcode", "email") if f in present][:1]
    for rule in passes:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule), estimate_without_term_frequencies=True
        )
