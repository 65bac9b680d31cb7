"""Builders for cases tests: reports, cases and people made through the real services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.cases import services
from lantern.core import clock
from lantern.core.actor import Role
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

LARKSPUR = (51.5412, 0.7183)


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


@pytest.fixture
def supervisor(make_user):
    return actor_of(make_user(Role.SUPERVISOR))


@pytest.fixture
def resident(make_user):
    return actor_of(make_user(Role.RESIDENT))


@pytest.fixture
def make_report(resident):
    def make(*, actor=None, vehicles=(), category="kerb-crawling", days_ago=1, answers=None):
        return report_services.report_create(
            actor=actor or resident,
            data=ReportInput(
                category_code=category,
                latitude=LARKSPUR[0],
                longitude=LARKSPUR[1],
                occurred_from=clock.now() - timedelta(days=days_ago),
                description="A car stopped and drove slowly past several times.",
                address="Larkspur Row, Eastmere",
                vehicles=list(vehicles),
                answers=answers or {},
            ),
        ).report

    return make


@pytest.fixture
def case(officer):
    return services.case_open(
        actor=officer,
        data=services.CaseInput(kind="person", title="Persistent nuisance on Larkspur Row"),
    )


@pytest.fixture
def person(officer, case):
    from datetime import date

    return services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(
            given_name="Corin", family_name="Testwright", date_of_birth=date(1990, 3, 4)
        ),
    ).person


@pytest.fixture
def linked_report(officer, case, make_report):
    report = make_report()
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    return report


def cpw_input(person, report, **overrides):
    values = {
        "kind": "cpw",
        "person_id": person.pk,
        "conduct_category": "doorstep",
        "conduct": "Shouting and banging on doors on Larkspur Row late at night.",
        "detrimental_effect": "Residents cannot sleep and feel unsafe in their homes.",
        "persistent_nature": "Reported on three nights in the last month.",
        "unreasonable_because": "There is no reason to bang on strangers' doors at night.",
        "evidence": [{"kind": "report", "id": str(report.pk)}],
        "requirements": [
            {"kind": "stop", "text": "Stop knocking on doors on Larkspur Row", "period_days": None},
            {
                "kind": "do",
                "text": "Attend an appointment with the outreach team",
                "period_days": 14,
            },
        ],
        "compliance_days": 14,
    }
    values.update(overrides)
    return services.ActionInput(**values)


def served(action_id, *, officer, supervisor, how="hand", on=None):
    services.action_approve(actor=supervisor, action_id=action_id)
    return services.action_serve(actor=officer, action_id=action_id, how=how, served_on=on)
