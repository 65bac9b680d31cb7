"""Dates and times as people read them: one format, the GOV.UK style.

"7 December 2026", "7 December 2026 at 2:15pm", "2:15pm", "December 2026". Times are in
Europe/London (the project's ``TIME_ZONE``); aware datetimes are converted, dates are shown
as they are. Templates use the filters of the same name (``|govuk_date``,
``|govuk_datetime``, ``|govuk_time``, ``|govuk_month``: ``lantern.frontend.templatetags.
govuk_dates``, a built-in so no ``{% load %}`` is needed); Python code building tables
calls these functions. ``tests/test_date_formats.py`` fails on any other format in a
template.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_time(value: datetime | time | None, *, seconds: bool = False) -> str:
    """The time as "2:15pm", "9am", "midday" or "midnight"; with ``seconds`` (audit and
    custody records, where the order of events matters) "2:15:07pm"; "" for None."""
    if value is None:
        return ""
    moment = _local(value).timetz() if isinstance(value, datetime) else value
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if seconds:
        return f"{hour}:{moment.minute:02d}:{moment.second:02d}{suffix}"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def format_date(value: date | datetime | None) -> str:
    """The day as "7 December 2026" (a datetime: its day in Europe/London); "" for None."""
    if value is None:
        return ""
    day = _local(value).date() if isinstance(value, datetime) else value
    return f"{day.day} {day.strftime('%B')} {day.year}"


def format_datetime(value: datetime | date | None, *, seconds: bool = False) -> str:
    """The moment as "7 December 2026 at 2:15pm" ("... at 2:15:07pm" with ``seconds``); a
    plain date is shown as a date; "" for None."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return format_date(value)
    return f"{format_date(value)} at {format_time(value, seconds=seconds)}"


def format_month(value: date | datetime | None) -> str:
    """The month as "December 2026"; "" for None."""
    if value is None:
        return ""
    day = _local(value).date() if isinstance(value, datetime) else value
    return f"{day.strftime('%B')} {day.year}"


def clock_offset_words(offset: int | None) -> str:
    """A declared clock offset in words: "Runs 3 minutes fast (+180 seconds)"."""
    if offset is None:
        return "Not declared"
    if offset == 0:
        return "Right (0 seconds out)"
    minutes, seconds = divmod(abs(offset), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (seconds, "second"))
        if n
    ]
    return f"Runs {' '.join(parts)} {'fast' if offset > 0 else 'slow'} ({offset:+d} seconds)"
