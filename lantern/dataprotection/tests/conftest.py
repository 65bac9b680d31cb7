"""Builders for retention tests: a resident's closed report with a clip, aged by moving its
last change back (the report's clock); the data protection officer of the partnership."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.cases.tests.conftest import (  # noqa: F401 - fixtures used by these tests
    case,
    make_report,
    officer,
    resident,
)
from lantern.core import clock
from lantern.core.actor import Role
from lantern.evidence.models import EvidenceItem
from lantern.evidence.tests.factories import clip, report_token, upload_bytes
from lantern.reports.models import Report

SEVEN_YEARS = timedelta(days=7 * 365)


@pytest.fixture
def dpo(make_user):
    return actor_of(make_user(Role.DATA_PROTECTION_OFFICER))


@pytest.fixture
def old_report(make_report, resident):  # noqa: F811
    """A closed report last changed seven years ago, with a doorbell clip filed under it."""

    def make(*, age: timedelta = SEVEN_YEARS, status: str = Report.Status.CLOSED) -> Report:
        report = make_report()
        upload_bytes(actor=resident, data=clip(), token=report_token(report.pk))
        Report.objects.filter(pk=report.pk).update(status=status, updated_at=clock.now() - age)
        report.refresh_from_db()
        return report

    return make


def items_of(report: Report) -> list[EvidenceItem]:
    return list(EvidenceItem.objects.filter(links__kind="report", links__target_id=report.pk))
