"""Safeguarding records at the end of their retention: reviewed together per person, never
while one of the person's cases holds its records (issue 23; docs/data-protection.md,
"Safeguarding records")."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services as case_services
from lantern.cases.models import Case, Person
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)
from lantern.safeguarding.models import Consent, Review, Screening
from lantern.safeguarding.tests.factories import consent, review, screen

pytestmark = pytest.mark.django_db

SEVEN_YEARS = timedelta(days=7 * 365)
CLASSES = ("safeguarding.Consent", "safeguarding.Review", "safeguarding.Screening")


@pytest.fixture
def lead(make_user):
    return actor_of(make_user(Role.SAFEGUARDING_LEAD))


def _person_on_a_case(officer, *, close: bool = True) -> tuple[Case, Person]:
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Larkspur Row")
    )
    person = case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role="potential_victim_of_exploitation",
        data=case_services.PersonInput(
            given_name="Wren", family_name="Testwright", date_of_birth=date(1994, 5, 6)
        ),
    ).person
    assert person is not None
    if close:
        case_services.case_close(actor=officer, case_id=case.pk, reason="Resolved")
    return case, person


def _records(lead, person: Person, *, age: timedelta = SEVEN_YEARS):
    screening = screen(lead, person.pk)
    lead_review = review(lead, person.pk)
    agreed = consent(lead, person.pk)
    long_ago = clock.now() - age
    for model in (Screening, Review, Consent):
        model.objects.filter(person_id=person.pk).update(updated_at=long_ago)
    return screening, lead_review, agreed


def _queued() -> dict[str, int]:
    found: dict[str, int] = {}
    for label in ReviewItem.objects.values_list("record_class", flat=True):
        if label.startswith("safeguarding."):
            found[label] = found.get(label, 0) + 1
    return found


def _decide_all(dpo) -> None:
    for item in ReviewItem.objects.filter(
        record_class__startswith="safeguarding.", status=ReviewItem.Status.PENDING
    ):
        retention_decide(actor=dpo, item_id=item.pk, kind="dispose")


def test_a_persons_records_are_queued_together_after_six_quiet_years(officer, lead) -> None:
    _, person = _person_on_a_case(officer)
    screening, _, _ = _records(lead, person)
    _, other = _person_on_a_case(officer)
    _records(lead, other)
    # One recent change to any of the other person's records keeps all of theirs off.
    Consent.objects.filter(person_id=other.pk).update(updated_at=clock.now())

    retention_queue_refresh(actor=SYSTEM)
    assert _queued() == dict.fromkeys(CLASSES, 1)
    item = ReviewItem.objects.get(record_class="safeguarding.Screening")
    assert item.record_id == screening.pk
    assert item.rule == "safeguarding_record"
    assert item.label.startswith("Screening of ")
    assert "Wren" not in item.label


def test_a_person_with_an_open_case_is_not_reviewed(officer, lead) -> None:
    _, person = _person_on_a_case(officer, close=False)
    _records(lead, person)
    retention_queue_refresh(actor=SYSTEM)
    assert _queued() == {}


def test_disposal_removes_the_records_and_a_later_open_case_holds_them(officer, lead, dpo) -> None:
    _, person = _person_on_a_case(officer)
    screening, lead_review, agreed = _records(lead, person)
    retention_queue_refresh(actor=SYSTEM)
    _decide_all(dpo)

    # The person is linked to a new, open case before the run: everything is held.
    reopened = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Again")
    )
    case_services.person_link_existing(
        actor=officer, case_id=reopened.pk, person_id=person.pk, role="victim"
    )
    held = retention_dispose(actor=dpo)
    assert held.disposed == []
    assert {tuple(h["holds"]) for h in held.held} == {("an open case",)}
    assert Screening.objects.filter(pk=screening.pk).exists()

    case_services.case_close(actor=officer, case_id=reopened.pk, reason="Resolved")
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None
    run = retention_dispose(actor=dpo)
    assert sorted(d["record_class"] for d in run.disposed) == sorted(CLASSES)
    for model, record in ((Screening, screening), (Review, lead_review), (Consent, agreed)):
        assert not model.objects.filter(pk=record.pk).exists()
        assert Tombstone.objects.filter(record_id=record.pk, rule="safeguarding_record").exists()
    # The person record stays with casework (its own rule); nothing holds it any longer.
    assert Person.objects.filter(pk=person.pk).exists()
    assert processing.holds("cases.Person", [person.pk]) == {}

    written = AuditEvent.objects.filter(seq__gt=first.seq)
    assert {"screening.disposed", "safeguarding_review.disposed", "consent.disposed"} <= {
        e.action for e in written
    }
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    for value in ("Wren", "Testwright", "Larkspur", screening.context, agreed.explanation):
        assert value not in text
    assert audit_chain_verify(actor=SYSTEM).ok
    assert retention_dispose(actor=dpo).disposed == []


def test_disposing_twice_is_a_no_op(officer, lead) -> None:
    _, person = _person_on_a_case(officer)
    screening, lead_review, _ = _records(lead, person)
    assert lead_review.screening_id == screening.pk  # the review covers the screening
    subject = processing.retention_subject("safeguarding.Screening")
    assert subject is not None
    assert subject.dispose(SYSTEM, screening.pk) is not None
    assert subject.dispose(SYSTEM, screening.pk) is None
    # The review it led to stays, without the pointer.
    lead_review.refresh_from_db()
    assert lead_review.screening_id is None
