"""Benchmark: Lantern's record linkage model against splink's own documented models, same run.

Lantern's model (lantern/intelligence/linkage/, the one ``lantern resolve`` runs) and
the model that splink's documentation builds for the same data set are both run here on
the same records and cut at the same match probability (``--threshold``, 0.9 by default,
the command's default). Each is scored against the truth: a pair of records is a true
match when both are in the same ``cluster``; precision is the share of predicted pairs
that are true, recall the share of all true pairs (those no blocking rule found count as
missed) that were predicted, F1 their harmonic mean.

* **historical_figures_with_errors_50k** (50,578 records, 5,156 people, 303,961 true
  pairs). The baseline is splink's example "Linking a dataset of real historical persons"
  (docs/demos/examples/duckdb/deduplicate_50k_synthetic in the splink repository): its ten
  blocking rules, its comparisons (forename and surname together with term frequencies on
  the full name, date of birth, postcode, birth place and occupation with term
  frequencies), the prior from three deterministic rules at recall 0.6, u from 10 million
  random pairs, and m by EM blocking on first name and surname, then on date of birth.
  Lantern is given first name, surname, date of birth, postcode, place of birth and sex;
  it has no occupation field, which splink's model uses. Goal: ``f1_ratio`` (Lantern's
  F1 / the documented model's) at least 1.0.
* **fake_1000** (1,000 records, 2,031 true pairs in fake_1000_labels.csv, which lists
  every pair in a cluster as a match). The baseline is the model of splink's tutorial
  ("Specifying and estimating a linkage model", docs/demos/tutorials/04): names with
  Jaro-Winkler levels, date of birth within one edit, city with term frequencies, email;
  blocking on first name and city, or surname; prior from three rules at recall 0.7; u
  from 2 million pairs; EM on first name and surname, then date of birth.

The data are read from ``$LANTERN_SHARED_DATA/linkage/splink/`` (default: the
``shared/data`` folder beside the repository). Nothing is downloaded. The last line
printed is one JSON object: the 50k figures at the top level (``f1_ratio``, ``lantern``,
``splink_documented``, each with ``blocking_recall``: the share of true pairs that its
blocking rules bring to be scored at all), fake_1000's under ``fake_1000``, and each model's
F1 at other thresholds under ``by_threshold``.

    .venv/bin/python bench/resolve.py
    .venv/bin/python bench/resolve.py --threshold 0.95
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lantern.intelligence import linkage

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
DATA = SHARED / "linkage" / "splink"
THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99)


def true_pairs(clusters: pd.Series) -> int:
    sizes = clusters.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def score(pairs: pd.DataFrame, cluster_of: dict, total_true: int, threshold: float) -> dict:
    chosen = pairs[pairs.probability >= threshold]
    true = int(
        (chosen.id_l.map(cluster_of).to_numpy() == chosen.id_r.map(cluster_of).to_numpy()).sum()
    )
    precision = true / len(chosen) if len(chosen) else 0.0
    recall = true / total_true
    f1 = 2 * precision * recall / (precision + recall) if true else 0.0
    return {
        "predicted_pairs": len(chosen),
        "true_positives": true,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def run_lantern(records: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    result = linkage.predict_pairs(records, threshold=0.0)  # every candidate pair
    pairs = pd.DataFrame(
        {
            "id_l": [p.unique_id_l for p in result.pairs],
            "id_r": [p.unique_id_r for p in result.pairs],
            "probability": [p.probability for p in result.pairs],
        }
    )
    info = {
        "seconds": round(result.seconds, 2),
        "candidate_pairs": result.candidate_pairs,
        "fields": list(result.fields),
    }
    return pairs, info


def run_splink(df: pd.DataFrame, build) -> tuple[pd.DataFrame, dict]:
    from splink import DuckDBAPI

    started = time.perf_counter()
    db_api = DuckDBAPI()
    linker = build(db_api, df)
    predictions = linker.inference.predict(warning_mode="never").as_pandas_dataframe()
    seconds = time.perf_counter() - started
    pairs = pd.DataFrame(
        {
            "id_l": predictions.unique_id_l.astype(str),
            "id_r": predictions.unique_id_r.astype(str),
            "probability": predictions.match_probability,
        }
    )
    return pairs, {"seconds": round(seconds, 2), "candidate_pairs": len(predictions)}


def splink_historical_50k(db_api, df: pd.DataFrame):
    """splink's documented model for historical_figures_with_errors_50k."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    blocking_rules = [
        block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode_fake", "first_name"),
        block_on("postcode_fake", "surname"),
        block_on("dob", "birth_place"),
        block_on("substr(postcode_fake,1,3)", "dob"),
        block_on("substr(postcode_fake,1,3)", "first_name"),
        block_on("substr(postcode_fake,1,3)", "surname"),
        block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "surname",
                forename_surname_concat_col_name="first_name_surname_concat",
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    relation = db_api.duckdb_con.from_df(df).project(
        "*, first_name || ' ' || surname as first_name_surname_concat"
    )
    linker = Linker(db_api.register(relation), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("first_name", "surname", "dob"),
            block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
            block_on("dob", "postcode_fake"),
        ],
        recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    return linker


def splink_fake_1000(db_api, df: pd.DataFrame):
    """splink's tutorial model for fake_1000."""
    import splink.comparison_library as cl
    from splink import ColumnExpression, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds(ColumnExpression("dob").cast_to_string(), 1),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "city"),
            block_on("surname"),
        ],
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(db_api.register(df), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("first_name", "dob"),
            "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
            block_on("email"),
        ],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    return linker


def compare(name, df, records, build, threshold) -> dict:
    cluster_of = dict(zip(df.unique_id.astype(str), df.cluster, strict=True))
    total = true_pairs(df.cluster)
    ours, ours_info = run_lantern(records)
    theirs, theirs_info = run_splink(df, build)
    out: dict = {
        "records": len(df),
        "true_pairs": total,
        "threshold": threshold,
        "lantern": {
            **ours_info,
            **score(ours, cluster_of, total, threshold),
            "blocking_recall": score(ours, cluster_of, total, 0.0)["recall"],
        },
        "splink_documented": {
            **theirs_info,
            **score(theirs, cluster_of, total, threshold),
            "blocking_recall": score(theirs, cluster_of, total, 0.0)["recall"],
        },
        "by_threshold": {
            str(t): {
                "lantern_f1": score(ours, cluster_of, total, t)["f1"],
                "splink_documented_f1": score(theirs, cluster_of, total, t)["f1"],
            }
            for t in THRESHOLDS
        },
    }
    theirs_f1 = out["splink_documented"]["f1"]
    out["f1_ratio"] = round(out["lantern"]["f1"] / theirs_f1, 4) if theirs_f1 else None
    print(
        f"{name}: Lantern F1 {out['lantern']['f1']:.4f} "
        f"(P {out['lantern']['precision']:.4f}, R {out['lantern']['recall']:.4f}, "
        f"{out['lantern']['seconds']} s); splink documented F1 {theirs_f1:.4f} "
        f"(P {out['splink_documented']['precision']:.4f}, "
        f"R {out['splink_documented']['recall']:.4f}, "
        f"{out['splink_documented']['seconds']} s); ratio {out['f1_ratio']}",
        file=sys.stderr,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"the splink data sets are not at {DATA} (set LANTERN_SHARED_DATA)")

    historical = pd.read_parquet(DATA / "historical_figures_with_errors_50k.parquet")
    historical_records = historical.rename(
        columns={
            "dob": "date_of_birth",
            "postcode_fake": "postcode",
            "birth_place": "place_of_birth",
            "gender": "sex",
        }
    )[["unique_id", "first_name", "surname", "date_of_birth", "postcode", "place_of_birth", "sex"]]
    big = compare(
        "historical_figures_with_errors_50k",
        historical,
        historical_records,
        splink_historical_50k,
        args.threshold,
    )

    fake = pd.read_csv(DATA / "fake_1000.csv")
    labels = pd.read_csv(DATA / "fake_1000_labels.csv")
    assert int(labels.clerical_match_score.sum()) == true_pairs(fake.cluster)
    fake_records = fake.rename(columns={"dob": "date_of_birth", "city": "town"})[
        ["unique_id", "first_name", "surname", "date_of_birth", "town", "email"]
    ]
    small = compare("fake_1000", fake, fake_records, splink_fake_1000, args.threshold)

    print(
        json.dumps(
            {
                "benchmark": "resolve",
                "data_set": "historical_figures_with_errors_50k",
                **big,
                "fake_1000": small,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
