"""Who in a network is a potential victim (DESIGN.md principle 9): a person with an
exploitation concern on record or under 18, as safeguarding and casework decide it, or a
person whose date of birth, as intelligence states it, makes them under 18. Flagged in every
chart, table and export; never a disruption target."""

from __future__ import annotations

import uuid
from datetime import date

from django.utils.timezone import localdate

from lantern.cases.models import Person
from lantern.core import clock
from lantern.intelligence.models import Entity, Statement
from lantern.intelligence.schema import PERSON
from lantern.safeguarding.selectors.gate import potential_victims


def _under_18(dob: date, today: date) -> bool:
    age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return age < 18


def potential_victim_entities(entity_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these entities, the people who are potential victims. Returns ids only."""
    today = localdate(clock.now())
    people = dict(
        Entity.objects.filter(pk__in=entity_ids, schema=PERSON).values_list("id", "person_id")
    )
    if not people:
        return set()
    found: set[uuid.UUID] = set()
    by_person = {pid: eid for eid, pid in people.items() if pid is not None}
    if by_person:
        flagged = potential_victims(list(by_person))
        found.update(by_person[pid] for pid in flagged)
        for pid, dob, estimated, estimated_on in Person.objects.filter(
            pk__in=list(by_person)
        ).values_list("id", "date_of_birth", "estimated_age", "estimated_on"):
            if dob is not None and _under_18(dob, today):
                found.add(by_person[pid])
            elif dob is None and estimated is not None:
                years = today.year - estimated_on.year if estimated_on else 0
                if estimated + years < 18:
                    found.add(by_person[pid])
    for eid, value in Statement.objects.filter(
        entity_id__in=list(people), prop="date_of_birth", retracted_at__isnull=True
    ).values_list("entity_id", "value"):
        try:
            dob = date.fromisoformat(value)
        except ValueError:
            continue
        if _under_18(dob, today):
            found.add(eid)
    return found
