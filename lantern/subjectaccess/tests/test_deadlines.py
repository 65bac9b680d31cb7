"""The time limit of a subject access request (lantern/subjectaccess/deadlines.py), rule by
rule, with the ICO's own examples and property tests over random dates and pauses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantern.subjectaccess.deadlines import (
    CLARIFICATION,
    IDENTITY,
    Pause,
    add_months,
    bank_holidays,
    deadline,
    easter,
    extension_in_time,
    next_working_day,
)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 3), date(2026, 10, 3)),  # ICO: 3 September -> 3 October
        (date(2027, 1, 31), date(2027, 2, 28)),  # no 31 February: the last day of February
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 10, 31), date(2026, 11, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # across the year
        (date(2026, 2, 28), date(2026, 3, 28)),  # the corresponding date, not month-end
    ],
)
def test_one_month_is_the_corresponding_calendar_date_or_the_months_last_day(received, due):
    assert deadline(received_on=received).due_on == due


def test_a_due_date_on_a_weekend_may_be_met_on_the_next_working_day():
    # ICO: "If the corresponding date falls on a weekend or a public holiday, you have until
    # the next working day to respond."
    answer = deadline(received_on=date(2026, 4, 4))
    assert answer.due_on == date(2026, 5, 4)  # Monday 4 May 2026: the early May bank holiday
    assert answer.respond_by == date(2026, 5, 5)
    saturday = deadline(received_on=date(2026, 9, 12))
    assert saturday.due_on == date(2026, 10, 12)  # a Monday
    assert saturday.respond_by == date(2026, 10, 12)
    assert deadline(received_on=date(2026, 9, 10)).respond_by == date(2026, 10, 12)  # Sat 10 Oct


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {
                date(2026, 1, 1),
                date(2026, 4, 3),
                date(2026, 4, 6),
                date(2026, 5, 4),
                date(2026, 5, 25),
                date(2026, 8, 31),
                date(2026, 12, 25),
                date(2026, 12, 28),  # Boxing Day is a Saturday
            },
        ),
        (
            2022,
            {
                date(2022, 1, 3),  # New Year's Day on a Saturday
                date(2022, 4, 15),
                date(2022, 4, 18),
                date(2022, 5, 2),
                date(2022, 5, 30),
                date(2022, 8, 29),
                date(2022, 12, 26),
                date(2022, 12, 27),  # Christmas Day on a Sunday
            },
        ),
    ],
)
def test_bank_holidays_of_england_and_wales(year, expected):
    # 2022 also had the one-off jubilee and state-funeral holidays, which are not computed.
    assert bank_holidays(year) == frozenset(expected)


@pytest.mark.parametrize(
    "sunday",
    [date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28), date(2038, 4, 25)],
)
def test_easter(sunday):
    assert easter(sunday.year) == sunday


def test_christmas_on_a_saturday_moves_both_days():
    assert {date(2027, 12, 27), date(2027, 12, 28)} <= bank_holidays(2027)
    assert next_working_day(date(2027, 12, 25)) == date(2027, 12, 29)


def test_the_clock_is_stopped_while_identity_is_checked():
    answer = deadline(received_on=date(2026, 9, 3), pauses=[Pause(IDENTITY, date(2026, 9, 4))])
    assert answer.stopped and answer.stopped_for == IDENTITY
    assert answer.due_on is None and answer.respond_by is None


def test_a_whole_month_starts_again_when_the_identity_information_arrives():
    answer = deadline(
        received_on=date(2026, 9, 3),
        pauses=[Pause(IDENTITY, date(2026, 9, 4), date(2026, 9, 20))],
    )
    assert answer.relevant_on == date(2026, 9, 20)
    assert answer.due_on == date(2026, 10, 20)
    assert not answer.stopped


def test_clarification_stops_the_clock_and_it_resumes_where_it_stopped():
    asked, answered = date(2026, 9, 10), date(2026, 9, 14)  # five days do not count
    stopped = deadline(received_on=date(2026, 9, 3), pauses=[Pause(CLARIFICATION, asked)])
    assert stopped.stopped and stopped.stopped_for == CLARIFICATION and stopped.due_on is None
    resumed = deadline(received_on=date(2026, 9, 3), pauses=[Pause(CLARIFICATION, asked, answered)])
    assert resumed.days_not_counted == 5
    assert resumed.due_on == date(2026, 10, 8)


def test_overlapping_clarifications_count_each_day_once():
    pauses = [
        Pause(CLARIFICATION, date(2026, 9, 10), date(2026, 9, 14)),
        Pause(CLARIFICATION, date(2026, 9, 12), date(2026, 9, 16)),
    ]
    assert deadline(received_on=date(2026, 9, 3), pauses=pauses).days_not_counted == 7


def test_a_clarification_asked_after_the_deadline_does_not_move_it():
    late = Pause(CLARIFICATION, date(2026, 10, 20), date(2026, 10, 25))
    assert deadline(received_on=date(2026, 9, 3), pauses=[late]).due_on == date(2026, 10, 3)


def test_an_extension_adds_up_to_two_further_months():
    assert deadline(received_on=date(2026, 9, 3), extension_months=2).due_on == date(2026, 12, 3)
    assert deadline(received_on=date(2026, 9, 3), extension_months=1).due_on == date(2026, 11, 3)
    extended = deadline(received_on=date(2026, 11, 30), extension_months=2)
    assert extended.due_on == date(2027, 2, 28)  # month-end rule on the extended date
    assert extended.first_month_ends == date(2026, 12, 30)
    with pytest.raises(ValueError, match="one or two"):
        deadline(received_on=date(2026, 9, 3), extension_months=3)


def test_notice_of_extension_must_be_given_before_the_first_month_ends():
    first = deadline(received_on=date(2026, 9, 3)).first_month_ends
    assert first == date(2026, 10, 3)
    assert extension_in_time(noticed_on=date(2026, 10, 3), first_month_ends=first)
    assert not extension_in_time(noticed_on=date(2026, 10, 4), first_month_ends=first)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@given(received=days, extension=st.integers(0, 2))
def test_the_due_date_is_never_before_a_month_nor_after_the_limit(received, extension):
    answer = deadline(received_on=received, extension_months=extension)
    assert answer.due_on is not None and answer.respond_by is not None
    months = 1 + extension
    assert received + timedelta(days=28 * months) <= answer.due_on
    assert answer.due_on <= received + timedelta(days=31 * months)
    assert 0 <= (answer.respond_by - answer.due_on).days <= 4  # Christmas and a weekend


@given(
    received=days,
    offsets=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 20)), max_size=4),
)
def test_a_clarification_never_brings_the_deadline_forward(received, offsets):
    pauses = [
        Pause(CLARIFICATION, received + timedelta(days=a), received + timedelta(days=a + b))
        for a, b in offsets
    ]
    plain = deadline(received_on=received).due_on
    paused = deadline(received_on=received, pauses=pauses)
    assert paused.due_on is not None and plain is not None
    assert paused.due_on >= plain
    assert (paused.due_on - add_months(received, 1)).days == paused.days_not_counted
