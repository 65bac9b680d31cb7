"""Looking people up across sibling apps without importing them.

The cases app owns people (subjects); safeguarding, its sibling, may not import it, yet its
pages must say whom a screening is about. The owner registers a lookup here (in the shared
kernel) and others call it. The lookup applies the owner's own permission layer: it returns
None when the actor may not know the person exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lantern.core.actor import Actor


@dataclass(frozen=True)
class PersonSummary:
    id: uuid.UUID
    label: str  # the name the owner's permission layer lets this actor see
    date_of_birth: date | None
    estimated_age: int | None
    case_ids: tuple[uuid.UUID, ...]
    lead_officer_ids: tuple[uuid.UUID, ...]

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth:
            dob = self.date_of_birth
            return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        return self.estimated_age


PersonLookup = Callable[[Actor, uuid.UUID], PersonSummary | None]
_person_lookup: PersonLookup | None = None


def register_person_lookup(lookup: PersonLookup) -> None:
    global _person_lookup
    _person_lookup = lookup


def person(actor: Actor, person_id: uuid.UUID) -> PersonSummary | None:
    if _person_lookup is None:
        return None
    return _person_lookup(actor, person_id)
