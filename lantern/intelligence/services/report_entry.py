"""Recording an intelligence report as the page does: the report, the entities it mentions
that are already on record, and new ones named on the same form (a type and a value each),
in one transaction. A refusal of any part writes nothing: no report, no entity, no event."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.registration import InvalidRegistration
from lantern.intelligence.models import IntelligenceReport
from lantern.intelligence.schema import VEHICLE
from lantern.intelligence.services.common import (
    Grading,
    Origin_,
    partnership_for,
    resolve_origin,
)
from lantern.intelligence.services.entities import entity_create, entity_for_vehicle
from lantern.intelligence.services.reports import SourceIn, report_record


@dataclass(frozen=True)
class NewEntity:
    """An entity named on the report's form: its type and its caption or identifying value
    (a phone's number, a registration, an address, a handle; a person's name)."""

    schema: str
    value: str


def _entity_for(actor: Actor, new: NewEntity, partnership_id: uuid.UUID | None) -> uuid.UUID:
    try:
        if new.schema == VEHICLE:
            return entity_for_vehicle(
                actor=actor, registration=new.value, partnership_id=partnership_id
            ).pk
        return entity_create(
            actor=actor,
            schema=new.schema,
            caption=new.value,
            value=new.value,
            partnership_id=partnership_id,
        ).pk
    except InvalidRegistration as exc:
        raise ValidationFailed({"value": [str(exc)]}) from None


def report_record_with_entities(
    *,
    actor: Actor,
    text: str,
    grading: Grading,
    origin: Origin_ | None = None,
    partnership_id: uuid.UUID | None = None,
    mentions: Sequence[uuid.UUID] = (),
    new_entities: Sequence[NewEntity | None] = (),
    source: SourceIn | None = None,
    occurred_from: date | None = None,
    occurred_to: date | None = None,
) -> IntelligenceReport:
    """report_record, mentioning also the entities named in ``new_entities`` (found by their
    identifying value where the type has one, else made). A row's refusal is keyed
    ``new_entity_<n>`` (n from 1; None rows are blank rows, counted but skipped)."""
    origin = origin or Origin_()
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        ids = list(mentions)
        if any(new is not None for new in new_entities):
            # New entities belong to the report's partnership: the origin's, else the chosen.
            partnership_id = partnership_for(
                actor, chosen=partnership_id, origin_partnership=resolve_origin(actor, origin)
            )
        for number, new in enumerate(new_entities, start=1):
            if new is None:
                continue
            try:
                ids.append(_entity_for(actor, new, partnership_id))
            except ValidationFailed as exc:
                errors[f"new_entity_{number}"] = [m for ms in exc.errors.values() for m in ms]
        try:
            report = report_record(
                actor=actor,
                text=text,
                grading=grading,
                origin=origin,
                partnership_id=partnership_id,
                mentions=ids,
                source=source,
                occurred_from=occurred_from,
                occurred_to=occurred_to,
            )
        except ValidationFailed as exc:
            errors.update(exc.errors)
        if errors:
            # Leaving the block by the exception undoes the entities made above.
            raise ValidationFailed(errors)
        return report
