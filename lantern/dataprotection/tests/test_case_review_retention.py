"""ASB Case Review applications at the end of their retention: reviewed from the outcome
letter, never while the review runs (issue 23; docs/data-protection.md, "What goes with a
case")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services
from lantern.cases.models import CaseReview
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db

LABEL = "cases.CaseReview"
STATEMENT = "The noise from Pellucid Yard goes on every night."
LETTER = "We met with the police about Pellucid Yard."


@pytest.fixture
def apply(resident, make_report):
    for days in (20, 10, 2):
        make_report(category="noise", days_ago=days)

    def make() -> CaseReview:
        return services.case_review_apply(actor=resident, statement=STATEMENT)

    return make


def _closed(officer, review: CaseReview, *, years: int = 7) -> CaseReview:
    services.case_review_decide(
        actor=officer, review_id=review.pk, threshold_met=False, reason="Not enough reports."
    )
    services.case_review_outcome(actor=officer, review_id=review.pk, letter=LETTER)
    sent = clock.now().date() - timedelta(days=years * 365)
    CaseReview.objects.filter(pk=review.pk).update(outcome_sent_on=sent)
    review.refresh_from_db()
    return review


def _queued() -> list[ReviewItem]:
    return list(ReviewItem.objects.filter(record_class=LABEL))


def test_an_application_is_queued_six_years_after_its_outcome_letter(officer, apply) -> None:
    old = _closed(officer, apply())
    _closed(officer, apply(), years=5)
    running = apply()  # still being decided, however old
    CaseReview.objects.filter(pk=running.pk).update(
        created_at=clock.now() - timedelta(days=8 * 365),
        updated_at=clock.now() - timedelta(days=8 * 365),
    )
    retention_queue_refresh(actor=SYSTEM)
    queued = _queued()
    assert [item.record_id for item in queued] == [old.pk]
    assert queued[0].rule == "partnership_casework"
    assert queued[0].label == old.reference


def test_disposal_deletes_the_application_and_keeps_its_reports(officer, apply, dpo) -> None:
    review = _closed(officer, apply())
    assert review.outcome_pdf
    reports = list(review.report_ids)
    assert reports
    retention_queue_refresh(actor=SYSTEM)
    (item,) = _queued()
    retention_decide(actor=dpo, item_id=item.pk, kind="dispose")
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None

    run = retention_dispose(actor=dpo)
    assert [d["record_class"] for d in run.disposed] == [LABEL]
    assert not CaseReview.objects.filter(pk=review.pk).exists()
    assert Report.objects.filter(pk__in=reports).count() == len(reports)
    assert Tombstone.objects.filter(record_id=review.pk, rule="partnership_casework").exists()
    written = AuditEvent.objects.filter(seq__gt=first.seq)
    assert json.loads(written.get(action="case_review.disposed").details) == {}
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    assert "Pellucid" not in text
    assert audit_chain_verify(actor=SYSTEM).ok
    assert retention_dispose(actor=dpo).disposed == []


def test_a_hold_stops_the_disposal_and_disposing_twice_is_a_no_op(officer, apply, dpo) -> None:
    review = _closed(officer, apply())
    retention_queue_refresh(actor=SYSTEM)
    (item,) = _queued()
    retention_decide(actor=dpo, item_id=item.pk, kind="dispose")

    def held(model_label, record_ids):
        return dict.fromkeys(record_ids, "a test hold") if model_label == LABEL else {}

    processing.register_hold_provider("case-review-test", held)
    try:
        run = retention_dispose(actor=dpo)
    finally:
        processing.unregister_hold_provider("case-review-test")
    assert run.disposed == []
    assert [h["holds"] for h in run.held] == [["a test hold"]]
    assert CaseReview.objects.filter(pk=review.pk).exists()

    subject = processing.retention_subject(LABEL)
    assert subject is not None
    assert subject.dispose(SYSTEM, review.pk) is not None
    assert subject.dispose(SYSTEM, review.pk) is None
