"""The API's report list pages by cursor, newest first, and never counts the reports
(docs/adr/0023): every report once across the pages, even when many share a creation time;
the filters kept on every page; nothing for another partnership."""

from __future__ import annotations

import pytest

from conftest import FAR_POINT
from lantern.accounts import services as accounts
from lantern.core.actor import SYSTEM, Role
from lantern.core.tests.cursor_pages import (
    counted,
    newest_first,
    share_a_creation_time,
    walk,
    walk_back,
)
from lantern.reports.models import Report
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def _bearer(make_user, role: Role, org: str = "default") -> dict[str, str]:
    _, token = accounts.api_token_create(actor=SYSTEM, user=make_user(role, org), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def reports():
    made = [make_report(category="noise" if n % 3 else "kerb-crawling").report for n in range(9)]
    # Six of the nine share one creation time: they straddle three pages of two.
    share_a_creation_time(Report, [r.pk for r in made[1:7]])
    return made


def test_pages_walk_every_report_once_newest_first_without_counting(client, make_user, reports):
    officer = _bearer(make_user, Role.POLICE_OFFICER)
    ids, statements = walk(client, "/api/v1/reports/?page_size=2", **officer)
    assert ids == newest_first(Report, [r.pk for r in reports])
    assert counted(statements) == []
    assert walk_back(client, "/api/v1/reports/?page_size=2", **officer) == ids


def test_the_filters_hold_on_every_page(client, make_user, reports):
    officer = _bearer(make_user, Role.POLICE_OFFICER)
    ids, _ = walk(client, "/api/v1/reports/?page_size=2&category=noise", **officer)
    noise = [r.pk for r in reports if r.category.code == "noise"]
    assert ids == newest_first(Report, noise)
    first = client.get("/api/v1/reports/?page_size=2&category=noise", **officer).json()
    assert "category=noise" in first["next"]


def test_another_partnership_sees_none_and_its_own(client, make_user, reports, far):
    theirs = make_report(at=FAR_POINT).report
    stranger = _bearer(make_user, Role.POLICE_OFFICER, "far_police")
    ids, _ = walk(client, "/api/v1/reports/?page_size=2", **stranger)
    assert ids == [str(theirs.pk)]
