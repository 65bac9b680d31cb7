"""A vehicle's registered keeper as one organisation holds it: its own current statements
(``Fact``) of the keeper's name, postal address and, where the keeper is a person on
Lantern's records, who. Keeper details come from a DVLA keeper enquiry, made by one
organisation for its own purpose, so a keeper letter prints only the issuing organisation's
own statements, and safeguarding's gate looks at the person that organisation named
(docs/adr/0016-facts-as-statements.md).

Read by the documents, the rules, the workflow and the selectors, without an actor: the
caller has already resolved the action or case through the permission layer. Imports only
the models and ``issuers``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lantern.accounts.selectors import actor_for
from lantern.cases.issuers import acting_organisation, organisations_of
from lantern.cases.models import (
    KEEPER_PROPERTIES,
    EnforcementAction,
    Fact,
    FactProperty,
    FactSubject,
    Person,
)


@dataclass(frozen=True)
class Keeper:
    """The registered keeper as one organisation recorded it; empty where it recorded none."""

    name: str = ""
    address: str = ""
    person_id: uuid.UUID | None = None

    @property
    def recorded(self) -> bool:
        return bool(self.name or self.address)


def keeper_held(
    *, vehicle_id: uuid.UUID, organisation_id: uuid.UUID, partnership_id: uuid.UUID
) -> Keeper:
    """The keeper of the vehicle as ``organisation_id`` holds it in the partnership: its own
    current statements only, never another organisation's."""
    rows = Fact.objects.filter(
        subject_type=FactSubject.VEHICLE,
        subject_id=vehicle_id,
        property__in=KEEPER_PROPERTIES,
        organisation_id=organisation_id,
        partnership_id=partnership_id,
        superseded_by__isnull=True,
        retracted_at__isnull=True,
    ).values_list("property", "value")
    values = dict(rows)
    person = values.get(FactProperty.KEEPER_PERSON)
    return Keeper(
        name=str(values.get(FactProperty.KEEPER_NAME) or ""),
        address=str(values.get(FactProperty.KEEPER_ADDRESS) or ""),
        person_id=uuid.UUID(str(person)) if person else None,
    )


def letter_organisation_id(action: EnforcementAction) -> uuid.UUID | None:
    """The organisation a keeper letter is from: the one its officer (who served it; before
    that, who drafted it) acts for on the case, as ``documents.issuer_of`` names it."""
    user = action.served_by or action.created_by
    if user is None:
        return None
    organisation = acting_organisation(
        organisations_of(actor_for(user, verified=True)), action.case
    )
    return organisation.pk if organisation is not None else None


def letter_keeper(action: EnforcementAction) -> Keeper:
    """The keeper a keeper letter is addressed to: the issuing organisation's own statement
    of them, in the case's partnership; empty where it has none (the letter then goes to
    "the registered keeper")."""
    organisation_id = letter_organisation_id(action)
    if action.vehicle_id is None or organisation_id is None:
        return Keeper()
    return keeper_held(
        vehicle_id=action.vehicle_id,
        organisation_id=organisation_id,
        partnership_id=action.case.partnership_id,
    )


def letter_keeper_person(action: EnforcementAction) -> Person | None:
    """The person the issuing organisation recorded as the keeper, if it named one."""
    person_id = letter_keeper(action).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None
