"""An anonymous MS1 (Duty to Notify, Modern Slavery Act 2015 s.52(3)) cannot be linked back to
the person it is about by anything in the database or the audit log: no column of an MS1 (or
of the queue it waits in, or of its audit event) holds a person's, screening's, consent's or
user's id; its times carry no time of day; its audit event comes from the daily batch, on
another day, naming no one; and the batch writes the day's MS1s in a shuffled order, not the
order the screenings met the duty in.

The test knows which MS1 is whose only by the Home Office reference it gave each one (a
number the Home Office issues, which Lantern never joins to anything): that is its oracle."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.forms.models import model_to_dict

from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.safeguarding import selectors, services
from lantern.safeguarding.models import (
    AgeBand,
    Consent,
    DutyRecord,
    Indicator,
    Outcome,
    Purpose,
    QueuedMs1,
    Screening,
)
from lantern.safeguarding.tests.factories import consent, screen

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 10, 14, 7, 31, tzinfo=UTC)
N = 6
INDICATOR_SETS = [
    (Indicator.CONTROLLED,),
    (Indicator.PHONE_CONTROL, Indicator.NO_EARNINGS),
    (Indicator.FEAR, Indicator.NO_ID, Indicator.INSTRUCTED),
    (Indicator.ADVERT_CONTROL,),
    (Indicator.DROP_OFF, Indicator.UNKEMPT),
    (Indicator.NO_PASSPORT, Indicator.ACCOMMODATION),
]


def _columns(record) -> dict[str, object]:
    values = model_to_dict(record)
    values.update({field.attname: getattr(record, field.attname) for field in record._meta.fields})
    return values


def _links_to(value: object, identifiers: set[str]) -> bool:
    text = str(value)
    return any(identifier in text for identifier in identifiers)


def test_nrm_consent_no_join_recovers_the_person_from_an_ms1(actor, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    officer = actor(Role.POLICE_OFFICER)
    screenings: list[Screening] = []
    with time_machine.travel(START, tick=False) as traveller:
        for i in range(N):
            person = people.add(age=25 + i)
            consent(lead, person, Purpose.NRM, given=False)  # she declines the NRM
            screenings.append(
                screen(
                    officer,
                    person,
                    outcome=Outcome.POTENTIAL_VICTIM,
                    indicators=INDICATOR_SETS[i],
                )
            )
            traveller.shift(timedelta(minutes=3, seconds=17))
            outcome = services.duty_to_notify(
                actor=lead,
                screening_id=screenings[i].pk,
                exploitation_type="sexual",
                reference=f"MS1-REF-{i}",
            )
            assert outcome.route == "ms1" and outcome.record is None
            traveller.shift(timedelta(minutes=1, seconds=5))
    met_on = START.date()
    people_ids = {str(s.person_id) for s in screenings}
    identifiers = (
        people_ids
        | {str(s.pk) for s in screenings}
        | {str(c.pk) for c in Consent.objects.all()}
        | {str(lead.user_id), str(officer.user_id)}
    )

    # On the screening: only that the duty was met by an MS1, and the day.
    for s in screenings:
        s.refresh_from_db()
        assert (s.duty_met_by, s.duty_met_on) == ("ms1", met_on)

    # Waiting for the batch: the queue names no one, and holds no time.
    queued = list(QueuedMs1.objects.all())
    assert len(queued) == N and not DutyRecord.objects.exists()
    for item in queued:
        assert not any(_links_to(v, identifiers) for v in _columns(item).values())
        assert {f.name for f in QueuedMs1._meta.fields} == {
            "id",
            "day",
            "partnership",  # the screening's: many people's, so it names no one
            "organisation",
            "exploitation_type",
            "reference",
        }

    # The batch runs on a later day. Choose a seed whose shuffle differs from the order the
    # screenings met the duty in, and check that the batch writes in exactly that order.
    screening_order = [f"MS1-REF-{i}" for i in range(N)]
    queue_order = [item.reference for item in QueuedMs1.objects.order_by("day", "id")]
    seed = next(
        seed
        for seed in range(100)
        if _shuffled(queue_order, seed) not in (screening_order, queue_order)
    )
    expected = _shuffled(queue_order, seed)
    with time_machine.travel(START + timedelta(days=1, hours=-13), tick=False):
        written = services.ms1_batch_write(actor=SYSTEM, through=met_on, rng=random.Random(seed))
    assert written == N and not QueuedMs1.objects.exists()
    events = list(AuditEvent.objects.filter(action=services.MS1_RECORDED).order_by("seq"))
    records = {str(r.pk): r for r in DutyRecord.objects.filter(kind=DutyRecord.Kind.MS1)}
    write_order = [records[e.object_id].reference for e in events]
    assert write_order == expected != screening_order

    # No column of an MS1 equals or holds a person's, screening's, consent's or user's id,
    # the indicators the screening recorded, or a time of day.
    screening_times = {
        t.replace(microsecond=0)
        for s in screenings
        for t in (s.created_at, s.updated_at, s.observed_at)
    }
    for record in records.values():
        columns = _columns(record)
        assert not any(_links_to(v, identifiers) for v in columns.values()), columns
        assert record.person_id is None and record.recorded_by_id is None
        assert record.consent_id is None and record.indicators == []
        for moment in (record.created_at, record.updated_at):
            assert moment.astimezone(UTC).time() == time(0, 0)
            assert moment.date() == met_on and moment not in screening_times

    # The audit log: each MS1's event comes from the batch (the system, on another day),
    # names only the MS1, and shares its second with nothing the screenings did.
    screening_events = AuditEvent.objects.filter(
        object_id__in=[str(s.pk) for s in screenings]
    ) | AuditEvent.objects.filter(action=services.MS1_QUEUED)
    screening_seconds = {e.occurred_at.replace(microsecond=0) for e in screening_events}
    assert screening_events.filter(action=services.MS1_QUEUED).count() == N
    for event in events:
        assert event.actor == "system" and event.details == "{}"
        assert not _links_to(event.object_id + event.details, identifiers)
        assert event.occurred_at.replace(microsecond=0) not in screening_seconds
        assert event.occurred_at.date() > met_on
    for event in screening_events:  # the screening's own events never name an MS1
        assert not _links_to(event.object_id + event.details, set(records))

    # What the safeguarding lead sees lists MS1s by day, then by their random ids.
    listed = selectors.ms1_records(actor=lead)
    assert [str(r.pk) for r in listed] == sorted(records)


def _shuffled(items: list[str], seed: int) -> list[str]:
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def test_nrm_consent_the_daily_batch_writes_only_days_that_are_over(actor, people):
    from lantern.safeguarding.tasks import write_ms1_batch

    lead = actor(Role.SAFEGUARDING_LEAD)
    with time_machine.travel(START, tick=False):
        person = people.add(age=30)
        screening = screen(lead, person, outcome=Outcome.POTENTIAL_VICTIM)
        services.duty_to_notify(actor=lead, screening_id=screening.pk)
        write_ms1_batch.enqueue()  # today's MS1s wait for the day to end
        assert QueuedMs1.objects.count() == 1 and not DutyRecord.objects.exists()
    with time_machine.travel(START + timedelta(days=1), tick=False):
        write_ms1_batch.enqueue()
        write_ms1_batch.enqueue()  # a second run finds nothing
    assert not QueuedMs1.objects.exists()
    record = DutyRecord.objects.get()
    assert record.kind == DutyRecord.Kind.MS1 and record.created_at.date() == START.date()
    assert selectors.ms1_queued(actor=lead) == 0


def test_a_screening_of_unknown_age_records_the_s51_judgement(actor, people):
    from lantern.core.errors import ValidationFailed

    lead, person = actor(Role.SAFEGUARDING_LEAD), people.add(age=None)
    with pytest.raises(ValidationFailed) as refused:
        services.screening_record(
            actor=lead,
            person_id=person,
            observed_at=START,
            context="Larkspur Row",
            indicators=[],
            age_band=AgeBand.UNKNOWN,
            outcome=Outcome.CONCERN,
        )
    assert set(refused.value.errors) == {"may_be_under_18", "may_be_under_18_reason"}
