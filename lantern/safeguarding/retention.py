"""Reviewing and disposing of safeguarding records by time (issue 23, docs/data-protection.md,
"Safeguarding records").

Screenings, reviews, consents and referrals are kept under the rule ``safeguarding_record``
(six years, confirm locally) from the last change. A person's safeguarding records are
reviewed together: the clock of each starts at the last change to any safeguarding record
about the same person (a screening is not reviewed while the referral it led to is recent).
A person one of whose cases holds its records (an open case, a pending appeal or
prosecution) has no candidates; the hold provider in ``processing.py`` says the same at the
disposal, with the other holds: a screening recorded on a case that holds, a consent or a
referral a Duty to Notify record relies on (it goes once the Duty to Notify record has gone),
a subject access request in progress.

Duty to Notify records (Modern Slavery Act 2015 s.52) are kept under the same rule. An NRM
referral names its person and is reviewed with the person's other safeguarding records. An
anonymous MS1 names nobody and is linked to nothing (s.52(3)): it is reviewed on its own
clock, its last change (midnight of the day it was made), and no person's records or cases
hold it; its review item and its disposal name only the record and its day, as its own
audit event did.

Disposal deletes the record; a record that pointed at it (a review at its screening, a
referral at the consent it was made under, an outreach contact at the referral it was part
of) keeps its own content and loses only the pointer.

Outreach contacts (a support agency's log: a date, an area, what was offered, no names) are
reviewed on their own, under ``safeguarding_record`` from their own last change: they are
about no person, so no person's records or cases hold them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db.models import Max, Model
from django.utils import timezone

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.processing import Candidate, Disposal, case_holds, person_case_holds
from lantern.safeguarding.models import (
    Consent,
    DutyRecord,
    OutreachContact,
    Referral,
    Review,
    Screening,
)

RELIED_ON_BY_DUTY = "a Duty to Notify record relies on it"

# The record classes reviewed by time: label, model, object type, audit action.
SUBJECTS: dict[str, tuple[type[Model], str, str]] = {
    "safeguarding.Screening": (
        Screening,
        "screening",
        catalogue.declare(
            "screening.disposed",
            "A safeguarding screening was disposed of at the end of its retention; details"
            " are empty (the tombstone names the rule).",
        ),
    ),
    "safeguarding.Review": (
        Review,
        "safeguarding_review",
        catalogue.declare(
            "safeguarding_review.disposed",
            "A safeguarding review was disposed of at the end of its retention; details are"
            " empty (the tombstone names the rule).",
        ),
    ),
    "safeguarding.Consent": (
        Consent,
        "consent",
        catalogue.declare(
            "consent.disposed",
            "A consent record was disposed of at the end of its retention; details are empty"
            " (the tombstone names the rule).",
        ),
    ),
    "safeguarding.Referral": (
        Referral,
        "referral",
        catalogue.declare(
            "referral.disposed",
            "A safeguarding referral was disposed of at the end of its retention; details are"
            " empty (the tombstone names the rule).",
        ),
    ),
    "safeguarding.DutyRecord": (
        DutyRecord,
        "duty_record",
        catalogue.declare(
            "duty_record.disposed",
            "A Duty to Notify record (an NRM referral or an anonymous MS1) was disposed of at"
            " the end of its retention; details are empty (the tombstone names the rule).",
        ),
    ),
}
_ALL = (Screening, Review, Consent, Referral, DutyRecord)


def last_changes(person_ids: Sequence[uuid.UUID] | None = None) -> dict[uuid.UUID, datetime]:
    """The last change to any safeguarding record about each person."""
    latest: dict[uuid.UUID, datetime] = {}
    for model in _ALL:
        rows = model._default_manager.filter(person_id__isnull=False)
        if person_ids is not None:
            rows = rows.filter(person_id__in=person_ids)
        for person_id, changed in (
            rows.values("person_id")
            .annotate(last=Max("updated_at"))
            .values_list("person_id", "last")
        ):
            if person_id is not None and changed is not None:
                latest[person_id] = max(changed, latest.get(person_id, changed))
    return latest


def candidates_of(model_label: str) -> Callable[[datetime], Iterator[Candidate]]:
    model = SUBJECTS[model_label][0]

    def candidates(started_by: datetime) -> Iterator[Candidate]:
        quiet = {p: t for p, t in last_changes().items() if t <= started_by}
        for person_id in person_case_holds(sorted(quiet)):
            quiet.pop(person_id, None)  # a person with an open case: not reviewed
        rows = model._default_manager.filter(person_id__in=sorted(quiet)).values_list(
            "pk", "partnership_id", "person_id"
        )
        for record_id, partnership_id, person_id in rows.iterator():
            yield Candidate(record_id, partnership_id, quiet[person_id])
        if model is DutyRecord:  # an anonymous MS1: its own clock, no person
            ms1s = DutyRecord.objects.filter(
                kind=DutyRecord.Kind.MS1, person_id__isnull=True, updated_at__lte=started_by
            ).values_list("pk", "partnership_id", "updated_at")
            for record_id, partnership_id, changed in ms1s.iterator():
                yield Candidate(record_id, partnership_id, changed)

    return candidates


def describe_of(model_label: str) -> Callable[[uuid.UUID], str]:
    model = SUBJECTS[model_label][0]
    name = "Duty to Notify record" if model is DutyRecord else str(model._meta.verbose_name)
    name = name[0].upper() + name[1:]

    def describe(record_id: uuid.UUID) -> str:
        """The kind of record and the day it was made: no personal data."""
        made = (
            model._default_manager.filter(pk=record_id).values_list("created_at", flat=True).first()
        )
        if made is None:
            return ""
        return f"{name} of {timezone.localdate(made):%-d %B %Y}"

    return describe


def dispose_of(model_label: str) -> Callable[[Any, uuid.UUID], Disposal | None]:
    model, object_type, action = SUBJECTS[model_label]

    def dispose(actor: Any, record_id: uuid.UUID) -> Disposal | None:
        if not model._default_manager.filter(pk=record_id).exists():
            return None
        if model is Screening:
            Review.objects.filter(screening_id=record_id).update(screening=None)
        if model is Consent:
            Referral.objects.filter(consent_id=record_id).update(consent=None)
        if model is Referral:
            OutreachContact.objects.filter(referral_id=record_id).update(referral=None)
        rows = model._default_manager.filter(pk=record_id).delete()[0]
        audit_record(actor=actor, action=action, object_type=object_type, object_id=record_id)
        return Disposal(rows=rows)

    return dispose


# --- outreach contacts ---------------------------------------------------------------------
OUTREACH_MODEL = "safeguarding.OutreachContact"
OUTREACH_DISPOSED = catalogue.declare(
    "outreach_contact.disposed",
    "An outreach contact was disposed of at the end of its retention; details are empty (the"
    " tombstone names the rule).",
)


def outreach_candidates(started_by: datetime) -> Iterator[Candidate]:
    """Outreach contacts whose last change is at or before ``started_by``."""
    rows = OutreachContact.objects.filter(updated_at__lte=started_by).values_list(
        "pk", "partnership_id", "updated_at"
    )
    for record_id, partnership_id, changed in rows.iterator():
        yield Candidate(record_id, partnership_id, changed)


def outreach_describe(record_id: uuid.UUID) -> str:
    """The kind of record and the day of the contact: no personal data."""
    day = (
        OutreachContact.objects.filter(pk=record_id).values_list("contacted_on", flat=True).first()
    )
    return "" if day is None else f"Outreach contact of {day:%-d %B %Y}"


def outreach_dispose(actor: Any, record_id: uuid.UUID) -> Disposal | None:
    rows = OutreachContact.objects.filter(pk=record_id).delete()[0]
    if not rows:
        return None
    audit_record(
        actor=actor,
        action=OUTREACH_DISPOSED,
        object_type="outreach_contact",
        object_id=record_id,
    )
    return Disposal(rows=rows)


def record_holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Holds on safeguarding records: the person's cases, the case a screening was recorded
    on, and the Duty to Notify records that rely on a consent or a referral."""
    if model_label not in SUBJECTS or not record_ids:
        return {}
    model = SUBJECTS[model_label][0]
    held: dict[uuid.UUID, str] = {}
    if model is Consent:
        relied = DutyRecord.objects.filter(consent_id__in=record_ids).values_list(
            "consent_id", flat=True
        )
        held.update(dict.fromkeys({r for r in relied if r}, RELIED_ON_BY_DUTY))
    if model is Referral:
        relied = DutyRecord.objects.filter(childrens_referral_id__in=record_ids).values_list(
            "childrens_referral_id", flat=True
        )
        held.update(dict.fromkeys({r for r in relied if r}, RELIED_ON_BY_DUTY))
    if model is Screening:
        pairs = list(
            Screening.objects.filter(pk__in=record_ids, case_id__isnull=False).values_list(
                "pk", "case_id"
            )
        )
        by_case = case_holds(sorted({c for _, c in pairs if c}))
        for record_id, case_id in pairs:
            if case_id in by_case:
                held.setdefault(record_id, by_case[case_id])
    person_of = dict(
        model._default_manager.filter(pk__in=record_ids).values_list("pk", "person_id")
    )
    # An MS1 has no person: nothing of a person holds it.
    by_person = person_case_holds(sorted({p for p in person_of.values() if p is not None}))
    for record_id, person_id in person_of.items():
        if person_id in by_person:
            held.setdefault(record_id, by_person[person_id])
    return held
