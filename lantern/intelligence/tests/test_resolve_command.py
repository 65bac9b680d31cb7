"""``lantern resolve``: the file tool over Lantern's linkage model.

Every bad input is answered with a CommandError that says what is wrong (the file, the
column or the line) and leaves no output file; a file that was already there is left as it
was. The hand-made files run everywhere; one run on fake_1000 needs the splink data sets
(LANTERN_SHARED_DATA, skipped where missing).
"""

from __future__ import annotations

import csv
import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
SPLINK = SHARED / "linkage" / "splink"

HEADER = "ref,forename,family_name,dob,post_code,mobile,email\n"
ROWS = [
    "P1,Jane,Smith,1990-04-12,SS1 2AB,07700 900123,jane.smith@example.org\n",
    "P2,jane,SMITH,12/04/1990,ss12ab,+44 7700 900123,\n",
    "P3,Mohammed,Khan,1985-11-02,CM1 1AA,,m.khan@example.com\n",
    "P4,Mohamed,Khan,1985-11-02,CM1 1AA,07700900456,m.khan@example.com\n",
    "P5,Peter,Jones,1972-01-30,SS0 7TT,,\n",
    '"P6","Alice","Brown","2001-06-15","CO1 1XY","07700900789","alice@example.net"\n',
]
MAP = "forename=first_name,family_name=surname,dob=date_of_birth,post_code=postcode,mobile=phone,email=email"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def resolve(*args: str) -> tuple[str, dict]:
    out = StringIO()
    call_command("resolve", *args, stdout=out)
    text = out.getvalue()
    return text, json.loads(text.strip().splitlines()[-1]) if "--json" in args else {}


def read_pairs(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def people(tmp_path):
    return write(tmp_path / "people.csv", HEADER + "".join(ROWS))


def test_dedupe_writes_the_obvious_pairs(people, tmp_path):
    out = tmp_path / "pairs.csv"
    text, summary = resolve(
        str(people), "--id-column", "ref", "--map", MAP, "--out", str(out), "--json"
    )
    pairs = read_pairs(out)
    assert [(p["id_l"], p["id_r"]) for p in pairs] == [("P1", "P2"), ("P3", "P4")]
    assert list(pairs[0]) == ["id_l", "id_r", "probability"]
    assert all(0.9 <= float(p["probability"]) <= 1 for p in pairs)
    assert summary["records"] == 6
    assert summary["candidate_pairs"] == 15
    assert summary["predicted_pairs"] == 2
    assert summary["mode"] == "dedupe"
    assert summary["seconds"] >= 0
    assert "Jane" not in text and "Smith" not in text  # counts only, no personal data
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_the_map_may_be_given_in_parts_and_the_threshold_lowered(people, tmp_path):
    out = tmp_path / "pairs.csv"
    text, _ = resolve(
        str(people), "--id-column", "ref", "--map", "forename=first_name",
        "--map", "family_name=surname", "--threshold", "0", "--out", str(out),
    )  # fmt: skip
    assert len(read_pairs(out)) == 15
    assert "6 records compared within the file on first_name, surname" in text
    assert "fixed values" in text  # too few records to train on, and it says so


def test_a_parquet_file_is_read_as_parquet(tmp_path):
    import pandas as pd

    rows = list(csv.reader(StringIO(HEADER + "".join(ROWS))))
    people = tmp_path / "people.parquet"
    pd.DataFrame(rows[1:], columns=rows[0]).replace("", None).to_parquet(people)
    out = tmp_path / "pairs.csv"
    resolve(str(people), "--id-column", "ref", "--map", MAP, "--out", str(out))
    assert [(p["id_l"], p["id_r"]) for p in read_pairs(out)] == [("P1", "P2"), ("P3", "P4")]


def test_link_mode_pairs_across_two_files(tmp_path):
    left = write(tmp_path / "police.csv", HEADER + ROWS[0] + ROWS[2] + ROWS[4])
    right = write(tmp_path / "council.csv", HEADER + ROWS[1] + ROWS[3] + ROWS[5])
    out = tmp_path / "pairs.csv"
    _, summary = resolve(
        str(left), str(right), "--id-column", "ref", "--map", MAP, "--out", str(out), "--json"
    )
    pairs = read_pairs(out)
    assert [(p["id_l"], p["id_r"], p["file_l"], p["file_r"]) for p in pairs] == [
        ("P1", "P2", "police.csv", "council.csv"),
        ("P3", "P4", "police.csv", "council.csv"),
    ]
    assert summary["mode"] == "link"
    assert summary["candidate_pairs"] == 9


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing_id_column", "column 'id' is not in people.csv"),
        ("missing_source_column", "column 'middle_name' is not in people.csv"),
        ("unknown_field", "'nickname' is not a field Lantern compares; the fields are first_name, surname, date_of_birth"),
        ("malformed_map", "--map takes SRC=FIELD pairs separated by commas, not 'forename'"),
        ("field_twice", "field 'first_name' is given two columns"),
        ("no_name", "--map must give a column for first_name or surname"),
        ("malformed_row", "bad.csv line 4: 8 fields where the header has 7"),
        ("duplicate_id", "dup.csv line 5: the id in 'ref' repeats the id on line 2"),
        ("empty_id", "noid.csv line 3: the id column 'ref' is empty"),
        ("unterminated_quote", "quote.csv line"),
        ("threshold_high", "--threshold is a probability between 0 and 1, not '1.5'"),
        ("threshold_word", "--threshold is a probability between 0 and 1, not 'high'"),
        ("three_files", "give one file to find duplicates in, or two to link"),
        ("no_such_file", "nowhere.csv is not a file"),
        ("not_utf8", "latin.csv is not UTF-8 text"),
        ("empty_file", "empty.csv is empty: it needs a header row"),
        ("out_folder_missing", "the folder for"),
        ("out_is_input", "--out must not be one of the input files"),
        ("out_is_folder", "is a folder: --out names the file to write"),
        ("bad_parquet", "fake.parquet is not a readable Parquet file"),
        ("second_file_lacks_column", "column 'mobile' is not in other.csv"),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_message_and_writes_nothing(case, message, people, tmp_path):
    out = tmp_path / "pairs.csv"
    files, id_column, mapping, extra = [str(people)], "ref", MAP, []
    if case == "missing_id_column":
        id_column = "id"
    elif case == "missing_source_column":
        mapping = "middle_name=first_name,family_name=surname"
    elif case == "unknown_field":
        mapping = "forename=nickname"
    elif case == "malformed_map":
        mapping = "forename,family_name=surname"
    elif case == "field_twice":
        mapping = "forename=first_name,family_name=first_name"
    elif case == "no_name":
        mapping = "dob=date_of_birth"
    elif case == "malformed_row":
        rows = [*ROWS[:2], "P9,Extra,Field,1990-01-01,SS1 1AA,,,surplus\n", *ROWS[2:]]
        files = [str(write(tmp_path / "bad.csv", HEADER + "".join(rows)))]
    elif case == "duplicate_id":
        rows = [*ROWS[:3], ROWS[0].replace("Jane", "Janet"), *ROWS[3:]]
        files = [str(write(tmp_path / "dup.csv", HEADER + "".join(rows)))]
    elif case == "empty_id":
        rows = [ROWS[0], ",Nobody,Known,,,,\n", *ROWS[1:]]
        files = [str(write(tmp_path / "noid.csv", HEADER + "".join(rows)))]
    elif case == "unterminated_quote":
        rows = [ROWS[0], 'P7,"Open,Quote,1990-01-01,,,\n']
        files = [str(write(tmp_path / "quote.csv", HEADER + "".join(rows)))]
    elif case == "threshold_high":
        extra = ["--threshold", "1.5"]
    elif case == "threshold_word":
        extra = ["--threshold", "high"]
    elif case == "three_files":
        files = [str(people)] * 3
    elif case == "no_such_file":
        files = [str(tmp_path / "nowhere.csv")]
    elif case == "not_utf8":
        latin = tmp_path / "latin.csv"
        latin.write_bytes((HEADER + "P1,Zoë,Smith,,,,\n").encode("latin-1"))
        files = [str(latin)]
    elif case == "empty_file":
        files = [str(write(tmp_path / "empty.csv", ""))]
    elif case == "out_folder_missing":
        out = tmp_path / "missing" / "pairs.csv"
    elif case == "out_is_input":
        out = people
    elif case == "out_is_folder":
        out = tmp_path
    elif case == "bad_parquet":
        files = [str(write(tmp_path / "fake.parquet", HEADER))]
    elif case == "second_file_lacks_column":
        other = HEADER.replace(",mobile", "") + "Q1,Jane,Smith,1990-04-12,SS1 2AB,\n"
        files = [str(people), str(write(tmp_path / "other.csv", other))]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(CommandError) as raised:
        resolve(*files, "--id-column", id_column, "--map", mapping, "--out", str(out), *extra)
    assert message in str(raised.value)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # no output, no temporary file, the inputs untouched


def test_a_failed_run_leaves_an_earlier_output_as_it_was(people, tmp_path):
    out = write(tmp_path / "pairs.csv", "id_l,id_r,probability\nA,B,0.99\n")
    with pytest.raises(CommandError):
        resolve(str(people), "--id-column", "nope", "--map", MAP, "--out", str(out))
    assert out.read_text() == "id_l,id_r,probability\nA,B,0.99\n"


@pytest.mark.skipif(
    not (SPLINK / "fake_1000.csv").is_file(), reason=f"the splink data sets are not at {SPLINK}"
)
def test_fake_1000_through_the_command(tmp_path):
    out = tmp_path / "pairs.csv"
    _, summary = resolve(
        str(SPLINK / "fake_1000.csv"), "--id-column", "unique_id",
        "--map", "first_name=first_name,surname=surname,dob=date_of_birth,city=town,email=email",
        "--out", str(out), "--json",
    )  # fmt: skip
    assert summary["records"] == 1000
    assert summary["trained"] is True
    with (SPLINK / "fake_1000_labels.csv").open(newline="") as handle:
        truth = {
            frozenset((r["unique_id_l"], r["unique_id_r"]))
            for r in csv.DictReader(handle)
            if float(r["clerical_match_score"]) == 1.0
        }
    found = {frozenset((p["id_l"], p["id_r"])) for p in read_pairs(out)}
    assert len(found) == summary["predicted_pairs"]
    precision, recall = len(found & truth) / len(found), len(found & truth) / len(truth)
    assert 2 * precision * recall / (precision + recall) >= 0.79


def test_a_write_that_fails_leaves_no_file_behind(people, tmp_path, monkeypatch):
    from lantern.intelligence import linkage_files

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(linkage_files.os, "replace", fail)
    out = tmp_path / "pairs.csv"
    with pytest.raises(CommandError, match=r"cannot write .*pairs\.csv: No space left on device"):
        resolve(str(people), "--id-column", "ref", "--map", MAP, "--out", str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_a_failure_inside_the_model_is_a_message_not_a_traceback(people, tmp_path, monkeypatch):
    from lantern.intelligence import linkage

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(linkage, "predict_pairs", broken)
    out = tmp_path / "pairs.csv"
    with pytest.raises(
        CommandError, match=r"the linkage failed \(RuntimeError\); nothing was written"
    ):
        resolve(str(people), "--id-column", "ref", "--map", MAP, "--out", str(out))
    assert not out.exists()
