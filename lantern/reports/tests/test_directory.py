"""What the reports app answers through lantern.core.directory: a resident's own reports,
for the evidence app's "what is this about?" (reference and category, nothing else)."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.core import directory
from lantern.core.actor import ANONYMOUS, Role
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_a_resident_is_offered_only_their_own_reports_newest_first(make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    neighbour = actor_of(make_user(Role.RESIDENT))
    first = make_report(resident).report
    second = make_report(resident, category="noise").report
    make_report(neighbour)
    make_report(ANONYMOUS)
    choices = directory.own_reports(resident)
    assert [c.id for c in choices] == [second.pk, first.pk]
    assert choices[0].label == f"{second.reference}: {second.category.name}"
    assert directory.own_reports(ANONYMOUS) == []
    assert directory.own_reports(actor_of(make_user(Role.POLICE_OFFICER))) == []
