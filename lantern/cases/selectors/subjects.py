"""People and vehicles, as the actor may see them: a person or vehicle by those who may see a
case it is linked to (a case shared with their partnership included), or (a person of their
partnership) who belong to the organisation that recorded it. Reading one person is an
access event (criminal-offence data, UK GDPR Art. 10); reading a vehicle is logged too
(what organisations hold about it may be personal data; selectors/facts.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.accounts.selectors import in_scope, scope_q
from lantern.audit.services import audit_access, audit_access_list
from lantern.cases.models import Case, EnforcementAction, Person, Vehicle
from lantern.cases.selectors.cases import case_list
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.reports import selectors as report_selectors


def _person_policy(actor: Actor, permission: Permission, person: Person) -> bool:
    if actor.is_system:
        return True
    if person.organisation_id in actor.organisation_ids and in_scope(
        actor, object_type="person", object_id=person.pk, partnership_id=person.partnership_id
    ):
        return True
    return case_list(actor=actor).filter(subjects__person=person).exists()


register_object_policy(Person, _person_policy)


def person_list(*, actor: Actor) -> QuerySet[Person]:
    if actor.is_system:
        return Person.objects.all()
    if not can(actor, Permission.CASE_VIEW):
        return Person.objects.none()
    recorded_by_mine = scope_q(actor, object_type="person") & Q(
        organisation_id__in=list(actor.organisation_ids)
    )
    # Correlated (EXISTS over this person's case links), so that finding one person costs
    # the same however many cases the actor may see (docs/scale.md).
    in_a_visible_case = Exists(case_list(actor=actor).filter(subjects__person=OuterRef("pk")))
    return Person.objects.filter(recorded_by_mine | in_a_visible_case)


def person_get(*, actor: Actor, person_id: uuid.UUID, log: bool = True) -> Person:
    person = person_list(actor=actor).filter(pk=person_id).first()
    if person is None:
        raise NotFound("person")
    if log:
        audit_access(
            actor=actor,
            object_type="person",
            object_id=person.pk,
            data_class=DataClass.CRIMINAL_OFFENCE,
        )
    return person


def person_cases(*, actor: Actor, person: Person) -> QuerySet[Case]:
    return case_list(actor=actor).filter(subjects__person=person).distinct()


def _lookup(actor: Actor, person_id: uuid.UUID) -> directory.PersonSummary | None:
    """The person directory for sibling apps (safeguarding): the permission layer applies,
    and the read is logged."""
    try:
        person = person_get(actor=actor, person_id=person_id)
    except NotFound:
        return None
    cases = person_cases(actor=actor, person=person)
    return directory.PersonSummary(
        id=person.pk,
        label=person.label,
        date_of_birth=person.date_of_birth,
        estimated_age=person.age_on(clock.now().date()) if person.date_of_birth is None else None,
        case_ids=tuple(c.pk for c in cases),
        lead_officer_ids=tuple(c.lead_officer_id for c in cases if c.lead_officer_id),
    )


directory.register_person_lookup(_lookup)


def _age_band(actor: Actor, person_id: uuid.UUID, on: date) -> str | None:
    """For safeguarding, even where the actor may not see the person's case: the band the
    recorded date of birth implies, and nothing else. The read is logged."""
    if not (actor.is_system or can(actor, Permission.SAFEGUARDING_RECORD_VIEW)):
        return None
    dob = Person.objects.filter(pk=person_id).values_list("date_of_birth", flat=True).first()
    if dob is None:
        return None
    audit_access(
        actor=actor,
        object_type="person",
        object_id=person_id,
        data_class=DataClass.CRIMINAL_OFFENCE,
        purpose="age_band",
    )
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return directory.UNDER_18 if age < 18 else directory.ADULT


directory.register_age_band_lookup(_age_band)


def _on_record(actor: Actor, person_id: uuid.UUID) -> bool:
    """For safeguarding, even where the actor may not see the person's case: whether the
    person exists, and nothing else (no content, so no access event)."""
    if not (actor.is_system or can(actor, Permission.SAFEGUARDING_RECORD_VIEW)):
        return False
    return Person.objects.filter(pk=person_id).exists()


directory.register_person_on_record_lookup(_on_record)


# The object type under which a safeguarding lead shares a person's safeguarding records
# with another partnership (lantern/safeguarding/selectors/scope.py, PERSON_SHARE).
SAFEGUARDING_PERSON_SHARE = "safeguarding_person"


def _names(actor: Actor, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """For a safeguarding lead, even where the actor may not see the people's cases: the
    name of each person of the actor's partnerships, or whose safeguarding records were
    shared with one of them, and nothing else. Each name read is an access event (a list of
    names, one naming them all)."""
    if not (actor.is_system or can(actor, Permission.SAFEGUARDING_PERSON_IDENTIFY)):
        return {}
    names: dict[uuid.UUID, str] = {}
    for person in Person.objects.filter(pk__in=list(person_ids)):
        if in_scope(
            actor,
            object_type=SAFEGUARDING_PERSON_SHARE,
            object_id=person.pk,
            partnership_id=person.partnership_id,
        ):
            names[person.pk] = person.label
    if len(names) == 1:  # one person's page
        audit_access(
            actor=actor,
            object_type="person",
            object_id=next(iter(names)),
            data_class=DataClass.CRIMINAL_OFFENCE,
            purpose="safeguarding_name",
        )
    else:  # a list (the queue): one event naming them all (ADR 0020)
        audit_access_list(
            actor=actor,
            object_type="person",
            object_ids=names,
            data_class=DataClass.CRIMINAL_OFFENCE,
            purpose="safeguarding_name",
        )
    return names


directory.register_person_names_lookup(_names)


def vehicle_list(*, actor: Actor) -> QuerySet[Vehicle]:
    if actor.is_system:
        return Vehicle.objects.all()
    if not can(actor, Permission.CASE_VIEW):
        return Vehicle.objects.none()
    return Vehicle.objects.filter(
        Exists(case_list(actor=actor).filter(subjects__vehicle=OuterRef("pk")))
    )


def vehicle_get(*, actor: Actor, vehicle_id: uuid.UUID) -> Vehicle:
    """A vehicle linked to a case the actor may see, by its id (never its registration, which
    is personal data, in a URL). A keeper's details are personal data: the read is logged."""
    vehicle = vehicle_list(actor=actor).filter(pk=vehicle_id).first()
    if vehicle is None:
        raise NotFound("vehicle")
    audit_access(
        actor=actor, object_type="vehicle", object_id=vehicle.pk, data_class=DataClass.PERSONAL
    )
    return vehicle


def vehicle_find(*, actor: Actor, registration: str) -> Vehicle | None:
    """The vehicle record with this (normalised) registration if one is linked to a case the
    actor may see (the read is logged); None when there is none."""
    vehicle = vehicle_list(actor=actor).filter(registration=registration).first()
    if vehicle is not None:
        audit_access(
            actor=actor, object_type="vehicle", object_id=vehicle.pk, data_class=DataClass.PERSONAL
        )
    return vehicle


@dataclass(frozen=True)
class Sighting:
    report_id: uuid.UUID
    reference: str
    seen_at: datetime
    place: str
    latitude: float
    longitude: float
    category: str


def vehicle_sightings(*, actor: Actor, registration: str) -> list[Sighting]:
    """Every report that names the registration is a sighting (as the actor may see them)."""
    reports = report_selectors.reports_naming_vehicle(
        actor=actor, registration=registration
    ).select_related("category")
    return [
        Sighting(
            report_id=r.pk,
            reference=r.reference,
            seen_at=r.occurred_from,
            place=r.where or f"{r.latitude:.5f}, {r.longitude:.5f}",
            latitude=r.latitude,
            longitude=r.longitude,
            category=r.category.name,
        )
        for r in reports.order_by("occurred_from")
    ]


def vehicle_cases(*, actor: Actor, vehicle: Vehicle) -> QuerySet[Case]:
    return case_list(actor=actor).filter(subjects__vehicle=vehicle).distinct()


def vehicle_letters(*, actor: Actor, vehicle: Vehicle) -> QuerySet[EnforcementAction]:
    return EnforcementAction.objects.filter(
        vehicle=vehicle, case__in=case_list(actor=actor).values("pk")
    ).select_related("case")
