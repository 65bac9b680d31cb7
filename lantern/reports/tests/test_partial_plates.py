"""A resident who saw only part of a number plate ("AB12 C") can report it: it is stored
as they saw it, marked partial, and never taken for a whole registration."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.accounts.selectors import actor_for
from lantern.core.actor import Role
from lantern.core.errors import ValidationFailed
from lantern.reports import selectors
from lantern.reports.forms import PeopleVehiclesForm
from lantern.reports.models import Category, VehicleMention
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_a_report_keeps_a_partial_plate_marked_partial(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    created = make_report(resident, vehicles=["ab12 c", "ab12 cde"])
    stored = sorted(
        VehicleMention.objects.filter(report=created.report).values_list("registration", "partial")
    )
    assert stored == [("AB12 C", True), ("AB12CDE", False)]


def test_something_that_is_no_plate_is_still_refused(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    with pytest.raises(ValidationFailed) as refused:
        make_report(resident, vehicles=["AB12 C!"])
    assert "AB12 C if you saw only part of it" in refused.value.errors["vehicles"][0]


def test_the_journey_form_accepts_part_of_a_plate():
    category = Category.objects.get(code="kerb-crawling")
    form = PeopleVehiclesForm(data={"vehicles": "AB12 C\nab12cde"}, category=category)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["vehicles"] == ["AB12 C", "AB12CDE"]


def test_a_partial_plate_does_not_match_the_whole_registration(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    make_report(resident, vehicles=["AB12 C"])
    whole = make_report(resident, vehicles=["AB12 CDE"]).report
    found = selectors.reports_naming_vehicle(actor=officer, registration="AB12CDE")
    assert list(found) == [whole]
    assert not selectors.reports_naming_vehicle(actor=officer, registration="AB12 C").exists()
