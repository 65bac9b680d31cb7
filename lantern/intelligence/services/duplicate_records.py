"""What the search for duplicates compares: a partnership's entities as the actor may see
them (each with the entity it is shown as, after merges), and one linkage record per person
built from what was said about them (linkage.py's canonical fields)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from lantern.cases.models import Person
from lantern.cases.selectors.subjects import person_list
from lantern.core.actor import Actor
from lantern.intelligence.models import Entity, Link, Statement
from lantern.intelligence.schema import ADDRESS, PERSON, PHONE
from lantern.intelligence.selectors import access

_OUT_OF_SIGHT = uuid.UUID(int=0)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_QUOTES = "'\"\u2018\u2019\u201c\u201d.,()"

Record = dict[str, str | None]


@dataclass
class Scope:
    """A partnership's entities the actor may see, each with the root it is shown as
    (itself, or the entity it was merged into); one merged into an entity out of the actor's
    sight has no root and is not compared."""

    entities: dict[uuid.UUID, Entity]
    root: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def roots(self, schema: str) -> list[Entity]:
        return [e for pk, e in self.entities.items() if e.schema == schema and self.root[pk] == pk]

    def members(self, root_id: uuid.UUID) -> list[uuid.UUID]:
        return [pk for pk, r in self.root.items() if r == root_id]

    def member_of(self, roots: list[Entity]) -> dict[uuid.UUID, uuid.UUID]:
        """Each entity merged into one of ``roots`` (and each root) -> its root."""
        wanted = {r.pk for r in roots}
        return {pk: r for pk, r in self.root.items() if r in wanted}


def scope_of(actor: Actor, partnership: uuid.UUID) -> Scope:
    entities = {
        e.pk: e
        for e in Entity.objects.filter(access.entity_q(actor), partnership_id=partnership).only(
            "id",
            "schema",
            "caption",
            "key",
            "person_id",
            "vehicle_id",
            "merged_into_id",
            "created_at",
            "partnership_id",
        )
    }
    scope = Scope(entities)
    for pk in entities:
        seen, at = {pk}, pk
        while (parent := entities[at].merged_into_id) is not None and parent in entities:
            if parent in seen:
                break
            seen.add(parent)
            at = parent
        scope.root[pk] = at if entities[at].merged_into_id is None else _OUT_OF_SIGHT
    return scope


def split_name(caption: str) -> tuple[str | None, str | None]:
    """A caption's first word as the first name and its last as the surname ("Jay Marsh");
    one word is a first name only; quotes and initials' dots are dropped."""
    words = [w.strip(_QUOTES) for w in str(caption or "").split()]
    words = [w for w in words if w]
    if not words:
        return None, None
    if len(words) == 1:
        return words[0], None
    return words[0], words[-1]


def _latest(values: list[tuple[Any, str]]) -> str | None:
    """The most recently asserted value of (when, value) pairs."""
    kept = [v for v in values if v[1]]
    return max(kept, key=lambda v: str(v[0]))[1] if kept else None


@dataclass
class _Said:
    """What was said about the people compared, by root: dates of birth, homes, phones,
    and the homes' addresses and postcodes."""

    dob: dict[uuid.UUID, list[tuple[Any, str]]] = field(default_factory=dict)
    homes: dict[uuid.UUID, list[tuple[Any, uuid.UUID]]] = field(default_factory=dict)
    phones: dict[uuid.UUID, list[tuple[Any, str]]] = field(default_factory=dict)
    places: dict[tuple[uuid.UUID, str], list[tuple[Any, str]]] = field(default_factory=dict)


def _said(actor: Actor, scope: Scope, member_of: dict[uuid.UUID, uuid.UUID]) -> _Said:
    said = _Said()
    ids = list(member_of)
    for entity_id, value, at in Statement.objects.filter(
        access.statement_q(actor), entity_id__in=ids, prop="date_of_birth"
    ).values_list("entity_id", "value", "asserted_at"):
        said.dob.setdefault(member_of[entity_id], []).append((at, value))
    for source, target, link_type, at in Link.objects.filter(
        access.link_q(actor), source_id__in=ids, link_type__in=["lives_at", "uses_phone"]
    ).values_list("source_id", "target_id", "link_type", "asserted_at"):
        other = scope.entities.get(target)
        if other is None:
            continue
        if link_type == "lives_at" and other.schema == ADDRESS:
            said.homes.setdefault(member_of[source], []).append((at, other.pk))
        elif link_type == "uses_phone" and other.schema == PHONE and other.key:
            said.phones.setdefault(member_of[source], []).append((at, other.key))
    homes = {pk for rows in said.homes.values() for _, pk in rows}
    for entity_id, prop, value, at in Statement.objects.filter(
        access.statement_q(actor), entity_id__in=homes, prop__in=["address", "postcode"]
    ).values_list("entity_id", "prop", "value", "asserted_at"):
        said.places.setdefault((entity_id, prop), []).append((at, value))
    return said


def _address(
    scope: Scope, said: _Said, root: uuid.UUID, casework: Person | None
) -> tuple[str | None, str | None]:
    address = postcode = None
    if root in said.homes:
        home = max(said.homes[root], key=lambda v: str(v[0]))[1]
        address = _latest(said.places.get((home, "address"), [])) or scope.entities[home].caption
        postcode = _latest(said.places.get((home, "postcode"), []))
    if address is None and casework is not None and casework.address:
        address = casework.address
    if postcode is None and address:
        found = _POSTCODE.search(address)
        postcode = f"{found.group(1)} {found.group(2)}".upper() if found else None
    return address, postcode


def person_records(actor: Actor, scope: Scope) -> list[Record]:
    """One linkage record per person shown on its own (those merged into it add what was
    said about them): the name from casework's record (or the caption), the date of birth
    from casework's record or the statements, the address and postcode from the place the
    person lives at, the phone from the phone they use. Only statements and links the actor
    may read, and casework people the actor may see."""
    people = scope.roots(PERSON)
    if not people:
        return []
    member_of = scope.member_of(people)
    said = _said(actor, scope, member_of)
    person_ids = [scope.entities[pk].person_id for pk in member_of]
    casework = {p.pk: p for p in person_list(actor=actor).filter(pk__in=person_ids)}
    records = []
    for person in people:
        members = [scope.entities[pk] for pk in scope.members(person.pk)]
        record = next((casework[m.person_id] for m in members if m.person_id in casework), None)
        if record is not None and (record.given_name or record.family_name):
            first, surname = record.given_name or None, record.family_name or None
        else:
            first, surname = split_name(person.caption)
        born = record.date_of_birth if record is not None else None
        address, postcode = _address(scope, said, person.pk, record)
        records.append(
            {
                "unique_id": str(person.pk),
                "first_name": first,
                "surname": surname,
                "date_of_birth": born.isoformat() if born else _latest(said.dob.get(person.pk, [])),
                "address": address,
                "postcode": postcode,
                "phone": _latest(said.phones.get(person.pk, [])),
            }
        )
    return records
