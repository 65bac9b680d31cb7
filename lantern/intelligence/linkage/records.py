"""Person records as the linkage model reads them: Lantern's canonical fields, each value
normalised one way (lower case and single spaces, dates as ISO, postcodes as ``TQ13 8DF``,
phone numbers as digits)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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

UNIQUE_ID = "unique_id"
SOURCE = "source_dataset"


class LinkageError(ValueError):
    """The records cannot be linked as given; the message says why."""


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
    if UNIQUE_ID not in df.columns:
        raise LinkageError("every record needs a unique_id")
    unknown = sorted(set(df.columns) - {*FIELDS, UNIQUE_ID, SOURCE})
    if unknown:
        raise LinkageError(
            f"unknown field(s): {', '.join(unknown)}; the fields are {', '.join(FIELDS)}"
        )
    ids = df[UNIQUE_ID].map(_raw_id)
    if ids.isna().any():
        raise LinkageError("a record has an empty unique_id")
    keys = [ids, df[SOURCE].astype(str)] if SOURCE in df.columns else [ids]
    if pd.concat(keys, axis=1).duplicated().any():
        raise LinkageError("unique_id values must be unique")
    out = pd.DataFrame({UNIQUE_ID: pd.Series(ids.to_numpy(), dtype=object)})
    if SOURCE in df.columns:
        out[SOURCE] = df[SOURCE].astype(str).to_numpy()
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
