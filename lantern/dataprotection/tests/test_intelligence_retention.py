"""Intelligence reports at the end of their review period (MoPI group 3, confirm locally):
what goes with a report, and what holds it (issue 23; docs/data-protection.md,
"Intelligence reports")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)
from lantern.intelligence import services
from lantern.intelligence.models import Entity, IntelligenceReport, Link, SourceRecord
from lantern.intelligence.services import SourceIn, tasking
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE

pytestmark = pytest.mark.django_db

SEVEN_YEARS = timedelta(days=7 * 365)
TEXT = "Jay hands packages through car windows by the garages"


@pytest.fixture
def handler(make_user):
    return actor_of(make_user(Role.SOURCE_HANDLER))


@pytest.fixture
def analyst(make_user):
    return actor_of(make_user(Role.ANALYST))


def _old_report(handler, *, age: timedelta = SEVEN_YEARS):
    jay = services.entity_create(actor=handler, schema="person", caption="Jay Controller")
    phone = services.entity_create(actor=handler, schema="phone", value="07700 900123")
    report = services.report_record(
        actor=handler,
        text=TEXT,
        grading=C_GRADE,
        mentions=[jay.pk],
        source=SourceIn("DSU-77", "Real name of the source"),
    )
    services.link_add(
        actor=handler,
        link_type="uses_phone",
        source_id=jay.pk,
        target_id=phone.pk,
        report_id=report.pk,
    )
    IntelligenceReport.objects.filter(pk=report.pk).update(updated_at=clock.now() - age)
    return report, jay


def _decide_all(dpo) -> None:
    retention_queue_refresh(actor=SYSTEM)
    for item in ReviewItem.objects.filter(
        record_class="intelligence.IntelligenceReport", status=ReviewItem.Status.PENDING
    ):
        retention_decide(actor=dpo, item_id=item.pk, kind="dispose")


def test_reports_past_six_years_are_queued_under_mopi_group_3(handler) -> None:
    old, _ = _old_report(handler)
    _old_report(handler, age=timedelta(days=30))
    assert retention_queue_refresh(actor=SYSTEM) == {"intelligence.IntelligenceReport": 1}
    item = ReviewItem.objects.get(record_class="intelligence.IntelligenceReport")
    assert (item.record_id, item.rule, item.label) == (old.pk, "mopi_group_3", old.reference)


def test_disposal_takes_the_report_its_source_and_links_and_leaves_the_entities(
    handler, dpo
) -> None:
    report, jay = _old_report(handler)
    kept = services.report_record(actor=handler, text="Other", grading=P_GRADE, mentions=[jay.pk])
    _decide_all(dpo)
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None

    run = retention_dispose(actor=dpo)
    assert [d["record_id"] for d in run.disposed] == [str(report.pk)]
    assert not IntelligenceReport.objects.filter(pk=report.pk).exists()
    assert not SourceRecord.objects.filter(report_id=report.pk).exists()
    assert not Link.objects.filter(report_id=report.pk).exists()
    assert Entity.objects.filter(pk=jay.pk).exists()
    assert set(kept.mentions.all()) == {jay}
    assert Tombstone.objects.filter(record_id=report.pk, rule="mopi_group_3").exists()

    written = AuditEvent.objects.filter(seq__gt=first.seq)
    assert "intelligence_report.disposed" in {e.action for e in written}
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    for value in ("Jay", "Real name", "DSU-77", report.reference, "07700"):
        assert value not in text
    assert audit_chain_verify(actor=SYSTEM).ok
    subject = processing.retention_subject("intelligence.IntelligenceReport")
    assert subject is not None and subject.dispose(SYSTEM, report.pk) is None


def test_an_open_tasking_action_on_a_subject_it_mentions_holds_it(
    handler, analyst, officer, dpo
) -> None:
    report, jay = _old_report(handler)
    _decide_all(dpo)
    action = tasking.tasking_add(
        actor=analyst,
        profile_kind="subject",
        action="Check the phone's subscriber",
        owner_id=officer.user_id,
        due_on=clock.now().date() + timedelta(days=7),
        entity_id=jay.pk,
    )
    run = retention_dispose(actor=dpo)
    assert run.disposed == []
    assert run.held[0]["holds"] == ["an open tasking action on a subject it mentions"]

    tasking.tasking_complete(actor=officer, action_id=action.pk, note="Done")
    assert [d["record_id"] for d in retention_dispose(actor=dpo).disposed] == [str(report.pk)]
