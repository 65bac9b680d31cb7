"""When a subject access request must be answered: a pure calculation (no database, no
clock), so that every rule of the time limit is tested on its own (DOMAIN.md 7.3).

- **One month.** UK GDPR Art. 12(3): "without undue delay and at the latest within one month
  of receipt"; DPA 2018 Part 3, s.54(1)-(2): "the period of one month beginning with the
  relevant time". The ICO counts the month from the day the request arrives to the
  corresponding calendar date in the next month; where the next month has no such date
  (31 January), the last day of that month (28 or 29 February). If that date falls on a
  weekend or a bank holiday, the ICO accepts a response on the next working day: we show
  both dates and count a request as overdue only after the second.
- **Identity.** The month runs from the latest of receipt of the request and receipt of the
  information asked for to confirm the requester's identity (s.54(3)(a)-(b) for Part 3;
  the same for UK GDPR since the Data (Use and Access) Act 2025): while identity is being
  checked the clock is stopped, and when the information arrives a whole month starts again.
- **Clarification.** Where the controller reasonably needs more information to identify what
  the request is about, "the period beginning with the day on which the controller makes the
  request and ending with the day on which the controller receives the information" does not
  count (s.54(3C) for Part 3; the Data (Use and Access) Act 2025 for UK GDPR): the clock
  stops and resumes where it stopped, the days paused added to the end.
- **Extension.** By up to two further months for complexity or the number of requests,
  with notice that states the reasons, given before the end of the first month (UK GDPR
  Art. 12(3); s.54(3A)-(3B) for Part 3).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

IDENTITY = "identity"
CLARIFICATION = "clarification"
MAX_EXTENSION_MONTHS = 2


@dataclass(frozen=True)
class Pause:
    """The clock stopped on ``started_on`` (the day the controller asked) until
    ``ended_on`` (the day the information arrived), or still stopped (``ended_on`` None)."""

    kind: str  # IDENTITY or CLARIFICATION
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class Deadline:
    relevant_on: date  # the day the month runs from (receipt, or the identity information)
    first_month_ends: date | None  # the last day to give notice of an extension
    due_on: date | None  # the statutory date; None while the clock is stopped
    respond_by: date | None  # due_on, or the next working day when it is not one (ICO)
    days_not_counted: int  # clarification days that do not count
    stopped: bool  # the clock is stopped now (an open pause)
    stopped_for: str = ""  # IDENTITY or CLARIFICATION while stopped


def add_months(day: date, months: int) -> date:
    """The corresponding calendar date ``months`` later; the last day of that month when it
    has no such date (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, as
    published by Butcher in 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    n = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * n) // 433
    month = (h + n - 7 * m + 90) // 25
    return date(year, month, (h + n - 7 * m + 33 * month + 19) % 32)


def _substitute(day: date) -> date:
    """A bank holiday that falls on a weekend moves to the next Monday."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=last.weekday())


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales's regular bank holidays in ``year`` (Banking and Financial Dealings
    Act 1971, Sch. 1, and the usual proclamations): New Year's Day, Good Friday, Easter
    Monday, the early May, spring and summer bank holidays, Christmas Day and Boxing Day,
    with their substitute days. One-off holidays proclaimed for a single year are not here."""
    good_friday = easter(year) - timedelta(days=2)
    christmas = date(year, 12, 25)
    if christmas.weekday() == 5:  # Saturday: Monday 27 and Tuesday 28
        days = {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day on Monday 26, Christmas Tuesday 27
        days = {date(year, 12, 26), date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day (a Saturday) moves to Monday 28
        days = {christmas, date(year, 12, 28)}
    else:
        days = {christmas, date(year, 12, 26)}
    return frozenset(
        {
            _substitute(date(year, 1, 1)),
            good_friday,
            good_friday + timedelta(days=3),
            _first_monday(year, 5),
            _last_monday(year, 5),
            _last_monday(year, 8),
        }
        | days
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _merged(pauses: Iterable[Pause]) -> list[tuple[date, date | None]]:
    spans = sorted(((p.started_on, p.ended_on) for p in pauses), key=lambda s: s[0])
    merged: list[tuple[date, date | None]] = []
    for start, end in spans:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end + timedelta(days=1):
                new_end = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, new_end)
                continue
        merged.append((start, end))
    return merged


def _count_from(
    relevant_on: date, months: int, spans: list[tuple[date, date | None]]
) -> tuple[date | None, int]:
    """The end of ``months`` months from ``relevant_on`` with the clarification spans that
    began before it added; None while one of them is open."""
    due = add_months(relevant_on, months)
    added = 0
    for start, end in spans:
        if start < relevant_on:
            start = relevant_on
            if end is not None and end < start:
                continue
        if start > due:
            break  # asked after the deadline had passed: it cannot move it
        if end is None:
            return None, added
        length = (end - start).days + 1
        added += length
        due += timedelta(days=length)
    return due, added


def deadline(
    *, received_on: date, pauses: Iterable[Pause] = (), extension_months: int = 0
) -> Deadline:
    """The request's deadline from the day it was received, the clock's pauses (identity
    checks and clarifications) and the months of extension given notice of (0 to 2)."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("an extension is of one or two further months")
    pauses = list(pauses)
    identity = [p for p in pauses if p.kind == IDENTITY]
    clarification = [p for p in pauses if p.kind == CLARIFICATION]
    relevant_on = max([received_on] + [p.ended_on for p in identity if p.ended_on])
    if any(p.ended_on is None for p in identity):
        return Deadline(relevant_on, None, None, None, 0, True, IDENTITY)
    spans = _merged(clarification)
    first, _ = _count_from(relevant_on, 1, spans)
    due, added = _count_from(relevant_on, 1 + extension_months, spans)
    if due is None:
        return Deadline(relevant_on, first, None, None, added, True, CLARIFICATION)
    return Deadline(relevant_on, first, due, next_working_day(due), added, False)


def extension_in_time(*, noticed_on: date, first_month_ends: date | None) -> bool:
    """Notice of an extension is in time on or before the last day of the first month (UK
    GDPR Art. 12(3); DPA 2018 s.54(3B)(a)). While the clock is stopped the month has not
    ended, so notice given then is in time."""
    return first_month_ends is None or noticed_on <= first_month_ends
