"""The dashboard's "What is due" panel lists the soonest case reviews, not every case the
officer leads: its size does not grow with the caseload (docs/scale.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.cases import services
from lantern.cases.panels import REVIEWS_SHOWN
from lantern.core import clock
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db


def test_the_panel_shows_the_soonest_reviews_and_says_more_are_due(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    today = clock.now().date()
    for n in range(REVIEWS_SHOWN + 2):
        services.case_open(
            actor=officer,
            data=services.CaseInput(
                kind="place", title=f"Street {n}", next_review_on=today + timedelta(days=n + 1)
            ),
        )
    page = client.get("/dashboard/").content.decode()
    assert page.count("Case review due") == REVIEWS_SHOWN
    assert f"these are the {REVIEWS_SHOWN} soonest" in page
