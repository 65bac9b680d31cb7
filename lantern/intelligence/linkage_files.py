"""Tabular person records in and candidate pairs out, for ``lantern resolve``.

Reading checks what a file tool must: the file opens and is text (CSV) or Parquet, every
row has as many fields as the header (a row that does not is named by its line), the id
column and every mapped column are there, and ids are present and unique. Every problem
is a ``LinkageError`` whose message names the file, the column or the line, never a value
from the file: the values are personal data. Writing is atomic: the pairs go to a
temporary file beside the output, which is renamed over it only once complete.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from lantern.intelligence.linkage import FIELDS, LinkageError, LinkageResult


def parse_map(specs: Sequence[str]) -> dict[str, str]:
    """``["dob=date_of_birth,postcode_fake=postcode", ...]`` as {source column: field}."""
    mapping: dict[str, str] = {}
    for spec in specs:
        for item in spec.split(","):
            item = item.strip()
            if not item:
                continue
            source, sep, target = (part.strip() for part in item.partition("="))
            if not sep or not source or not target:
                raise LinkageError(f"--map takes SRC=FIELD pairs separated by commas, not {item!r}")
            if target not in FIELDS:
                raise LinkageError(
                    f"--map: {target!r} is not a field Lantern compares; "
                    f"the fields are {', '.join(FIELDS)}"
                )
            if source in mapping:
                raise LinkageError(f"--map: column {source!r} is mapped twice")
            if target in mapping.values():
                raise LinkageError(f"--map: field {target!r} is given two columns")
            mapping[source] = target
    if not mapping:
        raise LinkageError("--map needs at least one SRC=FIELD pair")
    if not set(mapping.values()) & {"first_name", "surname"}:
        raise LinkageError("--map must give a column for first_name or surname")
    return mapping


def read_records(path: Path, *, id_column: str, mapping: Mapping[str, str]) -> pd.DataFrame:
    """The file's records with Lantern's field names: ``unique_id`` and the mapped fields,
    all as text (missing values as None)."""
    name = path.name
    if not path.is_file():
        raise LinkageError(f"{path} is not a file")
    columns, rows = _read_parquet(path) if path.suffix.lower() == ".parquet" else _read_csv(path)
    wanted = [id_column, *mapping]
    for column in wanted:
        if column not in columns:
            raise LinkageError(f"column {column!r} is not in {name}")
    index = {column: columns.index(column) for column in wanted}
    seen: dict[str, int] = {}
    ids: list[str] = []
    for line, row in rows:
        value = row[index[id_column]]
        value = value.strip() if value is not None else ""
        if not value:
            raise LinkageError(f"{name} line {line}: the id column {id_column!r} is empty")
        if value in seen:
            raise LinkageError(
                f"{name} line {line}: the id in {id_column!r} repeats the id on line "
                f"{seen[value]}; ids must be unique within a file"
            )
        seen[value] = line
        ids.append(value)
    out = pd.DataFrame({"unique_id": ids})
    for source, target in mapping.items():
        out[target] = [_cell(row[index[source]]) for _, row in rows]
    return out


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str | None]]]]:
    name = path.name
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise LinkageError(f"{name} is empty: it needs a header row") from None
            header = [h.strip() for h in header]
            if len(set(header)) != len(header):
                raise LinkageError(f"{name}: the header names a column twice")
            rows: list[tuple[int, list[str | None]]] = []
            start = reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                if not row:
                    continue
                if len(row) != len(header):
                    raise LinkageError(
                        f"{name} line {line}: {len(row)} fields where the header has {len(header)}"
                    )
                rows.append((line, list(row)))
    except csv.Error as exc:
        raise LinkageError(f"{name} line {reader.line_num}: not valid CSV ({exc})") from None
    except UnicodeDecodeError:
        raise LinkageError(f"{name} is not UTF-8 text") from None
    except OSError as exc:
        raise LinkageError(f"{name} cannot be read: {exc.strerror}") from None
    return header, rows


def _read_parquet(path: Path) -> tuple[list[str], list[tuple[int, list[str | None]]]]:
    try:
        frame = pd.read_parquet(path)
    except Exception:  # pyarrow raises several types for a file that is not Parquet
        raise LinkageError(f"{path.name} is not a readable Parquet file") from None
    columns = [str(c) for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), None)
    rows = [
        (i + 1, [None if v is None else str(v) for v in values])
        for i, values in enumerate(frame.itertuples(index=False, name=None))
    ]
    return columns, rows


def write_pairs(path: Path, result: LinkageResult, *, link: bool, files: Sequence[str]) -> None:
    """``id_l, id_r, probability`` (and ``file_l, file_r`` when linking two files), one
    line a pair, most probable first; written whole or not at all."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise LinkageError(f"the folder for {path} does not exist")
    if path.is_dir():
        raise LinkageError(f"{path} is a folder: --out names the file to write")
    names = {"left": files[0], "right": files[-1]}
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise LinkageError(f"cannot write in the folder for {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["id_l", "id_r", "probability", *(["file_l", "file_r"] if link else [])]
            )
            for pair in result.pairs:
                row = [pair.unique_id_l, pair.unique_id_r, f"{pair.probability:.6f}"]
                if link:
                    row += [names[pair.source_dataset_l], names[pair.source_dataset_r]]
                writer.writerow(row)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise LinkageError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
