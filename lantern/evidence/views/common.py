"""Helpers shared by the evidence pages."""

from __future__ import annotations

from django.utils.timezone import localtime

from lantern.core.errors import ValidationFailed


def when(value) -> str:
    return localtime(value).strftime("%-d %b %Y %H:%M:%S") if value else ""


def errors_to_form(form, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
