"""Outreach contacts at the end of their retention: reviewed on their own, from their last
change (issue 23; docs/data-protection.md, "Safeguarding records")."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services as case_services
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)
from lantern.safeguarding import services
from lantern.safeguarding.models import OutreachContact, Referral
from lantern.safeguarding.tests.factories import refer_to_childrens_services

pytestmark = pytest.mark.django_db

SEVEN_YEARS = timedelta(days=7 * 365)
LABEL = "safeguarding.OutreachContact"
AREA = "Quillon Passage"


@pytest.fixture
def worker(make_user):
    return actor_of(make_user(Role.SUPPORT_WORKER))


def _contact(worker, *, age: timedelta = SEVEN_YEARS) -> OutreachContact:
    contact = services.outreach_contact_log(
        actor=worker, contacted_on=clock.now().date(), area=AREA, support=["welfare"]
    )
    OutreachContact.objects.filter(pk=contact.pk).update(updated_at=clock.now() - age)
    return contact


def _queued() -> list[ReviewItem]:
    return list(ReviewItem.objects.filter(record_class=LABEL))


def test_a_contact_is_queued_six_years_after_its_last_change(worker) -> None:
    old = _contact(worker)
    _contact(worker, age=timedelta(days=5 * 365))
    retention_queue_refresh(actor=SYSTEM)
    queued = _queued()
    assert [item.record_id for item in queued] == [old.pk]
    assert queued[0].rule == "safeguarding_record"
    assert queued[0].label.startswith("Outreach contact of ")
    assert AREA not in queued[0].label


def test_disposal_deletes_the_contact_leaves_a_tombstone_and_the_chain_verifies(
    worker, dpo
) -> None:
    contact = _contact(worker)
    retention_queue_refresh(actor=SYSTEM)
    (item,) = _queued()
    retention_decide(actor=dpo, item_id=item.pk, kind="dispose")
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None

    run = retention_dispose(actor=dpo)
    assert [d["record_class"] for d in run.disposed] == [LABEL]
    assert not OutreachContact.objects.filter(pk=contact.pk).exists()
    assert Tombstone.objects.filter(record_id=contact.pk, rule="safeguarding_record").exists()
    written = AuditEvent.objects.filter(seq__gt=first.seq)
    disposed = written.get(action="outreach_contact.disposed")
    assert json.loads(disposed.details) == {}
    assert AREA not in json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    assert audit_chain_verify(actor=SYSTEM).ok
    assert retention_dispose(actor=dpo).disposed == []


def test_a_hold_stops_the_disposal(worker, dpo) -> None:
    contact = _contact(worker)
    retention_queue_refresh(actor=SYSTEM)
    (item,) = _queued()
    retention_decide(actor=dpo, item_id=item.pk, kind="dispose")

    def held(model_label, record_ids):
        return dict.fromkeys(record_ids, "a test hold") if model_label == LABEL else {}

    processing.register_hold_provider("outreach-test", held)
    try:
        run = retention_dispose(actor=dpo)
    finally:
        processing.unregister_hold_provider("outreach-test")
    assert run.disposed == []
    assert [h["holds"] for h in run.held] == [["a test hold"]]
    assert OutreachContact.objects.filter(pk=contact.pk).exists()


def test_disposing_twice_is_a_no_op_and_a_referral_goes_without_its_contacts(
    worker, officer, make_user
) -> None:
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    contact = _contact(worker)
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Outreach")
    )
    person = case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role="potential_victim_of_exploitation",
        data=case_services.PersonInput(given_name="Wren", date_of_birth=date(2010, 1, 1)),
    ).person
    assert person is not None
    referral = refer_to_childrens_services(lead, person.pk)
    kept = _contact(worker, age=timedelta(0))
    OutreachContact.objects.filter(pk__in=[contact.pk, kept.pk]).update(referral=referral)

    subject = processing.retention_subject(LABEL)
    assert subject is not None
    assert subject.dispose(SYSTEM, contact.pk) is not None
    assert subject.dispose(SYSTEM, contact.pk) is None

    referrals = processing.retention_subject("safeguarding.Referral")
    assert referrals is not None
    assert referrals.dispose(SYSTEM, referral.pk) is not None
    assert not Referral.objects.filter(pk=referral.pk).exists()
    kept.refresh_from_db()
    assert kept.referral_id is None
