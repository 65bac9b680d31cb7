"""Part of a number plate on a report ("AB12 C") is never linked to a case as a vehicle."""

from __future__ import annotations

import pytest

from lantern.cases import selectors, services

pytestmark = pytest.mark.django_db


def test_linking_a_report_adds_its_whole_registrations_but_not_part_of_a_plate(
    officer, case, make_report
):
    report = make_report(vehicles=["AB12 C", "LR19 KXT"])
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    vehicles = [s.vehicle.registration for s in selectors.case_subjects(case=case) if s.vehicle]
    assert vehicles == ["LR19KXT"]
