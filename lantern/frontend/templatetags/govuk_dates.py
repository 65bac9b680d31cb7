"""The one way templates show dates: ``{{ value|govuk_date }}`` ("7 December 2026"),
``|govuk_datetime`` ("7 December 2026 at 2:15pm"), ``|govuk_time`` ("2:15pm") and
``|govuk_month`` ("December 2026"). Built in (config/settings TEMPLATES ``builtins``), so
every template has them without ``{% load %}``. The formats are lantern/frontend/dates.py."""

from __future__ import annotations

from datetime import date, datetime, time

from django import template

from lantern.frontend import dates

register = template.Library()


@register.filter
def govuk_date(value: date | datetime | None) -> str:
    return dates.format_date(value or None)


@register.filter
def govuk_datetime(value: date | datetime | None) -> str:
    return dates.format_datetime(value or None)


@register.filter
def govuk_time(value: datetime | time | None) -> str:
    return dates.format_time(value if value not in ("", None) else None)


@register.filter
def govuk_month(value: date | datetime | None) -> str:
    return dates.format_month(value or None)
