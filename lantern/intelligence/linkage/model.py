"""The linkage model's parts, each chosen from the fields present: the blocking rules, the
comparisons, and the fixed values used when there are too few records to train on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from lantern.intelligence.linkage.records import FIELDS

# Blocking rules, as lists of SQL expressions that must be equal; used if every field
# they name is present. Broad enough to find pairs with a mangled name (date of birth and
# place, postcode) and pairs with no date (names, postcode, contact details).
BLOCKING: tuple[tuple[str, ...], ...] = (
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
DETERMINISTIC: tuple[tuple[str, ...], ...] = (
    ("first_name", "surname", "date_of_birth"),
    ("substr(first_name, 1, 2)", "surname", "substr(postcode, 1, 2)"),
    ("date_of_birth", "postcode"),
    ("first_name", "surname", "email"),
    ("first_name", "surname", "phone"),
)
DETERMINISTIC_RECALL = 0.6

_IDENTIFIER = re.compile(r"[a-z_]+")


def fields_of(rule: Sequence[str]) -> set[str]:
    return {w for expr in rule for w in _IDENTIFIER.findall(expr) if w in FIELDS}


def usable(rules: Iterable[Sequence[str]], present: set[str]) -> list[tuple[str, ...]]:
    return [tuple(rule) for rule in rules if fields_of(rule) <= present]


def comparisons(present: set[str], *, frequencies: bool) -> list[Any]:
    """The comparisons for the fields present, each starting from the fixed m and u values
    (``_PRIORS``), which training re-estimates. With ``frequencies``, an exact match on a
    name, a place of birth or a town weighs more the rarer the value is in the records:
    only worth it with enough records to count from."""
    import splink.comparison_library as cl

    comparisons: list[Any] = []
    both = {"first_name", "surname"} <= present
    for name, other in (("first_name", "surname"), ("surname", "first_name")):
        if name in present:
            comparisons.append(_name_comparison(name, other if both else None, frequencies))
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
                term_frequency_adjustments=frequencies
            )
        )
    if "address" in present:
        comparisons.append(cl.JaroWinklerAtThresholds("address", [0.95, 0.88]))
    if "town" in present:
        comparisons.append(
            cl.JaroWinklerAtThresholds("town", [0.88]).configure(
                term_frequency_adjustments=frequencies
            )
        )
    if "postcode" in present:
        comparisons.append(cl.PostcodeComparison("postcode"))
    if "phone" in present:
        comparisons.append(cl.ExactMatch("phone"))
    if "email" in present:
        comparisons.append(cl.EmailComparison("email"))
    return [c if _is_name(c) else _with_prior(c) for c in comparisons]


def _name_comparison(name: str, other: str | None, frequencies: bool) -> Any:
    """A name compared on its own: exact (weighted by how common the name is), close
    spellings (Jaro-Winkler 0.92 and 0.88), the name given in the other name field (a
    surname written as a first name), for first names the same initial, or anything
    else; starting from the m and u values of ``_NAME_PRIORS``."""
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
    if frequencies:
        levels[0][1].configure(tf_adjustment_column=name)
    used = [_NAME_PRIORS[name][key] for key, _ in levels]
    # "Anything else" keeps its own m whichever levels apply (no surname: no "swapped"
    # level); the exact level takes what a missing level would have had.
    spare = 1 - NAME_ELSE_M - sum(m for m, _ in used)
    for i, (key, level) in enumerate(levels):
        m, u = _NAME_PRIORS[name][key]
        level.configure(m_probability=m + spare if i == 0 else m, u_probability=u)
    other_levels = cll.ElseLevel().configure(
        m_probability=NAME_ELSE_M, u_probability=1 - sum(u for _, u in used)
    )
    return cl.CustomComparison(
        [cll.NullLevel(name), *(level for _, level in levels), other_levels],
        output_column_name=name,
    )


# The m of "anything else" for a name: the same person's first name or surname written
# with nothing in common (not close, not swapped, not even the initial) is rare.
NAME_ELSE_M = 0.005

# (m, u) per name level, used as they are for inputs too small to train on and as the
# starting point of training otherwise; "anything else" takes the rest.
_NAME_PRIORS: dict[str, dict[str, tuple[float, float]]] = {
    # With "anything else" (NAME_ELSE_M) this weighs heavily against a match: two people
    # who share a phone and a flat (as the women a controller keeps do) are not one person.
    "first_name": {
        "exact": (0.82, 0.01),
        "jw92": (0.07, 0.002),
        "jw88": (0.05, 0.003),
        "swapped": (0.02, 0.0005),
        "initial": (0.035, 0.04),
    },
    "surname": {
        "exact": (0.82, 0.005),
        "jw92": (0.07, 0.001),
        "jw88": (0.04, 0.002),
        "swapped": (0.02, 0.0005),
    },
}


# Fixed m and u values, per comparison output column, used as they are for inputs too small
# to train on and as the starting point of training otherwise; in
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
    # A shared address or phone is weaker evidence here than in a population register:
    # households, hostels and a controller's phone are shared (u = 1 in 1,000).
    "address": ([0.8, 0.08, 0.04, 0.08], [0.001, 0.002, 0.005, 0.992]),
    "town": ([0.85, 0.05, 0.1], [0.05, 0.01, 0.94]),
    "postcode": (
        [0.8, 0.05, 0.04, 0.03, 0.08],
        [0.0001, 0.003, 0.01, 0.05, 0.9369],
    ),
    "phone": ([0.8, 0.2], [0.001, 0.999]),
    "email": (
        [0.8, 0.05, 0.05, 0.02, 0.08],
        [0.0001, 0.0002, 0.0005, 0.002, 0.9972],
    ),
}
PRIOR_MATCH = 0.001


def _is_name(comparison: Any) -> bool:
    return comparison.create_output_column_name() in ("first_name", "surname")


def _with_prior(comparison: Any) -> Any:
    name = comparison.create_output_column_name()
    m, u = _PRIORS[name]
    return comparison.configure(m_probabilities=m, u_probabilities=u)
