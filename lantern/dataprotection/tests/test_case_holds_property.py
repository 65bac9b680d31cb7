"""A disposal run never disposes of a case under a hold, nor the people of one (issue 23,
"Bad input"): random cases, open or closed at random ages, some with an enforcement action
appealed or a prosecution pending; every due case decided for disposal; the real cases app,
queue, holds and disposal run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.cases import services as case_services
from lantern.cases.models import ActionKind, ActionState, Case, EnforcementAction, Person
from lantern.cases.tests.conftest import cpw_input
from lantern.core import clock
from lantern.core.actor import SYSTEM
from lantern.dataprotection.models import Decision, ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)

PERIOD_DAYS = 6 * 365
HOLDS = {
    None: None,
    "complied": None,  # a warning complied with holds nothing
    "appealed": "a pending appeal",
    "prosecution": "a pending prosecution",
}

cases = st.lists(
    st.tuples(
        st.booleans(),  # closed
        st.integers(min_value=0, max_value=12 * 365),  # days since closure
        st.sampled_from(sorted(HOLDS, key=str)),  # the state of its one action, if any
    ),
    min_size=1,
    max_size=4,
)


def _case(officer, make_report, *, closed: bool, age_days: int, action: str | None):
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Larkspur Row")
    )
    person = case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=case_services.PersonInput(
            given_name="Corin", family_name="Testwright", date_of_birth=date(1990, 3, 4)
        ),
    ).person
    assert person is not None
    if action is not None:
        report = make_report()
        case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
        drafted = case_services.action_draft(
            actor=officer, case_id=case.pk, data=cpw_input(person, report)
        )
        # The state the action's own steps leave it in (appeal lodged, referral drafted).
        changes: dict[str, dict[str, str]] = {
            "complied": {"state": ActionState.COMPLIED},
            "appealed": {"state": ActionState.APPEALED},
            "prosecution": {"kind": ActionKind.PROSECUTION, "state": ActionState.DRAFT},
        }
        change = changes[action]
        EnforcementAction.objects.filter(pk=drafted.pk).update(**change)
    if closed:
        case_services.case_close(actor=officer, case_id=case.pk, reason="Resolved")
        Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - timedelta(days=age_days))
    return case, person


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=cases)
def test_a_disposal_run_never_disposes_of_a_held_case(officer, dpo, make_report, cases) -> None:
    Tombstone.objects.all().delete()
    Decision.objects.all().delete()
    ReviewItem.objects.all().delete()
    built = [
        (
            _case(officer, make_report, closed=closed, age_days=age, action=action),
            closed,
            age,
            action,
        )
        for closed, age, action in cases
    ]
    retention_queue_refresh(actor=SYSTEM)
    for item in ReviewItem.objects.filter(record_class="cases.Case"):
        retention_decide(actor=SYSTEM, item_id=item.pk, kind="dispose")
    run = retention_dispose(actor=dpo)

    held_ids = {d["record_id"] for d in run.held}
    for (case, person), closed, age, action in built:
        due = closed and age >= PERIOD_DAYS
        hold = HOLDS[action]
        gone = not Case.objects.filter(pk=case.pk).exists()
        if not closed or hold is not None or not due:
            assert not gone, "a held or undue case was disposed of"
            assert Person.objects.filter(pk=person.pk).exists()
            assert not Tombstone.objects.filter(record_id=case.pk).exists()
        else:
            assert gone and Tombstone.objects.filter(record_id=case.pk).exists()
            assert not Person.objects.filter(pk=person.pk).exists()
        if due and hold is not None:
            assert str(case.pk) in held_ids
