"""Lantern's record linkage model (lantern/intelligence/linkage/).

The small cases run everywhere. The fake_1000 cases use splink's labelled data set in
../shared/data/linkage/splink/ (set LANTERN_SHARED_DATA to look elsewhere; skipped where it
is missing). Their floors are the F1 measured when the model was written (0.819 deduplicating
at probability 0.9, 0.810 linking the even ids to the odd ones) less a margin of 0.03:
bench/resolve.py measures the same figures beside splink's documented models.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pandas as pd
import pytest

from lantern.intelligence import linkage
from lantern.intelligence.linkage import LinkageError

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
SPLINK = SHARED / "linkage" / "splink"
needs_data = pytest.mark.skipif(
    not (SPLINK / "fake_1000.csv").is_file(), reason=f"the splink data sets are not at {SPLINK}"
)

PEOPLE = [
    {"unique_id": "P1", "first_name": "Jane", "surname": "Smith", "date_of_birth": "1990-04-12",
     "postcode": "SS1 2AB", "phone": "07700 900123", "email": "jane.smith@example.org"},
    {"unique_id": "P2", "first_name": "jane", "surname": "SMITH", "date_of_birth": "12/04/1990",
     "postcode": "ss12ab", "phone": "+44 7700 900123", "email": None},
    {"unique_id": "P3", "first_name": "Mohammed", "surname": "Khan",
     "date_of_birth": "1985-11-02", "postcode": "CM1 1AA", "email": "m.khan@example.com"},
    {"unique_id": "P4", "first_name": "Mohamed", "surname": "Khan",
     "date_of_birth": "1985-11-02", "postcode": "CM1 1AA", "phone": "07700900456",
     "email": "m.khan@example.com"},
    {"unique_id": "P5", "first_name": "Peter", "surname": "Jones",
     "date_of_birth": "1972-01-30", "postcode": "SS0 7TT"},
    {"unique_id": "P6", "first_name": "Alice", "surname": "Brown",
     "date_of_birth": "2001-06-15", "postcode": "CO1 1XY", "phone": "07700900789"},
]  # fmt: skip


def test_normalise_writes_each_field_one_way():
    df = linkage.normalise(PEOPLE[:2])
    assert df.loc[0, "first_name"] == df.loc[1, "first_name"] == "jane"
    assert df.loc[0, "date_of_birth"] == df.loc[1, "date_of_birth"] == "1990-04-12"
    assert df.loc[0, "postcode"] == df.loc[1, "postcode"] == "SS1 2AB"
    assert df.loc[0, "phone"] == df.loc[1, "phone"] == "07700900123"
    assert df.loc[1, "email"] is None
    assert df.loc[0, "address"] is None  # a field not given is missing, not an error


def test_normalise_keeps_each_record_with_its_own_values_whatever_the_index():
    frame = pd.DataFrame(PEOPLE[2:], index=[10, 3, 7, 1])
    df = linkage.normalise(frame)
    assert list(df.unique_id) == ["P3", "P4", "P5", "P6"]
    assert list(df.surname) == ["khan", "khan", "jones", "brown"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1971-6-4", "1971-06-04"), ("04.06.1971", "1971-06-04"), ("1971-02-30", None),
     ("June 1971", None), ("", None)],
)  # fmt: skip
def test_dates_that_cannot_be_read_are_missing(raw, expected):
    assert linkage.normalise([{"unique_id": 1, "date_of_birth": raw}]).date_of_birth[0] == (
        expected
    )


def test_dedupe_finds_the_two_obvious_pairs_without_training():
    result = linkage.predict_pairs(PEOPLE, threshold=0.9)
    assert not result.trained  # six records: the fixed values
    assert {(p.unique_id_l, p.unique_id_r) for p in result.pairs} == {("P1", "P2"), ("P3", "P4")}
    assert result.records == 6
    assert result.candidate_pairs == 15  # so few records: every pair is scored
    assert result.predicted_pairs == 2
    everything = linkage.predict_pairs(PEOPLE, threshold=0.0)
    others = [p.probability for p in everything.pairs if p.unique_id_l not in ("P1", "P3")]
    assert max(others) < 0.1


def test_link_finds_pairs_across_the_two_sets_only():
    left = [p for p in PEOPLE if p["unique_id"] in ("P1", "P3", "P5")]
    right = [
        {**p, "unique_id": p["unique_id"].replace("P", "R")}
        for p in PEOPLE
        if p["unique_id"] in ("P2", "P4", "P6")
    ]
    result = linkage.predict_pairs(left, right, threshold=0.9)
    assert {(p.unique_id_l, p.unique_id_r) for p in result.pairs} == {("P1", "R2"), ("P3", "R4")}
    assert {(p.source_dataset_l, p.source_dataset_r) for p in result.pairs} == {("left", "right")}
    assert result.candidate_pairs == 9


def test_the_same_id_may_appear_in_both_sets_when_linking():
    left = [{"unique_id": "1", "first_name": "Jane", "surname": "Smith"}]
    right = [{"unique_id": "1", "first_name": "Jane", "surname": "Smith"}]
    result = linkage.predict_pairs(left, right, threshold=0.5)
    assert [(p.unique_id_l, p.unique_id_r) for p in result.pairs] == [("1", "1")]


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"first_name": "A"}], "every record needs a unique_id"),
        ([{"unique_id": "1", "first_name": "A"}, {"unique_id": "1", "first_name": "B"}],
         "unique_id values must be unique"),
        ([{"unique_id": "", "first_name": "A"}], "a record has an empty unique_id"),
        ([{"unique_id": "1", "nickname": "A"}], "unknown field(s): nickname"),
        ([{"unique_id": "1", "email": "a@b.c"}, {"unique_id": "2", "email": "a@b.c"}],
         "need a first_name or a surname"),
    ],
)  # fmt: skip
def test_bad_records_are_refused_with_a_message(records, message):
    with pytest.raises(LinkageError, match=rf"{message.replace('(', '.').replace(')', '.')}"):
        linkage.predict_pairs(records)


def test_blocking_finds_the_pairs_when_not_every_pair_is_scored(monkeypatch):
    monkeypatch.setattr(linkage, "ALL_PAIRS_UP_TO", 1)
    result = linkage.predict_pairs(PEOPLE, threshold=0.9)
    assert {(p.unique_id_l, p.unique_id_r) for p in result.pairs} == {("P1", "P2"), ("P3", "P4")}
    assert result.candidate_pairs < 15
    assert result.skipped_rules == ()


def test_a_rule_that_would_make_too_many_pairs_is_left_out(monkeypatch):
    monkeypatch.setattr(linkage, "ALL_PAIRS_UP_TO", 1)
    monkeypatch.setattr(linkage, "MAX_PAIRS_PER_RULE", 0)
    with pytest.raises(LinkageError, match="no blocking rule fits the fields given"):
        linkage.predict_pairs(PEOPLE)
    monkeypatch.setattr(linkage, "MAX_PAIRS_PER_RULE", 1)  # only rules making one pair
    result = linkage.predict_pairs(PEOPLE, threshold=0.9)
    assert "first_name & surname" not in result.skipped_rules  # P1-P2 only
    assert "postcode" in result.skipped_rules  # P3-P4 and P1-P2: two pairs


def test_training_skips_what_it_cannot_learn_from():
    # Only names, each shared by two records: the name pass has nothing left to estimate,
    # no deterministic rule applies; the model keeps its starting values there.
    twins = [
        {"unique_id": i, "first_name": f"Ann{i // 2}", "surname": f"Lee{i // 2}"}
        for i in range(300)
    ]
    result = linkage.predict_pairs(twins, threshold=0.9)
    assert result.trained
    assert {(p.unique_id_l, p.unique_id_r) for p in result.pairs} == {
        (str(i), str(i + 1)) for i in range(0, 300, 2)
    }
    # Nobody shares anything: no deterministic match, no training pair; no pair proposed.
    strangers = [
        {"unique_id": i, "first_name": f"N{i}", "surname": f"S{i}",
         "date_of_birth": f"19{i % 100:02d}-01-{i % 28 + 1:02d}"}
        for i in range(300)
    ]  # fmt: skip
    assert linkage.predict_pairs(strangers).pairs == []


def test_the_threshold_is_a_probability():
    with pytest.raises(LinkageError, match="between 0 and 1"):
        linkage.predict_pairs(PEOPLE, threshold=1.5)


def test_nothing_to_compare_is_no_pairs():
    result = linkage.predict_pairs([PEOPLE[0]])
    assert (result.records, result.candidate_pairs, result.predicted_pairs) == (1, 0, 0)


# --- fake_1000, with its labels -----------------------------------------------------------


def _fake() -> tuple[pd.DataFrame, set[frozenset[str]]]:
    people = pd.read_csv(SPLINK / "fake_1000.csv", dtype=str)
    labels = pd.read_csv(SPLINK / "fake_1000_labels.csv", dtype=str)
    matches = labels[labels.clerical_match_score.astype(float) == 1.0]
    truth = {frozenset(p) for p in zip(matches.unique_id_l, matches.unique_id_r, strict=True)}
    records = people.rename(columns={"dob": "date_of_birth", "city": "town"})[
        ["unique_id", "first_name", "surname", "date_of_birth", "town", "email"]
    ]
    return records, truth


def _f1(pairs: list[linkage.Pair], truth: set) -> float:
    found = {frozenset((p.unique_id_l, p.unique_id_r)) for p in pairs}
    true = len(found & truth)
    precision, recall = true / len(found), true / len(truth)
    return 2 * precision * recall / (precision + recall)


@needs_data
def test_fake_1000_dedupe_f1_against_the_labels():
    records, truth = _fake()
    result = linkage.predict_pairs(records, threshold=0.9)
    assert result.trained
    assert _f1(result.pairs, truth) >= 0.79


@needs_data
def test_fake_1000_link_even_ids_to_odd_ids():
    records, truth = _fake()
    even = records[records.unique_id.astype(int) % 2 == 0]
    odd = records[records.unique_id.astype(int) % 2 == 1]
    cross = {pair for pair in truth if len({int(i) % 2 for i in pair}) == 2}
    result = linkage.predict_pairs(even, odd, threshold=0.9)
    assert all(int(p.unique_id_l) % 2 == 0 and int(p.unique_id_r) % 2 == 1 for p in result.pairs)
    assert result.candidate_pairs == len(even) * len(odd)
    assert _f1(result.pairs, cross) >= 0.78
    assert list(itertools.islice(cross, 1))  # the split leaves matches on both sides
