"""The enforcement steps served by month and kind that the services keep (month_counts.py,
ADR 0022): the same as counting the steps, after serving and after a case's disposal; read
under the same checks as counting them."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection, connections, transaction

from conftest import actor_of
from lantern.accounts.models import Partnership
from lantern.cases import services
from lantern.cases.models import ActionMonthCount, Case, EnforcementAction
from lantern.cases.month_counts import action_counted, recount
from lantern.cases.retention import case_dispose
from lantern.cases.selectors.counts import actions_served_by_month
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core.actor import SYSTEM, Role
from lantern.core.monthly import Months, month_start

pytestmark = pytest.mark.django_db

# 23:30 on 30 April UTC is 00:30 on 1 May in London: the step is May's.
LATE_APRIL = datetime(2026, 4, 30, 23, 30, tzinfo=UTC)
JUNE_DAY = datetime(2026, 6, 15, 11, 0, tzinfo=UTC)
RANGE = Months(date(2026, 4, 1), date(2026, 6, 1))


def _kept(partnership_id) -> dict[tuple[date, str], int]:
    rows = ActionMonthCount.objects.filter(partnership_id=partnership_id)
    return {(r.month, r.kind): r.served for r in rows if r.served}


def _counted(partnership_id) -> dict[tuple[date, str], int]:
    steps = EnforcementAction.objects.filter(
        case__partnership_id=partnership_id, served_at__isnull=False
    )
    return dict(Counter((month_start(a.served_at), a.kind) for a in steps if a.served_at))


def _case_with_person(officer, title: str):
    case = services.case_open(actor=officer, data=services.CaseInput(kind="person", title=title))
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(
            given_name="Corin", family_name="Testwright", date_of_birth=date(1990, 3, 4)
        ),
    ).person
    return case, person


def _serve_warning(officer, supervisor, case, person, report) -> EnforcementAction:
    draft = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    return served(draft.pk, officer=officer, supervisor=supervisor)


def test_kept_counts_follow_steps_served_and_cases_disposed_of(
    officer, supervisor, make_report, make_user
):
    analyst = actor_of(make_user(Role.ANALYST))
    with time_machine.travel(LATE_APRIL, tick=False):
        report = make_report()
        first, person = _case_with_person(officer, "Door knocking on Larkspur Row")
        services.case_link_report(actor=officer, case_id=first.pk, report_id=report.pk)
        _serve_warning(officer, supervisor, first, person, report)
    with time_machine.travel(JUNE_DAY, tick=False):
        second, other = _case_with_person(officer, "Shouting on Larkspur Row")
        services.case_link_report(actor=officer, case_id=second.pk, report_id=report.pk)
        _serve_warning(officer, supervisor, second, other, report)
        _serve_warning(officer, supervisor, first, person, report)
        # A draft is never counted.
        services.action_draft(actor=officer, case_id=second.pk, data=cpw_input(other, report))
        partnership_id = Case.objects.get(pk=first.pk).partnership_id

        kept = _kept(partnership_id)
        assert kept == {(date(2026, 5, 1), "cpw"): 1, (date(2026, 6, 1), "cpw"): 2}
        assert kept == _counted(partnership_id)
        whole = actions_served_by_month(actor=analyst, partnership_id=partnership_id, months=RANGE)
        assert whole == Counter({(m, k): n for (m, k), n in kept.items()})

        case_dispose(SYSTEM, first.pk)  # its two served steps go with it
        assert _kept(partnership_id) == {(date(2026, 6, 1), "cpw"): 1}
        assert _kept(partnership_id) == _counted(partnership_id)
        recount()
        assert _kept(partnership_id) == {(date(2026, 6, 1), "cpw"): 1}


def test_recount_counts_steps_written_past_the_services(officer, supervisor, make_report):
    with time_machine.travel(JUNE_DAY, tick=False):
        report = make_report()
        case, person = _case_with_person(officer, "Door knocking on Larkspur Row")
        services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
        step = _serve_warning(officer, supervisor, case, person, report)
    EnforcementAction.objects.filter(pk=step.pk).update(served_at=LATE_APRIL)
    assert recount(partnership_ids=[case.partnership_id]) == 1
    assert _kept(case.partnership_id) == {(date(2026, 5, 1), "cpw"): 1}
    assert _kept(case.partnership_id) == _counted(case.partnership_id)


def test_kept_counts_are_read_only_by_the_partnerships_staff_who_may_see_cases(
    officer, supervisor, make_report, make_user, far
):
    with time_machine.travel(JUNE_DAY, tick=False):
        report = make_report()
        case, person = _case_with_person(officer, "Door knocking on Larkspur Row")
        services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
        _serve_warning(officer, supervisor, case, person, report)
    mine = actor_of(make_user(Role.ANALYST))
    other = actor_of(make_user(Role.ANALYST, "far_police"))
    resident = actor_of(make_user(Role.RESIDENT))
    pid = case.partnership_id
    assert actions_served_by_month(actor=mine, partnership_id=pid, months=RANGE) == Counter(
        {(date(2026, 6, 1), "cpw"): 1}
    )
    assert actions_served_by_month(actor=other, partnership_id=pid, months=RANGE) == Counter()
    assert actions_served_by_month(actor=resident, partnership_id=pid, months=RANGE) == Counter()


def _count_from_another_connection(partnership_id, done: list[str]) -> None:
    try:
        with transaction.atomic():
            action_counted(EnforcementAction(kind="cpw", served_at=JUNE_DAY), partnership_id)
        done.append("counted")
    finally:
        connections.close_all()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_first_steps_of_a_month_served_at_once_are_both_counted(orgs):
    """The second writer waits on the first's new row, then adds to it (month_counts.py's
    conflict handling), rather than failing or counting one."""
    assert connection.vendor == "postgresql"
    partnership_id = Partnership.objects.get(name="Test Partnership").pk
    done: list[str] = []
    with transaction.atomic():
        action_counted(EnforcementAction(kind="cpw", served_at=JUNE_DAY), partnership_id)
        other = threading.Thread(target=_count_from_another_connection, args=(partnership_id, done))
        other.start()
        other.join(timeout=2)
        assert other.is_alive()  # waiting on the row this transaction made
    other.join(timeout=60)
    assert done == ["counted"]
    assert _kept(partnership_id) == {(date(2026, 6, 1), "cpw"): 2}
