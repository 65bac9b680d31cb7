"""What organisations hold about a vehicle, as the actor may see it: the current statements
(``Fact``) of their partnerships, or asserted on a case shared with one of them, and their
own organisations' statements, each with who said it, when and from what
(docs/adr/0016-facts-as-statements.md).

Keeper details (the registered keeper's name, address, and whether they are a person on
Lantern's records) come from a DVLA keeper enquiry made by one organisation: only that
organisation reads their values. Others who may see the statement learn only that it holds
keeper details, so they can ask it. Reading one's own keeper details is an access event
(personal data).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from lantern.accounts.selectors import scope_q
from lantern.audit.services import audit_access
from lantern.cases.issuers import acting_organisation, organisations_of
from lantern.cases.keepers import Keeper, keeper_held
from lantern.cases.models import (
    KEEPER_PROPERTIES,
    PROPERTIES,
    Case,
    Fact,
    FactProperty,
    FactSource,
    FactSubject,
    Vehicle,
)
from lantern.cases.selectors.cases import case_list
from lantern.cases.selectors.subjects import person_list
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can

UNKNOWN_ORGANISATION = "Unknown organisation (recorded before Lantern kept facts per organisation)"


def _visible_q(actor: Actor) -> Q:
    """Statements of the actor's partnerships, or asserted on a case shared with one, and
    their own organisations' statements wherever they made them."""
    if actor.is_system:
        return Q()
    cases_in_scope = Case.objects.filter(scope_q(actor, object_type="case")).values("pk")
    return (
        Q(partnership_id__in=list(actor.partnership_ids))
        | Q(case__in=cases_in_scope)
        | Q(organisation_id__in=list(actor.organisation_ids))
    )


def fact_list(*, actor: Actor, subject_type: str, subject_id: uuid.UUID) -> QuerySet[Fact]:
    """The current statements about one subject that the actor may see (their values
    included: callers hide keeper values, ``vehicle_view``)."""
    if not (actor.is_system or can(actor, Permission.CASE_VIEW)):
        return Fact.objects.none()
    return (
        Fact.objects.filter(
            subject_type=subject_type,
            subject_id=subject_id,
            superseded_by__isnull=True,
            retracted_at__isnull=True,
        )
        .filter(_visible_q(actor))
        .select_related("organisation", "case")
    )


def fact_get(*, actor: Actor, fact_id: uuid.UUID) -> Fact:
    """One current statement the actor may see (about a vehicle on a case they may see)."""
    fact = (
        Fact.objects.filter(pk=fact_id, superseded_by__isnull=True, retracted_at__isnull=True)
        .filter(_visible_q(actor))
        .select_related("organisation", "case")
        .first()
    )
    if fact is None or not (actor.is_system or can(actor, Permission.CASE_VIEW)):
        raise NotFound("statement")
    return fact


@dataclass(frozen=True)
class Statement:
    """One organisation's statement as the actor reads it."""

    id: uuid.UUID
    property: str
    label: str  # what it is about: "Make", "Registered keeper's name"
    value: Any
    text: str  # the value as a page shows it
    organisation_id: uuid.UUID | None
    organisation: str
    asserted_at: datetime
    source_type: str
    source: str  # where it came from, as a page says it
    case_id: uuid.UUID | None  # the case it was asserted on, if the actor may see it
    own: bool  # asserted by one of the actor's organisations: they may withdraw it


@dataclass(frozen=True)
class FactView:
    """The current view of a subject: the statements the actor may read, in property order,
    and the organisations that hold keeper details the actor may not read."""

    statements: tuple[Statement, ...]
    keepers_held_by: tuple[str, ...]

    def values(self, prop: str) -> list[str]:
        return [s.text for s in self.statements if s.property == prop]


def _person_labels(actor: Actor, facts: list[Fact]) -> dict[str, str]:
    ids = [str(f.value) for f in facts if f.property == FactProperty.KEEPER_PERSON and f.value]
    if not ids:
        return {}
    people = person_list(actor=actor).filter(pk__in=ids)
    return {str(person.pk): person.label for person in people}


def _text(fact: Fact, people: dict[str, str]) -> str:
    if fact.property == FactProperty.KEEPER_PERSON:
        if not fact.value:
            return "Not a person on Lantern's records"
        return people.get(str(fact.value), "A person on a case you cannot see")
    return str(fact.value or "")


def _source(fact: Fact, cases_seen: set[uuid.UUID]) -> str:
    label = str(FactSource(fact.source_type).label)
    if fact.case is not None and fact.case_id in cases_seen:
        if fact.source_type == FactSource.CASE:
            return f"Case {fact.case.reference}"
        return f"{label}, case {fact.case.reference}"
    return label


def vehicle_view(*, actor: Actor, vehicle: Vehicle) -> FactView:
    """What the organisations the actor may hear from hold about the vehicle, now: per
    property, each organisation's current statement with its source and date. Keeper details
    are read only by the organisation that obtained them; the others see who holds them."""
    facts = list(fact_list(actor=actor, subject_type=FactSubject.VEHICLE, subject_id=vehicle.pk))
    order = {prop: i for i, prop in enumerate(PROPERTIES[FactSubject.VEHICLE])}
    facts.sort(key=lambda f: (order.get(f.property, len(order)), f.asserted_at))
    mine = actor.organisation_ids
    readable = [
        f
        for f in facts
        if f.property not in KEEPER_PROPERTIES or actor.is_system or f.organisation_id in mine
    ]
    read_ids = {f.pk for f in readable}
    held_by = sorted(
        {
            f.organisation.name if f.organisation else UNKNOWN_ORGANISATION
            for f in facts
            if f.pk not in read_ids
        }
    )
    people = _person_labels(actor, readable)
    case_ids = {f.case_id for f in readable if f.case_id}
    cases_seen = set(case_list(actor=actor).filter(pk__in=case_ids).values_list("pk", flat=True))
    if any(f.property in KEEPER_PROPERTIES for f in readable):
        audit_access(
            actor=actor,
            object_type="vehicle",
            object_id=vehicle.pk,
            data_class=DataClass.PERSONAL,
            purpose="keeper",
        )
    statements = tuple(
        Statement(
            id=f.pk,
            property=f.property,
            label=str(FactProperty(f.property).label),
            value=f.value,
            text=_text(f, people),
            organisation_id=f.organisation_id,
            organisation=f.organisation.name if f.organisation else UNKNOWN_ORGANISATION,
            asserted_at=f.asserted_at,
            source_type=f.source_type,
            source=_source(f, cases_seen),
            case_id=f.case_id if f.case_id in cases_seen else None,
            own=f.organisation_id is not None and f.organisation_id in mine,
        )
        for f in readable
    )
    return FactView(statements=statements, keepers_held_by=tuple(held_by))


def own_keeper(*, actor: Actor, case: Case, vehicle_id: uuid.UUID) -> Keeper:
    """The keeper of a vehicle on the case as the actor's organisation holds it (for the form
    that records it): its own statements only."""
    organisation = acting_organisation(organisations_of(actor), case)
    if organisation is None:
        return Keeper()
    keeper = keeper_held(
        vehicle_id=vehicle_id, organisation_id=organisation.pk, partnership_id=case.partnership_id
    )
    if keeper.recorded:
        audit_access(
            actor=actor,
            object_type="vehicle",
            object_id=vehicle_id,
            data_class=DataClass.PERSONAL,
            purpose="keeper",
        )
    return keeper
