"""Duty to Notify records at the end of their retention: an NRM referral with its person's
safeguarding records, an anonymous MS1 on its own clock (issue 23; docs/data-protection.md,
"Safeguarding records")."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services as case_services
from lantern.cases.models import Person
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)
from lantern.safeguarding import services
from lantern.safeguarding.models import Consent, DutyRecord, Outcome, Purpose, Screening
from lantern.safeguarding.tests.factories import consent, screen

pytestmark = pytest.mark.django_db

SEVEN_YEARS = timedelta(days=7 * 365)
LABEL = "safeguarding.DutyRecord"
MARK = "Tamsin Vellacott"


@pytest.fixture
def lead(make_user):
    return actor_of(make_user(Role.SAFEGUARDING_LEAD))


def _person(officer, *, close: bool = True) -> Person:
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title=MARK)
    )
    person = case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role="potential_victim_of_exploitation",
        data=case_services.PersonInput(
            given_name="Tamsin", family_name="Vellacott", date_of_birth=date(1990, 2, 3)
        ),
    ).person
    assert person is not None
    if close:
        case_services.case_close(actor=officer, case_id=case.pk, reason="Resolved")
    return person


def _age(person_id, age: timedelta = SEVEN_YEARS) -> None:
    long_ago = clock.now() - age
    for model in (Screening, Consent, DutyRecord):
        model.objects.filter(person_id=person_id).update(updated_at=long_ago)


def _nrm(officer, lead, person: Person) -> DutyRecord:
    screening = screen(lead, person.pk, outcome=Outcome.POTENTIAL_VICTIM)
    consent(lead, person.pk, Purpose.NRM)
    record = services.duty_to_notify(
        actor=lead, screening_id=screening.pk, reference=MARK[:20]
    ).record
    assert record is not None and record.consent_id is not None
    return record


def _ms1(officer, lead, *, age: timedelta = SEVEN_YEARS) -> DutyRecord:
    person = _person(officer)
    screening = screen(lead, person.pk, outcome=Outcome.POTENTIAL_VICTIM)
    services.duty_to_notify(actor=lead, screening_id=screening.pk, reference=MARK[:20])
    before = set(DutyRecord.objects.values_list("pk", flat=True))
    services.ms1_batch_write(actor=SYSTEM, through=clock.now().date())
    (record,) = DutyRecord.objects.exclude(pk__in=before)
    DutyRecord.objects.filter(pk=record.pk).update(updated_at=clock.now() - age)
    return record


def _queued() -> list[ReviewItem]:
    return list(ReviewItem.objects.filter(record_class=LABEL))


def test_nrm_referrals_follow_their_person_and_ms1s_their_own_clock(officer, lead) -> None:
    quiet = _person(officer)
    nrm = _nrm(officer, lead, quiet)
    _age(quiet.pk)
    busy = _person(officer)
    _nrm(officer, lead, busy)
    _age(busy.pk)
    Consent.objects.filter(person_id=busy.pk).update(updated_at=clock.now())  # recent
    open_case = _person(officer, close=False)
    _nrm(officer, lead, open_case)
    _age(open_case.pk)
    old_ms1 = _ms1(officer, lead)
    _ms1(officer, lead, age=timedelta(days=5 * 365))

    retention_queue_refresh(actor=SYSTEM)
    queued = {item.record_id: item for item in _queued()}
    assert set(queued) == {nrm.pk, old_ms1.pk}
    for item in queued.values():
        assert item.rule == "safeguarding_record"
        assert item.label.startswith("Duty to Notify record of ")
        assert MARK not in item.label and "Tamsin" not in item.label


def test_disposal_deletes_the_records_and_the_consent_goes_once_the_nrm_has(
    officer, lead, dpo
) -> None:
    person = _person(officer)
    nrm = _nrm(officer, lead, person)
    _age(person.pk)
    ms1 = _ms1(officer, lead)
    retention_queue_refresh(actor=SYSTEM)
    for item in ReviewItem.objects.filter(status=ReviewItem.Status.PENDING):
        retention_decide(actor=dpo, item_id=item.pk, kind="dispose")
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None

    run = retention_dispose(actor=dpo)
    disposed = {d["record_class"] for d in run.disposed}
    assert LABEL in disposed
    for record in (nrm, ms1):
        assert not DutyRecord.objects.filter(pk=record.pk).exists()
        assert Tombstone.objects.filter(record_id=record.pk, rule="safeguarding_record").exists()
    # The NRM consent it relied on was held while it stood; it goes at the latest next run.
    retention_dispose(actor=dpo)
    assert not Consent.objects.filter(person_id=person.pk).exists()

    written = AuditEvent.objects.filter(seq__gt=first.seq)
    duty_events = written.filter(action="duty_record.disposed")
    assert {e.object_id for e in duty_events} == {str(nrm.pk), str(ms1.pk)}
    assert all(json.loads(e.details) == {} for e in duty_events)
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    for value in (MARK, "Tamsin", "Vellacott", str(person.pk)):
        assert value not in text
    assert audit_chain_verify(actor=SYSTEM).ok
    assert retention_dispose(actor=dpo).disposed == []


def test_a_hold_stops_the_disposal_and_disposing_twice_is_a_no_op(officer, lead, dpo) -> None:
    ms1 = _ms1(officer, lead)
    retention_queue_refresh(actor=SYSTEM)
    item = ReviewItem.objects.get(record_class=LABEL, record_id=ms1.pk)
    retention_decide(actor=dpo, item_id=item.pk, kind="dispose")

    def held(model_label, record_ids):
        return dict.fromkeys(record_ids, "a test hold") if model_label == LABEL else {}

    processing.register_hold_provider("duty-test", held)
    try:
        run = retention_dispose(actor=dpo)
    finally:
        processing.unregister_hold_provider("duty-test")
    assert [h["holds"] for h in run.held if h["record_class"] == LABEL] == [["a test hold"]]
    assert DutyRecord.objects.filter(pk=ms1.pk).exists()
    # Nothing of a person or a case holds an anonymous MS1.
    assert processing.holds(LABEL, [ms1.pk]) == {}

    subject = processing.retention_subject(LABEL)
    assert subject is not None
    assert subject.dispose(SYSTEM, ms1.pk) is not None
    assert subject.dispose(SYSTEM, ms1.pk) is None
