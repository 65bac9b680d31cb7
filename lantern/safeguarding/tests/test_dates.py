"""Dates are UK dates: just after midnight in summer it is already the next day in London
while UTC is still on the day before, and a review decided "today" is not in the future."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from lantern.core.actor import Role
from lantern.core.errors import ValidationFailed
from lantern.safeguarding import services

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 7, 14, 23, 30, tzinfo=UTC), tick=False)  # 00:30 BST, 15th
def test_today_in_london_is_not_in_the_future_just_after_midnight_in_summer(actor, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=30)
    review = services.review_record(
        actor=lead,
        person_id=person,
        decision="proceed",
        rationale="Seen with the outreach worker",
        decided_on=date(2026, 7, 15),
    )
    assert review.decided_on == date(2026, 7, 15)
    with pytest.raises(ValidationFailed) as refused:
        services.review_record(
            actor=lead,
            person_id=person,
            decision="proceed",
            rationale="Seen with the outreach worker",
            decided_on=date(2026, 7, 16),
        )
    assert refused.value.errors["decided_on"] == ["The date must be today or in the past"]
