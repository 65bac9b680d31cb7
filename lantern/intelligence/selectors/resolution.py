"""Reads for resolving duplicates: two candidate entities side by side, each with what was
said about it and by whom (need to know applies to every statement and link)."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass

from django.db.models import Q

from lantern.cases.selectors.subjects import person_get
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.intelligence.models import Entity, Link, ResolutionCandidate, Statement
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.records import (
    LinkView,
    PropertyView,
    candidate_get,
    entity_list,
)

FOUND_BY_LABELS = {
    "linkage": "Record linkage (splink): names, date of birth, address and phone compared",
    "rule": "Rule: registrations one character apart or misread, or one phone number "
    "written two ways",
    "analyst": "Put forward by an analyst",
}


def found_by_label(found_by: str) -> str:
    return FOUND_BY_LABELS.get(found_by, found_by)


def probability_label(probability: float | None) -> str:
    if probability is None:
        return "Not scored"
    if probability >= 0.9995:
        return "over 99.9%"
    return f"{probability * 100:.1f}%"


@dataclass
class Side:
    """One entity of a candidate pair: its own statements and links (not those of entities
    merged into it), where it is merged now, and the casework record it stands for."""

    entity: Entity
    properties: list[PropertyView]
    links: list[LinkView]
    merged_into: Entity | None
    casework_label: str  # "" when it is not a casework person or the actor may not see it

    @property
    def said(self) -> bool:
        return any(p.statements for p in self.properties)


@dataclass
class Comparison:
    candidate: ResolutionCandidate
    a: Side
    b: Side


def _side(actor: Actor, entity: Entity, full: bool) -> Side:
    schema = ENTITIES[entity.schema]
    statements = list(
        Statement.objects.filter(access.statement_q(actor, full=full), entity=entity)
        .select_related("organisation", "asserted_by")
        .order_by("asserted_at")
    )
    properties = [
        PropertyView(p.name, p.label, [s for s in statements if s.prop == p.name])
        for p in schema.props
    ]
    links = []
    for link in (
        Link.objects.filter(access.link_q(actor, full=full))
        .filter(Q(source=entity) | Q(target=entity))
        .select_related("source", "target", "organisation")
        .order_by("asserted_at")
    ):
        outgoing = link.source_id == entity.pk
        declared = LINKS[link.link_type]
        links.append(
            LinkView(
                link=link,
                other=link.target if outgoing else link.source,
                label=declared.label if outgoing else declared.reverse_label,
                outgoing=outgoing,
            )
        )
    casework = ""
    if entity.person_id:
        # Casework's record of the person, read (and logged) through its owner's layer.
        with contextlib.suppress(NotFound):
            person = person_get(actor=actor, person_id=entity.person_id)
            born = f", born {person.date_of_birth:%-d %b %Y}" if person.date_of_birth else ""
            casework = f"{person.label}{born}"
    merged_into = None
    if entity.merged_into_id:
        merged_into = Entity.objects.filter(
            access.entity_q(actor, full=full), pk=entity.merged_into_id
        ).first()
    return Side(entity, properties, links, merged_into, casework)


def candidate_comparison(actor: Actor, *, candidate_id: uuid.UUID) -> Comparison:
    """A candidate and its two entities side by side (an analyst only). Access events: the
    candidate and each entity."""
    candidate = candidate_get(actor, candidate_id=candidate_id)
    full = access.reads_all(actor)
    for entity_id in (candidate.entity_a_id, candidate.entity_b_id):
        access.logged(actor, access.ENTITY, entity_id, purpose="resolution")
    return Comparison(
        candidate,
        _side(actor, candidate.entity_a, full),
        _side(actor, candidate.entity_b, full),
    )


def entity_choices(actor: Actor, *, search: str, limit: int = 20) -> list[Entity]:
    """Entities matching a search, for choosing a pair by hand (not merged into another)."""
    text = str(search or "").strip()
    if not text:
        return []
    return list(entity_list(actor, search=text).order_by("schema", "caption")[:limit])
