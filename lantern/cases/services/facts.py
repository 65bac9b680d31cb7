"""Statements about a vehicle (docs/adr/0016-facts-as-statements.md): an organisation records
what it knows (a make, a colour, the registered keeper from its DVLA enquiry) as its own
statement, with its source, on a case it works on. It never changes another organisation's
statement: a newer one of its own on the same property supersedes its older one, and it may
withdraw its own. Each write has its audit event, which names the property and never the
value (a keeper's name is personal data)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.addresses import person_name, postal_address
from lantern.cases.issuers import acting_organisation, organisations_of
from lantern.cases.models import (
    PROPERTIES,
    Case,
    CaseSubject,
    Fact,
    FactProperty,
    FactSource,
    FactSubject,
    Vehicle,
)
from lantern.cases.selectors.facts import fact_get
from lantern.cases.services.common import case_for_update, require
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission

E = catalogue.declare
FACT_ASSERTED = E(
    "fact.asserted",
    "An organisation recorded its own statement about a vehicle (its make, model, colour or "
    "registered keeper); details name the property, the statement, the case and the one it "
    "supersedes, never the value.",
)
FACT_RETRACTED = E(
    "fact.retracted", "An organisation withdrew one of its own statements about a vehicle."
)

P = FactProperty


def _text(limit: int, missing: str) -> Callable[[Any, Case], str]:
    def clean(value: Any, case: Case) -> str:
        text = str(value or "").strip()
        if not text:
            raise ValueError(missing)
        if len(text) > limit:
            raise ValueError(f"Keep it to {limit} characters or fewer")
        return text

    return clean


def _keeper_name(value: Any, case: Case) -> str:
    if not str(value or "").strip():
        raise ValueError("Enter the keeper's name")
    name = person_name(str(value))
    if name is None or len(name) > 200:
        raise ValueError(
            "Enter the keeper's name as the DVLA gives it: up to five words, each with a "
            "capital letter"
        )
    return name


def _keeper_address(value: Any, case: Case) -> str:
    if not str(value or "").strip():
        raise ValueError("Enter the keeper's address")
    address = postal_address(str(value))
    if address is None or len(address) > 300:
        raise ValueError(
            "Enter the keeper's postal address as the DVLA gives it: lines of a number and "
            "words with capital letters, such as 9 Quillon Close, Eastmere EM4 2ZZ"
        )
    return address


def _keeper_person(value: Any, case: Case) -> str | None:
    """A person on the case (their id), or None: the keeper is not a person on our records."""
    if value in (None, ""):
        return None
    try:
        person_id = uuid.UUID(str(value))
    except ValueError:
        raise ValueError("Choose a person on this case") from None
    if not CaseSubject.objects.filter(case=case, person_id=person_id).exists():
        raise ValueError("Choose a person on this case")
    return str(person_id)


# How each property's value is checked and tidied; the error is the field's message.
CLEAN: dict[str, Callable[[Any, Case], Any]] = {
    P.MAKE: _text(60, "Enter the make"),
    P.MODEL: _text(60, "Enter the model"),
    P.COLOUR: _text(40, "Enter the colour"),
    P.KEEPER_NAME: _keeper_name,
    P.KEEPER_ADDRESS: _keeper_address,
    P.KEEPER_PERSON: _keeper_person,
}
# Where a vehicle statement may come from (intelligence and screenings: issue 19).
VEHICLE_SOURCES = frozenset(
    {FactSource.CASE, FactSource.REPORT, FactSource.SIGHTING, FactSource.DVLA}
)


def clean_value(case: Case, prop: str, value: Any) -> Any:
    """The value checked for its property, or ValidationFailed on the property's field."""
    if prop not in PROPERTIES[FactSubject.VEHICLE]:
        raise ValidationFailed({"property": ["Choose what the statement is about"]})
    try:
        return CLEAN[prop](value, case)
    except ValueError as exc:
        raise ValidationFailed({prop: [str(exc)]}) from None


def record_vehicle_fact(
    actor: Actor,
    case: Case,
    vehicle: Vehicle,
    prop: str,
    value: Any,
    *,
    source: str = FactSource.CASE,
    source_id: uuid.UUID | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Fact:
    """Inside the transaction that locked ``case`` (which the vehicle is on): the actor's
    organisation's statement, in the case's partnership. Its own older statement on the
    property is superseded; an identical one is kept as it is."""
    clean = clean_value(case, prop, value)
    if source not in VEHICLE_SOURCES:
        raise ValidationFailed({"source": ["Say where the statement comes from"]})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationFailed({"valid_to": ["The end of the period must not be before its start"]})
    organisation = acting_organisation(organisations_of(actor), case)
    organisation_id = organisation.pk if organisation is not None else None
    # One statement at a time per vehicle: the older one is read and superseded in order.
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    # Lantern itself (a command) states as no organisation.
    whose = Q(organisation_id=organisation_id) if organisation_id else Q(organisation__isnull=True)
    current = Fact.objects.filter(
        whose,
        subject_type=FactSubject.VEHICLE,
        subject_id=vehicle.pk,
        property=prop,
        partnership_id=case.partnership_id,
        superseded_by__isnull=True,
        retracted_at__isnull=True,
    ).first()
    if current is not None and (current.value, current.valid_from, current.valid_to) == (
        clean,
        valid_from,
        valid_to,
    ):
        return current
    fact = Fact(
        subject_type=FactSubject.VEHICLE,
        subject_id=vehicle.pk,
        property=prop,
        value=clean,
        organisation_id=organisation_id,
        partnership_id=case.partnership_id,
        case=case,
        source_type=source,
        source_id=source_id
        if source_id is not None
        else (case.pk if source == FactSource.CASE else None),
        asserted_by_id=actor.user_id,
        asserted_at=clock.now(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    if current is not None:
        # Before the new one exists, so that only one is current at any time (the key is
        # checked at the end of the transaction).
        current.superseded_by_id = fact.pk
        current.save(update_fields=["superseded_by", "updated_at"])
    fact.save()
    audit_record(
        actor=actor,
        action=FACT_ASSERTED,
        object_type="vehicle",
        object_id=vehicle.pk,
        details={
            "property": prop,
            "fact": str(fact.pk),
            "case": str(case.pk),
            "source": source,
            "supersedes": str(current.pk) if current is not None else "",
        },
    )
    return fact


def vehicle_on_case(case: Case, vehicle_id: uuid.UUID) -> Vehicle:
    link = CaseSubject.objects.filter(case=case, vehicle_id=vehicle_id).select_related("vehicle")
    found = link.first()
    if found is None or found.vehicle is None:
        raise NotFound("vehicle")
    return found.vehicle


def vehicle_fact_assert(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    vehicle_id: uuid.UUID,
    property: str,
    value: Any,
    source: str = FactSource.CASE,
    source_id: uuid.UUID | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Fact:
    """Record the actor's organisation's statement about a vehicle on a case they manage: a
    new statement of its own, never a change to another organisation's."""
    with transaction.atomic():
        case = case_for_update(actor, case_id)
        vehicle = vehicle_on_case(case, vehicle_id)
        return record_vehicle_fact(
            actor,
            case,
            vehicle,
            property,
            value,
            source=source,
            source_id=source_id,
            valid_from=valid_from,
            valid_to=valid_to,
        )


def vehicle_fact_retract(*, actor: Actor, fact_id: uuid.UUID) -> Fact:
    """Withdraw a statement of the actor's own organisation (one they may see); another
    organisation's statement is never theirs to withdraw."""
    require(actor, Permission.CASE_MANAGE)
    with transaction.atomic():
        fact = fact_get(actor=actor, fact_id=fact_id)
        if fact.organisation_id is None or fact.organisation_id not in actor.organisation_ids:
            raise PermissionDenied("Only the organisation that made a statement withdraws it")
        fact = Fact.objects.select_for_update().get(pk=fact.pk)
        if fact.retracted_at is not None or fact.superseded_by_id is not None:
            raise NotFound("statement")
        fact.retracted_at, fact.retracted_by_id = clock.now(), actor.user_id
        fact.save(update_fields=["retracted_at", "retracted_by", "updated_at"])
        audit_record(
            actor=actor,
            action=FACT_RETRACTED,
            object_type=fact.subject_type,
            object_id=fact.subject_id,
            details={"property": fact.property, "fact": str(fact.pk)},
        )
    return fact
