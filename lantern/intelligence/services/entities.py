"""Recording entities, and the properties and links that intelligence asserts about them
(docs/intelligence.md). Every statement and link carries its provenance and grading; nothing overwrites what another organisation asserted. Audit events name records,
types and gradings, never the text or a value (they may identify a person or a source)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import IntegrityError, transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import Person, Vehicle
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.core.registration import InvalidRegistration
from lantern.core.registration import display as display_registration
from lantern.core.registration import normalise as normalise_registration
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    Origin,
    Statement,
)
from lantern.intelligence.schema import (
    ENTITIES,
    PERSON,
    VEHICLE,
    entity_schema,
    link_schema,
    normalise_key,
)
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import canonical_ids, members_of
from lantern.intelligence.services.common import (
    Grading,
    Origin_,
    acting_organisation,
    partnership_for,
    period,
    require,
    resolve_origin,
)

P = Permission
E = catalogue.declare
ENTITY_CREATED = E(
    "intelligence.entity_created", "An entity (a person, vehicle, phone...) was recorded."
)
STATEMENT_ADDED = E(
    "intelligence.statement_added",
    "A graded statement of one property of an entity was recorded; details name the "
    "property and grading, never the value.",
)
LINK_ADDED = E(
    "intelligence.link_added",
    "A graded link between two entities was recorded; details give its type and grading.",
)
LINK_RETRACTED = E("intelligence.link_retracted", "An organisation withdrew one of its own links.")

# --- entities ------------------------------------------------------------------------------


def _create_entity(
    actor: Actor,
    *,
    partnership_id: uuid.UUID,
    schema: str,
    caption: str,
    key: str = "",
    person_id: uuid.UUID | None = None,
    vehicle_id: uuid.UUID | None = None,
) -> Entity:
    with transaction.atomic():
        entity = Entity.objects.create(
            partnership_id=partnership_id,
            schema=schema,
            caption=caption[:200],
            key=key[:200],
            person_id=person_id,
            vehicle_id=vehicle_id,
            created_by_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=ENTITY_CREATED,
            object_type=access.ENTITY,
            object_id=entity.pk,
            details={"schema": schema},
        )
    return entity


def entity_create(
    *,
    actor: Actor,
    schema: str,
    caption: str = "",
    value: str = "",
    partnership_id: uuid.UUID | None = None,
) -> Entity:
    """An entity of ``schema``. Where the type has an identifying property (a phone's number,
    a registration, an address, a handle), ``value`` is it and an entity with the same value
    in the partnership is returned instead of a second one. A person named here is not on
    casework's records: use entity_for_person for someone who is."""
    require(actor, P.INTELLIGENCE_RECORD)
    try:
        declared = entity_schema(schema)
    except ValueError as exc:
        raise ValidationFailed({"schema": [str(exc)]}) from None
    partnership = partnership_for(actor, chosen=partnership_id, origin_partnership=None)
    caption = str(caption or value or "").strip()
    if not caption:
        raise ValidationFailed({"caption": [f"Say what the {declared.label.lower()} is called"]})
    if len(caption) > 200:
        raise ValidationFailed({"caption": ["Keep it to 200 characters or fewer"]})
    if schema == VEHICLE:
        return entity_for_vehicle(
            actor=actor, registration=value or caption, partnership_id=partnership
        )
    key = normalise_key(schema, value) if declared.key else ""
    if declared.key and not key:
        raise ValidationFailed({"value": [f"Give the {declared.prop(declared.key).label.lower()}"]})  # type: ignore[union-attr]
    if key:
        found = Entity.objects.filter(partnership_id=partnership, schema=schema, key=key).first()
        if found is not None:
            return found
    try:
        return _create_entity(
            actor, partnership_id=partnership, schema=schema, caption=caption, key=key
        )
    except IntegrityError:
        return Entity.objects.get(partnership_id=partnership, schema=schema, key=key)


def entity_for_person(
    *, actor: Actor, person_id: uuid.UUID, partnership_id: uuid.UUID | None = None
) -> Entity:
    """The entity of a person on casework's records, created on first use: one person, one
    entity per partnership, never a copy of the person."""
    require(actor, P.INTELLIGENCE_RECORD)
    summary = directory.person(actor, person_id)
    if summary is None:
        raise NotFound("person")
    partnership = partnership_for(
        actor, chosen=partnership_id, origin_partnership=directory.person_partnership(person_id)
    )
    found = Entity.objects.filter(partnership_id=partnership, person_id=person_id).first()
    if found is not None:
        return found
    person = Person.objects.get(pk=person_id)
    try:
        return _create_entity(
            actor,
            partnership_id=partnership,
            schema=PERSON,
            caption=summary.label or person.label,
            person_id=person_id,
        )
    except IntegrityError:
        return Entity.objects.get(partnership_id=partnership, person_id=person_id)


def entity_for_vehicle(
    *, actor: Actor, registration: str, partnership_id: uuid.UUID | None = None
) -> Entity:
    """The entity of a vehicle: the casework vehicle record of that registration (made if
    there is none yet), one entity per partnership."""
    require(actor, P.INTELLIGENCE_RECORD)
    try:
        registration = normalise_registration(str(registration or ""))
    except InvalidRegistration as exc:
        raise ValidationFailed({"value": [str(exc)]}) from None
    partnership = partnership_for(actor, chosen=partnership_id, origin_partnership=None)
    vehicle, _ = Vehicle.objects.get_or_create(registration=registration)
    found = Entity.objects.filter(partnership_id=partnership, vehicle=vehicle).first()
    if found is not None:
        return found
    try:
        return _create_entity(
            actor,
            partnership_id=partnership,
            schema=VEHICLE,
            caption=display_registration(registration),
            key=registration,
            vehicle_id=vehicle.pk,
        )
    except IntegrityError:
        return Entity.objects.get(partnership_id=partnership, vehicle=vehicle)


def _entity(actor: Actor, entity_id: uuid.UUID) -> Entity:
    entity = Entity.objects.filter(access.entity_q(actor), pk=entity_id).first()
    if entity is None:
        raise NotFound("entity")
    return entity


def _provenance(
    actor: Actor,
    *,
    partnership_id: uuid.UUID,
    grading: Grading | None,
    origin: Origin_ | None,
    report: IntelligenceReport | None,
    valid_from: date | None,
    valid_to: date | None,
) -> dict[str, object]:
    period(valid_from, valid_to)
    if report is not None:
        # Recorded from an intelligence report: its grading and provenance, unless given.
        fields = (
            grading.fields()
            if grading is not None
            else {
                "source_evaluation": report.source_evaluation,
                "assessment": report.assessment,
                "handling": report.handling,
                "handling_conditions": report.handling_conditions,
                "partners_may_see": report.partners_may_see,
            }
        )
        kind: str = Origin.INTELLIGENCE_REPORT
        origin_id: uuid.UUID | None = report.pk
    else:
        if grading is None:
            raise ValidationFailed(
                {"grade": ["Grade it: source evaluation, assessment, handling code"]}
            )
        fields = grading.fields()
        origin = origin or Origin_()
        resolve_origin(actor, origin)
        kind, origin_id = origin.kind, origin.id
    return {
        **fields,
        "partnership_id": partnership_id,
        "organisation_id": acting_organisation(actor, partnership_id),
        "asserted_by_id": actor.user_id,
        "asserted_at": clock.now(),
        "origin_type": kind,
        "origin_id": origin_id,
        "report": report,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def _report(actor: Actor, report_id: uuid.UUID | None) -> IntelligenceReport | None:
    if report_id is None:
        return None
    return access.one(actor, IntelligenceReport, access.report_q(actor), report_id, access.REPORT)


def statement_add(
    *,
    actor: Actor,
    entity_id: uuid.UUID,
    prop: str,
    value: str,
    grading: Grading | None = None,
    origin: Origin_ | None = None,
    report_id: uuid.UUID | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Statement:
    """A graded statement of one property of an entity."""
    require(actor, P.INTELLIGENCE_RECORD)
    entity = _entity(actor, entity_id)
    declared = ENTITIES[entity.schema].prop(prop)
    if declared is None:
        names = ", ".join(p.name for p in ENTITIES[entity.schema].props)
        raise ValidationFailed(
            {"prop": [f"A {entity.schema} has no property {prop!r}: use {names}"]}
        )
    value = str(value or "").strip()
    if not value:
        raise ValidationFailed({"value": ["Give the value"]})
    if len(value) > 500:
        raise ValidationFailed({"value": ["Keep it to 500 characters or fewer"]})
    if declared.kind == "date":
        try:
            value = date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValidationFailed({"value": ["Give the date as YYYY-MM-DD"]}) from None
    report = _report(actor, report_id)
    fields = _provenance(
        actor,
        partnership_id=entity.partnership_id,
        grading=grading,
        origin=origin,
        report=report,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with transaction.atomic():
        statement = Statement.objects.create(entity=entity, prop=prop, value=value, **fields)
        audit_record(
            actor=actor,
            action=STATEMENT_ADDED,
            object_type=access.ENTITY,
            object_id=entity.pk,
            details={"statement": str(statement.pk), "prop": prop, "grade": statement.grade},
        )
    return statement


def link_add(
    *,
    actor: Actor,
    link_type: str,
    source_id: uuid.UUID,
    target_id: uuid.UUID,
    grading: Grading | None = None,
    origin: Origin_ | None = None,
    report_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
    weight: float = 1.0,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Link:
    """A graded link between two entities of one partnership, of a type schema.LINKS allows
    between their types. Refused: an unknown type, a link from an entity to itself, types
    the link does not join, a weight that is not a positive number."""
    require(actor, P.INTELLIGENCE_RECORD)
    try:
        declared = link_schema(link_type)
    except ValueError as exc:
        raise ValidationFailed({"link_type": [str(exc)]}) from None
    if source_id == target_id:
        raise ValidationFailed(
            {"target": ["A link joins two different entities, not one to itself"]}
        )
    source, target = _entity(actor, source_id), _entity(actor, target_id)
    if source.partnership_id != target.partnership_id:
        raise ValidationFailed({"target": ["Both entities must be in the same partnership"]})
    if not declared.allows(source.schema, target.schema):
        raise ValidationFailed(
            {
                "link_type": [
                    f"“{declared.label}” does not join a {ENTITIES[source.schema].label.lower()} "
                    f"to a {ENTITIES[target.schema].label.lower()}"
                ]
            }
        )
    try:
        weight = float(weight)
    except (TypeError, ValueError):
        raise ValidationFailed({"weight": ["The weight is a positive number"]}) from None
    if not weight > 0 or weight != weight or weight == float("inf"):
        raise ValidationFailed({"weight": ["The weight is a positive number"]})
    if occurred_at is not None and not declared.timed:
        raise ValidationFailed({"occurred_at": ["Only a call has a moment it happened"]})
    report = _report(actor, report_id)
    fields = _provenance(
        actor,
        partnership_id=source.partnership_id,
        grading=grading,
        origin=origin,
        report=report,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with transaction.atomic():
        link = Link.objects.create(
            link_type=link_type,
            source=source,
            target=target,
            occurred_at=occurred_at,
            weight=weight,
            **fields,
        )
        audit_record(
            actor=actor,
            action=LINK_ADDED,
            object_type=access.LINK,
            object_id=link.pk,
            details={"link_type": link_type, "grade": link.grade},
        )
    return link


def link_retract(*, actor: Actor, link_id: uuid.UUID, about: uuid.UUID | None = None) -> Link:
    """An organisation withdraws one of its own links (it stays, marked withdrawn). With
    ``about`` (an entity, as a page names it), the link must be one of that entity's (or of
    an entity merged into it)."""
    require(actor, P.INTELLIGENCE_RECORD)
    link = Link.objects.filter(access.link_q(actor), pk=link_id).first()
    if link is None:
        raise NotFound("link")
    if about is not None:
        entity = Entity.objects.filter(access.entity_q(actor), pk=about).first()
        if entity is None:
            raise NotFound("entity")
        root = canonical_ids([entity.pk])[entity.pk]
        if not {link.source_id, link.target_id} & set(members_of([root])[root]):
            raise NotFound("link")
    if link.organisation_id not in actor.organisation_ids:
        raise ValidationFailed(
            {"link": ["Only the organisation that recorded a link withdraws it"]}
        )
    with transaction.atomic():
        link.retracted_at = clock.now()
        link.retracted_by_id = actor.user_id
        link.save(update_fields=["retracted_at", "retracted_by", "updated_at"])
        audit_record(actor=actor, action=LINK_RETRACTED, object_type=access.LINK, object_id=link.pk)
    return link
