"""The subjects of a case: people, vehicles (by registration; what an organisation knows
about one is its own statement, services/facts.py) and bodies, each linked to the case in a
role. A person recorded on a case belongs to the case's partnership."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.keepers import Keeper
from lantern.cases.models import (
    Body,
    Case,
    CaseSubject,
    FactProperty,
    FactSource,
    Person,
    SubjectRole,
    Vehicle,
)
from lantern.cases.selectors.cases import case_list
from lantern.cases.selectors.subjects import person_get
from lantern.cases.services.common import case_changed, case_for_update
from lantern.cases.services.facts import clean_value, record_vehicle_fact, vehicle_on_case
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.registration import InvalidRegistration, normalise

P = FactProperty
E = catalogue.declare
SUBJECT_LINKED = E("case.subject_linked", "A person, vehicle or body was linked to a case.")
SUBJECT_ROLE_CHANGED = E(
    "case.subject_role_changed", "The role of a person, vehicle or body on a case changed."
)
PERSON_RECORDED = E("person.recorded", "A person was recorded as the subject of casework.")
VEHICLE_RECORDED = E("vehicle.recorded", "A vehicle was recorded by its registration.")


@dataclass
class PersonInput:
    given_name: str = ""
    family_name: str = ""
    aliases: list[str] | None = None
    date_of_birth: date | None = None
    estimated_age: int | None = None
    description: str = ""
    address: str = ""
    # A fixed id, only for fictional demo people that other apps' demo data refer to.
    fixed_id: uuid.UUID | None = None


def _check_role(role: str) -> None:
    if role not in SubjectRole.values:
        raise ValidationFailed({"role": ["Choose the person's role in the case"]})


def person_link(*, actor: Actor, case_id: uuid.UUID, role: str, data: PersonInput) -> CaseSubject:
    """Record a person and link them to the case in a role."""
    _check_role(role)
    aliases = [a.strip() for a in (data.aliases or []) if a.strip()]
    today = clock.now().date()
    _check_person(data, aliases, today)
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        person = Person.objects.create(
            id=data.fixed_id or uuid.uuid4(),
            organisation_id=case.organisation_id,
            partnership_id=case.partnership_id,
            given_name=data.given_name.strip()[:100],
            family_name=data.family_name.strip()[:100],
            aliases=aliases,
            date_of_birth=data.date_of_birth,
            estimated_age=data.estimated_age if data.date_of_birth is None else None,
            estimated_on=today if data.estimated_age is not None else None,
            description=data.description.strip(),
            address=data.address.strip()[:300],
        )
        audit_record(actor=actor, action=PERSON_RECORDED, object_type="person", object_id=person.pk)
        return _link(actor, case, role, person=person)


def _check_person(data: PersonInput, aliases: list[str], today: date) -> None:
    errors: dict[str, list[str]] = {}
    if not (data.given_name.strip() or data.family_name.strip() or aliases):
        errors["family_name"] = ["Enter a name or an alias"]
    if data.date_of_birth and not (date(1900, 1, 1) <= data.date_of_birth <= today):
        errors["date_of_birth"] = ["The date of birth must be in the past"]
    if data.estimated_age is not None and not 0 <= data.estimated_age <= 120:
        errors["estimated_age"] = ["Enter an age between 0 and 120"]
    if errors:
        raise ValidationFailed(errors)


def person_link_existing(
    *, actor: Actor, case_id: uuid.UUID, person_id: uuid.UUID, role: str
) -> CaseSubject:
    _check_role(role)
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        person = person_get(actor=actor, person_id=person_id, log=False)
        if person.partnership_id != case.partnership_id:
            # A record of another partnership is theirs: link people of the case's own.
            raise ValidationFailed(
                {"person": ["Choose a person recorded in this case's partnership"]}
            )
        return _link(actor, case, role, person=person)


def vehicle_link(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    registration: str,
    role: str = SubjectRole.ASSOCIATE,
    make: str = "",
    model: str = "",
    colour: str = "",
) -> CaseSubject:
    """Link a vehicle to the case by its registration: the one record of that registration,
    made if Lantern has none. A make, model or colour given is the actor's organisation's
    own statement (services/facts.py), never a change to what another organisation holds."""
    try:
        compact = normalise(registration)
    except InvalidRegistration as exc:
        raise ValidationFailed({"registration": [str(exc)]}) from None
    _check_role(role)
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        vehicle, created = Vehicle.objects.get_or_create(registration=compact)
        if created:
            audit_record(
                actor=actor,
                action=VEHICLE_RECORDED,
                object_type="vehicle",
                object_id=vehicle.pk,
                details={"registration": compact},
            )
        link = CaseSubject.objects.filter(case=case, vehicle=vehicle).first()
        if link is None:
            link = _link(actor, case, role, vehicle=vehicle)
        for prop, value in ((P.MAKE, make), (P.MODEL, model), (P.COLOUR, colour)):
            if value.strip():
                record_vehicle_fact(actor, case, vehicle, prop, value)
        return link


def vehicle_set_keeper(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    vehicle_id: uuid.UUID,
    name: str,
    address: str,
    person_id: uuid.UUID | None = None,
) -> Keeper:
    """Record the registered keeper (from the DVLA's answer to the actor's organisation's
    enquiry) of a vehicle on the case, for the keeper letter, which prints them as its
    addressee: a name and a postal address, each of their shape (lantern/cases/addresses.py),
    nothing else. When the keeper is a person on the case, ``person_id`` says who: a keeper
    letter is then addressed to that person and safeguarding's gate applies to it
    (docs/safeguarding.md). They are the organisation's own statements: only it reads them
    (docs/adr/0016-facts-as-statements.md)."""
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        vehicle = vehicle_on_case(case, vehicle_id)
        errors: dict[str, list[str]] = {}
        values = {P.KEEPER_NAME: name, P.KEEPER_ADDRESS: address, P.KEEPER_PERSON: person_id}
        for prop, value in values.items():
            try:
                values[prop] = clean_value(case, prop, value)
            except ValidationFailed as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationFailed(errors)
        for prop, value in values.items():
            record_vehicle_fact(actor, case, vehicle, prop, value, source=FactSource.DVLA)
    person = values[P.KEEPER_PERSON]
    return Keeper(
        name=str(values[P.KEEPER_NAME]),
        address=str(values[P.KEEPER_ADDRESS]),
        person_id=uuid.UUID(str(person)) if person else None,
    )


def body_link(
    *, actor: Actor, case_id: uuid.UUID, role: str, name: str, address: str = ""
) -> CaseSubject:
    _check_role(role)
    if not name.strip():
        raise ValidationFailed({"name": ["Enter the organisation's name"]})
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        body = Body.objects.create(name=name.strip()[:200], address=address.strip()[:300])
        return _link(actor, case, role, body=body)


def subject_set_role(*, actor: Actor, subject_id: uuid.UUID, role: str) -> CaseSubject:
    """Change the role a person, vehicle or body has on a case (a witness found to be a
    victim, say). The change is on the timeline."""
    _check_role(role)
    with transaction.atomic():
        link = (
            CaseSubject.objects.select_for_update(of=("self",))
            .filter(pk=subject_id, case__in=case_list(actor=actor).values("pk"))
            .select_related("person", "vehicle", "body")
            .first()
        )
        if link is None:
            raise NotFound("subject")
        case = case_for_update(actor, link.case_id)
        previous = link.role
        if previous == role:
            return link
        link.role = role
        what = link.person or link.vehicle or link.body
        case_changed(
            actor,
            case,
            event=SUBJECT_ROLE_CHANGED,
            note_kind="subject",
            notes=[f"{what}: {SubjectRole(previous).label} is now {SubjectRole(role).label}"],
            details={"subject": str(link.pk), "from": previous, "to": role},
            record=link,
            fields=["role", "updated_at"],
        )
    return link


def _link(actor: Actor, case: Case, role: str, **subject: Any) -> CaseSubject:
    link = CaseSubject.objects.create(case=case, role=role, added_by_id=actor.user_id, **subject)
    kind = next(iter(subject))
    audit_record(
        actor=actor,
        action=SUBJECT_LINKED,
        object_type="case",
        object_id=case.pk,
        details={"subject": kind, "subject_id": str(subject[kind].pk), "role": role},
    )
    return link
