"""A keeper letter alleges nothing by construction (KEEPER_LETTER_NO_ALLEGATION)."""

from __future__ import annotations

from lantern.cases.addresses import person_name, postal_address, street_address
from lantern.cases.keepers import letter_keeper
from lantern.cases.rules.common import (
    K,
    Step,
)
from lantern.core import rules

# What a keeper letter may carry besides its template's fields: nothing.
KEEPER_LETTER_FREE_TEXT = (
    "conduct",
    "detrimental_effect",
    "persistent_nature",
    "unreasonable_because",
    "inspector_authorisation",
    "locality",
    "supervisor_name",
)


@rules.register
class KeeperLetterNoAllegation(rules.Rule):
    """A letter to a vehicle's registered keeper alleges nothing: it is a fixed template filled
    with the time the vehicle was seen, the place as a street address and the vehicle's
    registration, addressed to the keeper, and nothing an officer writes is added to it.
    Draft it from a sighting reported with a street address."""

    id = "KEEPER_LETTER_NO_ALLEGATION"
    source = "Police practice (DOMAIN.md 3.5); UK GDPR Art. 5(1)(a)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.KEEPER_LETTER:
            return True
        sighting = action.sighting or {}
        place = str(sighting.get("place") or "")
        if not (sighting.get("seen_at") and action.vehicle_id and street_address(place) == place):
            return False
        if any(str(getattr(action, name) or "").strip() for name in KEEPER_LETTER_FREE_TEXT):
            return False
        if action.requirements or action.evidence or action.exclusion_area:
            return False
        if action.person_id is not None or action.body_id is not None:
            return False
        keeper = letter_keeper(action)
        return _keeper_shaped(keeper.name, keeper.address)


def _keeper_shaped(name: str, address: str) -> bool:
    """The keeper's details, printed as the letter's addressee, have the shape of a name and
    a postal address (or are not recorded: the letter is then to "the registered keeper")."""
    if not name and not address:
        return True
    return person_name(name) is not None and postal_address(address) is not None
