"""The cases app's part of a subject access request (lantern/core/directory.py).

The identifier knows a person by their person records (name, and date of birth where both
sides have one; other names count), the cases those records are on, and the vehicles whose
recorded keeper they are (by registration, by name, or as a person on our records). The
finder returns the person records, their place on each case, the enforcement actions
addressed to them, the statements (facts) about them, and keeper details of their vehicles.
Only the query's partnerships are searched, and only for those who hold
SUBJECT_ACCESS_MANAGE. People are criminal-offence data: each record read is logged."""

from __future__ import annotations

import uuid
from dataclasses import replace

from django.db.models import Q

from lantern.audit.services import audit_access_list
from lantern.cases.models import (
    CaseSubject,
    EnforcementAction,
    Fact,
    FactProperty,
    FactSubject,
    Person,
    Vehicle,
)
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    name_tokens,
    names_match,
    subject_access_allowed,
)
from lantern.core.registration import display, normalise
from lantern.frontend.dates import format_date

PURPOSE = "subject_access"


def _people(query: SubjectQuery) -> set[uuid.UUID]:
    tokens = name_tokens(query.name)
    if not tokens:
        return set()
    words = Q()
    for token in tokens:
        words |= Q(given_name__iexact=token) | Q(family_name__iexact=token)
    candidates = Person.objects.filter(words, partnership_id__in=query.partnership_ids)
    found = set()
    for person in candidates:
        named = f"{person.given_name} {person.family_name}"
        if not names_match(query.name, named, *[str(a) for a in person.aliases]):
            continue
        dob = query.date_of_birth
        if dob and person.date_of_birth and dob != person.date_of_birth:
            continue
        found.add(person.pk)
    return found


def _keeper_facts(query: SubjectQuery, person_ids: set[uuid.UUID]) -> list[Fact]:
    facts = Fact.objects.filter(
        partnership_id__in=query.partnership_ids,
        subject_type=FactSubject.VEHICLE,
        property__in=[FactProperty.KEEPER_NAME, FactProperty.KEEPER_PERSON],
        superseded_by__isnull=True,
        retracted_at__isnull=True,
    )
    return [
        fact
        for fact in facts
        if (fact.property == FactProperty.KEEPER_PERSON and str(fact.value) in map(str, person_ids))
        or (fact.property == FactProperty.KEEPER_NAME and names_match(query.name, str(fact.value)))
    ]


def identify(actor: Actor, query: SubjectQuery) -> SubjectQuery:
    if not subject_access_allowed(actor) or not query.partnership_ids:
        return query
    person_ids = _people(query) | set(query.person_ids)
    vehicle_ids = {fact.subject_id for fact in _keeper_facts(query, person_ids)}
    if query.registration:
        vehicle_ids |= set(
            Vehicle.objects.filter(registration=normalise(query.registration)).values_list(
                "id", flat=True
            )
        )
    case_ids = set(
        CaseSubject.objects.filter(
            Q(person_id__in=person_ids) | Q(vehicle_id__in=vehicle_ids),
            case__partnership_id__in=query.partnership_ids,
        ).values_list("case_id", flat=True)
    )
    return replace(
        query,
        person_ids=query.person_ids | person_ids,
        vehicle_ids=query.vehicle_ids | vehicle_ids,
        case_ids=query.case_ids | case_ids,
    )


def _person_record(person: Person, query: SubjectQuery) -> HeldRecord:
    why = "The name matches the request"
    if query.date_of_birth and person.date_of_birth:
        why += ", and so does the date of birth"
    return HeldRecord(
        source="cases.person",
        record_id=person.pk,
        reference="",
        title="Person record",
        why=why + ".",
        items=held_items(
            held("Given name", person.given_name),
            held("Family name", person.family_name),
            held("Other names", ", ".join(str(a) for a in person.aliases)),
            held("Date of birth", format_date(person.date_of_birth)),
            held("Estimated age when recorded", person.estimated_age),
            held("Address", person.address),
            held("Description", person.description),
        ),
        recorded_on=person.created_at.date(),
    )


def _case_link(link: CaseSubject) -> HeldRecord:
    case = link.case
    return HeldRecord(
        source="cases.casesubject",
        record_id=link.pk,
        reference=case.reference,
        title=f"Named on case {case.reference}",
        why="The person record (or the vehicle) is linked to this case.",
        items=held_items(
            held("Case", case.title),
            held("Role on the case", link.get_role_display()),
            held("Vehicle", display(link.vehicle.registration) if link.vehicle else ""),
            held("Linked on", format_date(link.created_at)),
        ),
        recorded_on=link.created_at.date(),
    )


def _action(action: EnforcementAction) -> HeldRecord:
    requirements = "; ".join(str(r.get("text", "")) for r in action.requirements or [])
    return HeldRecord(
        source="cases.enforcementaction",
        record_id=action.pk,
        reference=action.case.reference,
        title=action.get_kind_display(),
        why="The action is addressed to the person (or their vehicle's keeper).",
        items=held_items(
            held("State", action.get_state_display()),
            held("Conduct", action.conduct),
            held("Its effect", action.detrimental_effect),
            held("Why persistent", action.persistent_nature),
            held("Why unreasonable", action.unreasonable_because),
            held("Requirements", requirements),
            held("Days to comply", action.compliance_days),
            held("Drafted on", format_date(action.created_at)),
        ),
        recorded_on=action.created_at.date(),
    )


def _fact(fact: Fact, vehicles: dict[uuid.UUID, str]) -> HeldRecord:
    about = vehicles.get(fact.subject_id, "")
    return HeldRecord(
        source="cases.fact",
        record_id=fact.pk,
        reference=fact.case.reference if fact.case else "",
        title=f"Registered keeper of {about}" if about else fact.get_property_display(),
        why="A statement about the person, or about a vehicle they keep.",
        items=held_items(
            held("What it is about", fact.get_property_display()),
            held("Value", "" if fact.property == FactProperty.KEEPER_PERSON else fact.value),
            held("Where it came from", fact.get_source_type_display()),
            held("Recorded on", format_date(fact.asserted_at)),
        ),
        recorded_on=fact.asserted_at.date(),
    )


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not (query.person_ids or query.vehicle_ids):
        return []
    scope = query.partnership_ids
    people = list(Person.objects.filter(pk__in=query.person_ids, partnership_id__in=scope))
    links = CaseSubject.objects.filter(
        Q(person_id__in=query.person_ids) | Q(vehicle_id__in=query.vehicle_ids),
        case__partnership_id__in=scope,
    ).select_related("case", "vehicle")
    actions = EnforcementAction.objects.filter(
        Q(person_id__in=query.person_ids) | Q(vehicle_id__in=query.vehicle_ids),
        case__partnership_id__in=scope,
    ).select_related("case")
    vehicles = {
        v.pk: display(v.registration) for v in Vehicle.objects.filter(pk__in=query.vehicle_ids)
    }
    person_facts = Fact.objects.filter(
        partnership_id__in=scope,
        subject_type=FactSubject.PERSON,
        subject_id__in=query.person_ids,
        superseded_by__isnull=True,
        retracted_at__isnull=True,
    ).select_related("case")
    keeper = list(
        Fact.objects.filter(
            partnership_id__in=scope,
            subject_type=FactSubject.VEHICLE,
            subject_id__in=query.vehicle_ids,
            property__in=[FactProperty.KEEPER_NAME, FactProperty.KEEPER_ADDRESS],
            superseded_by__isnull=True,
            retracted_at__isnull=True,
        ).select_related("case")
    )
    records = [_person_record(p, query) for p in people]
    records += [_case_link(link) for link in links]
    records += [_action(a) for a in actions]
    records += [_fact(f, vehicles) for f in [*person_facts, *keeper]]
    audit_access_list(  # one event naming every person found (ADR 0020)
        actor=actor,
        object_type="person",
        object_ids=[person.pk for person in people],
        data_class=DataClass.CRIMINAL_OFFENCE,
        purpose=PURPOSE,
    )
    return records
