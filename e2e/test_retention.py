"""Retention journey, with axe-core on every page reached: the data protection officer opens
the retention review from the dashboard, decides to dispose of an expired report, previews
and runs the disposal, and sees the tombstone; the audit chain still verifies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.audit.services import audit_chain_verify
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import Tombstone
from lantern.dataprotection.services import retention_queue_refresh
from lantern.reports import services as report_services
from lantern.reports.models import Report
from lantern.reports.services import ReportInput

from .test_places import _sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_reviewer_disposes_of_an_expired_report(page, axe, make_user) -> None:
    resident = actor_of(make_user(Role.RESIDENT))
    report = report_services.report_create(
        actor=resident,
        data=ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=7 * 365),
            description="A car stopped and drove slowly past several times.",
            address="Larkspur Row, Eastmere",
        ),
    ).report
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.CLOSED, updated_at=clock.now() - timedelta(days=7 * 365)
    )
    retention_queue_refresh(actor=SYSTEM)  # what the daily task does
    officer = make_user(Role.DATA_PROTECTION_OFFICER)

    _sign_in(page, officer)
    axe(page)
    page.get_by_role("link", name="Open the retention review").click()
    page.wait_for_url("**/data-protection/retention/")
    axe(page)
    page.get_by_role("link", name=f"Decide on Resident incident report {report.reference}").click()
    page.wait_for_url("**/retention/items/**")
    axe(page)

    page.get_by_role("button", name="Record the decision").click()  # nothing chosen
    page.get_by_role("link", name="Select whether to retain the record or dispose of it").wait_for()
    axe(page)
    page.get_by_label("Dispose of it").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/data-protection/retention/")
    axe(page)

    page.get_by_role("link", name="Check and run the disposal").click()
    page.wait_for_url("**/retention/dispose/")
    axe(page)
    assert page.get_by_role("cell", name=report.reference).is_visible()
    page.get_by_role("button", name="Dispose of these records").click()
    page.wait_for_url("**/retention/disposed/")
    axe(page)

    assert not Report.objects.filter(pk=report.pk).exists()
    assert Tombstone.objects.filter(record_id=report.pk, rule="resident_report").exists()
    assert report.reference not in page.content()
    verdict = audit_chain_verify(actor=SYSTEM)
    assert verdict.ok, verdict.as_dict()
