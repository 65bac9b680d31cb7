"""Safeguarding test fixtures: people (a fake of the cases app's person directory and of its
person partnership lookup, a third-party boundary for this app) and actors of each role."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from conftest import actor_of
from lantern.core import clock, directory
from lantern.core.actor import Actor, Role
from lantern.core.directory import PersonSummary


class People:
    """The people the fake directory knows: their age and their cases' lead officers."""

    def __init__(self) -> None:
        self.known: dict[uuid.UUID, PersonSummary] = {}
        self.partnerships: dict[uuid.UUID, uuid.UUID] = {}

    def add(
        self,
        *,
        age: int | None = 30,
        leads: tuple = (),
        label: str = "",
        person_id: uuid.UUID | None = None,
        partnership: uuid.UUID | None = None,
    ) -> uuid.UUID:
        """A person; with ``partnership``, the cases app says they belong to it (without, it
        does not know: records about them take their writer's partnership)."""
        person_id = person_id or uuid.uuid4()
        if partnership is not None:
            self.partnerships[person_id] = partnership
        dob = date(clock.now().year - age, 1, 1) if age is not None else None
        self.known[person_id] = PersonSummary(
            id=person_id,
            label=label or f"Test person {len(self.known) + 1}",
            date_of_birth=dob,
            estimated_age=None,
            case_ids=(uuid.uuid4(),),
            lead_officer_ids=tuple(leads),
        )
        return person_id

    def lookup(self, actor: Actor, person_id: uuid.UUID) -> PersonSummary | None:
        if actor.user_id is None and not actor.is_system:
            return None
        return self.known.get(person_id)

    def partnership(self, person_id: uuid.UUID) -> uuid.UUID | None:
        return self.partnerships.get(person_id)


@pytest.fixture
def people():
    before = directory._person_lookup, directory.partnership_lookup("person")
    registry = People()
    directory.register_person_lookup(registry.lookup)
    directory.register_partnership_lookup("person", registry.partnership)
    yield registry
    directory._person_lookup = before[0]
    if before[1] is not None:
        directory.register_partnership_lookup("person", before[1])


@pytest.fixture
def actor(make_user):
    """``actor(role)``: a verified actor of a new user with ``role``."""

    def build(role: Role, org: str | None = "default") -> Actor:
        return actor_of(make_user(role, org))

    return build
