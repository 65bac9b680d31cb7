"""Putting a service's refusal on the form that asked: the one helper every app's pages use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lantern.core.errors import ValidationFailed


def errors_to_form(
    form: Any, exc: ValidationFailed, *, rename: Mapping[str, str] | None = None
) -> None:
    """Add each field error of ``exc`` to ``form``: on the field of that name (after
    ``rename``, for a service field the form calls otherwise), or to the form as a whole
    when it has no such field, so the error summary always shows it."""
    for field, errors in exc.errors.items():
        name = (rename or {}).get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
