"""A case whose schedules were revealed to the prosecutor and not yet disclosed to the
defence is held from disposal (issue 23; docs/data-protection.md, "What goes with a case")."""

from __future__ import annotations

import pytest

from lantern.cases import services as case_services
from lantern.core import processing
from lantern.disclosure import services

from .test_schedules import TODAY, confirm_all

pytestmark = pytest.mark.django_db

NOT_DISCLOSED = "disclosure schedules revealed and not yet disclosed"


def test_a_closed_case_revealed_and_not_disclosed_is_held(officer, world) -> None:
    case_id = world.case.pk
    services.schedule_draft(actor=officer, case_id=case_id)
    confirm_all(officer, world.case)
    case_services.case_close(actor=officer, case_id=case_id, reason="Resolved")
    assert processing.holds("cases.Case", [case_id]) == {}  # closed, nothing revealed

    services.revelation_record(actor=officer, case_id=case_id, happened_on=TODAY)
    assert processing.holds("cases.Case", [case_id]) == {case_id: [NOT_DISCLOSED]}

    services.disclosure_record(actor=officer, case_id=case_id, happened_on=TODAY)
    assert processing.holds("cases.Case", [case_id]) == {}
