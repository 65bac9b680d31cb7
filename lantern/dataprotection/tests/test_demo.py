"""The data protection demo: one expired, closed Eastmere report on the review queue, made
once."""

from __future__ import annotations

from io import StringIO

import pytest

from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.core.actor import SYSTEM
from lantern.dataprotection import demo
from lantern.dataprotection.models import ReviewItem
from lantern.reports.demo import EXPIRED_DESCRIPTION
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_queues_one_expired_report_in_the_demo_partnership_once() -> None:
    accounts_demo.seed(out=StringIO())
    out = StringIO()
    demo.seed(out=out)

    report = Report.objects.get(description=EXPIRED_DESCRIPTION)
    assert report.status == Report.Status.CLOSED
    assert report.partnership_id == Partnership.objects.get(name=accounts_demo.EASTMERE).pk
    item = ReviewItem.objects.get(record_class="reports.Report", record_id=report.pk)
    assert item.status == ReviewItem.Status.PENDING
    assert item.rule == "resident_report"
    assert item.partnership_id == report.partnership_id
    assert "queued for the retention review" in out.getvalue()

    events, items = AuditEvent.objects.count(), ReviewItem.objects.count()
    demo.seed(out=StringIO())  # a second run changes nothing
    assert Report.objects.filter(description=EXPIRED_DESCRIPTION).count() == 1
    assert (AuditEvent.objects.count(), ReviewItem.objects.count()) == (events, items)
    assert audit_chain_verify(actor=SYSTEM).ok
