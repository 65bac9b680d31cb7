"""A disposal run never disposes of a record under a hold (issue 23, "Bad input"): random
records with random ages, random holds from a registered provider, every due record decided
for disposal, a run at a random date. The records are an in-memory record class registered
as a retention subject, so each example is cheap; the queue, decisions, holds and disposal
run are the real services."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lantern.core import clock, processing
from lantern.core.actor import SYSTEM
from lantern.core.processing import Candidate, Disposal, RecordClass, RetentionSubject, gdpr
from lantern.dataprotection.models import Decision, ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)

MODEL = "tests.HeldRecord"
PERIOD_DAYS = 6 * 365


class Store:
    def __init__(self) -> None:
        self.records: dict[uuid.UUID, object] = {}
        self.held: dict[uuid.UUID, str] = {}

    def candidates(self, started_by):
        for record_id, clock_start in self.records.items():
            if clock_start <= started_by:
                yield Candidate(record_id, None, clock_start)

    def dispose(self, _actor, record_id):
        if self.records.pop(record_id, None) is None:
            return None
        return Disposal(rows=1)

    def holds(self, model_label, record_ids):
        if model_label != MODEL:
            return {}
        return {rid: self.held[rid] for rid in record_ids if rid in self.held}


@pytest.fixture
def store():
    store = Store()
    processing._DECLARED[MODEL] = RecordClass(
        model=MODEL,
        name="A held record",
        personal_data=True,
        data="test",
        processing=(gdpr("test"),),
        retention="resident_report",
    )
    processing.register_retention_subject(
        RetentionSubject(model=MODEL, candidates=store.candidates, dispose=store.dispose)
    )
    processing.register_hold_provider("property-test", store.holds)
    yield store
    processing.unregister_hold_provider("property-test")
    processing._SUBJECTS.pop(MODEL, None)
    processing._DECLARED.pop(MODEL, None)


records = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=12 * 365),  # age of the record's clock, in days
        st.sampled_from([None, "an open case", "a pending appeal", "a subject access request"]),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=records, run_after_days=st.integers(min_value=0, max_value=3 * 365))
# Due on the very day of the run (the boundary a first version got wrong), held and not.
@example(records=[(PERIOD_DAYS - 1, None), (PERIOD_DAYS - 1, "an open case")], run_after_days=1)
def test_a_disposal_run_never_disposes_of_a_held_record(store, records, run_after_days) -> None:
    Tombstone.objects.all().delete()
    Decision.objects.all().delete()
    ReviewItem.objects.all().delete()
    store.records.clear()
    store.held.clear()
    now = clock.now()
    ages = {}
    for age_days, hold in records:
        record_id = uuid.uuid4()
        store.records[record_id] = now - timedelta(days=age_days)
        ages[record_id] = age_days
        if hold:
            store.held[record_id] = hold
    before = dict(store.records)

    run_at = now + timedelta(days=run_after_days)
    retention_queue_refresh(actor=SYSTEM, now=run_at)
    for item in ReviewItem.objects.filter(record_class=MODEL):
        retention_decide(actor=SYSTEM, item_id=item.pk, kind="dispose")
    run = retention_dispose(actor=SYSTEM, now=run_at)

    for record_id in before:
        due = ages[record_id] + run_after_days >= PERIOD_DAYS
        if record_id in store.held:
            assert record_id in store.records, "a held record was disposed of"
            assert not Tombstone.objects.filter(record_id=record_id).exists()
        elif due:
            assert record_id not in store.records
            assert Tombstone.objects.filter(record_id=record_id).exists()
        else:
            assert record_id in store.records
    assert {d["record_id"] for d in run.held} == {
        str(r) for r in before if r in store.held and ages[r] + run_after_days >= PERIOD_DAYS
    }
