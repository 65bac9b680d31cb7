"""The network as the actor may see it, loaded from the database for the network library
(lantern/intelligence/network.py), a chart, a ranking or an export.

Links are read through need to know (access.link_q) and filtered by type, period and
minimum grading. A merged entity is drawn as the entity it was merged into: its links
become that entity's. Potential victims (victims.py) are flagged on every node.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.intelligence.models import Entity, Link
from lantern.intelligence.schema import LINKS
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.victims import potential_victim_entities

if TYPE_CHECKING:
    from lantern.intelligence import network as measures

MAX_HOPS = 4
ASSESSMENTS = "ABCDE"


@dataclass(frozen=True)
class Filters:
    """What a chart, a ranking or an export shows."""

    link_types: frozenset[str] = frozenset()  # empty: every type
    since: date | None = None
    until: date | None = None
    # The weakest grading shown, as "2B": source evaluation 1-2 and assessment A-B.
    min_grade: str = ""

    def __post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        unknown = sorted(set(self.link_types) - set(LINKS))
        if unknown:
            errors["link_types"] = [
                f"Unknown link type {', '.join(unknown)}: choose from {', '.join(LINKS)}"
            ]
        if self.min_grade and not _grade_ok(self.min_grade):
            errors["min_grade"] = [
                "Give the weakest grading to show as a source evaluation 1-3 and an "
                "assessment A-E, such as 2B"
            ]
        if self.since and self.until and self.until < self.since:
            errors["until"] = ["The end of the period must not be before its start"]
        if errors:
            raise ValidationFailed(errors)

    def q(self) -> Q:
        q = Q()
        if self.link_types:
            q &= Q(link_type__in=sorted(self.link_types))
        # A link counts in a period when its validity (or the moment it happened) overlaps it.
        if self.since:
            q &= Q(valid_to__isnull=True) | Q(valid_to__gte=self.since)
            q &= Q(occurred_at__isnull=True) | Q(occurred_at__date__gte=self.since)
        if self.until:
            q &= Q(valid_from__isnull=True) | Q(valid_from__lte=self.until)
            q &= Q(occurred_at__isnull=True) | Q(occurred_at__date__lte=self.until)
        if self.min_grade:
            evaluation, assessment = self.min_grade[0], self.min_grade[1].upper()
            q &= Q(source_evaluation__lte=evaluation)
            q &= Q(assessment__in=list(ASSESSMENTS[: ASSESSMENTS.index(assessment) + 1]))
        return q


def _grade_ok(text: str) -> bool:
    return len(text) == 2 and text[0] in "123" and text[1].upper() in ASSESSMENTS


@dataclass
class GraphNode:
    id: uuid.UUID
    schema: str
    caption: str
    potential_victim: bool = False
    merged_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass
class GraphLink:
    id: uuid.UUID
    link_type: str
    source: uuid.UUID
    target: uuid.UUID
    weight: float
    grade: str
    handling_conditions: str
    occurred_at: object
    valid_from: date | None
    valid_to: date | None
    origin_type: str
    # When it was recorded: the timeline's date for a link with no time or period of its own.
    asserted_at: datetime | None = None


@dataclass
class Network:
    nodes: dict[uuid.UUID, GraphNode]
    links: list[GraphLink]
    centre: uuid.UUID | None = None

    def as_library_network(self) -> measures.Network:
        """The plain network the measures take: undirected ties summed per pair. igraph (and
        the matplotlib it loads) is imported here, when a measure is wanted, not when a web
        process starts (tests/test_web_memory.py)."""
        from lantern.intelligence import network as measures

        return measures.Network(
            [
                measures.Node(id=str(n.id), label=n.caption, potential_victim=n.potential_victim)
                for n in self.nodes.values()
            ],
            [
                measures.Edge(source=str(link.source), target=str(link.target), weight=link.weight)
                for link in self.links
            ],
        )


# The order network_of unpacks them in.
LINK_FIELDS = (
    "id",
    "link_type",
    "source_id",
    "target_id",
    "weight",
    "source_evaluation",
    "assessment",
    "handling",
    "handling_conditions",
    "occurred_at",
    "valid_from",
    "valid_to",
    "origin_type",
    "asserted_at",
)


def canonical_ids(entity_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Each entity's canonical id: itself, or the entity it was merged into (followed)."""
    result: dict[uuid.UUID, uuid.UUID] = {}
    pending = set(entity_ids)
    parents: dict[uuid.UUID, uuid.UUID | None] = {}
    while pending:
        rows = (
            Entity.objects.filter(pk__in=list(pending))
            .order_by()
            .values_list("id", "merged_into_id")
        )
        pending = set()
        for pk, parent in rows:
            parents[pk] = parent
            if parent is not None and parent not in parents:
                pending.add(parent)
    for pk in parents:
        seen, at = {pk}, pk
        while parents.get(at) is not None:
            at = parents[at]  # type: ignore[assignment]
            if at in seen:
                break
            seen.add(at)
        result[pk] = at
    return result


def members_of(canonical_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The entities merged into each of these (directly or through another), themselves
    included."""
    members = {pk: [pk] for pk in canonical_ids}
    frontier = dict.fromkeys(members, None)
    owner = {pk: pk for pk in members}
    while frontier:
        rows = (
            Entity.objects.filter(merged_into_id__in=list(frontier))
            .order_by()
            .values_list("id", "merged_into_id")
        )
        frontier = {}
        for pk, parent in rows:
            root = owner[parent]
            if pk not in owner:
                owner[pk] = root
                members[root].append(pk)
                frontier[pk] = None
    return members


def network_of(rows: list[tuple], centre: uuid.UUID | None) -> Network:
    """The network of these link rows (tuples of LINK_FIELDS, read with values_list)."""
    ids = {r[2] for r in rows} | {r[3] for r in rows}
    if centre is not None:
        ids.add(centre)
    canonical = canonical_ids(ids)
    nodes: dict[uuid.UUID, GraphNode] = {}
    entities = (
        Entity.objects.filter(pk__in=set(canonical.values()))
        .order_by("caption", "id")
        .values_list("id", "schema", "caption")
    )
    for pk, schema, caption in entities:
        nodes[pk] = GraphNode(id=pk, schema=schema, caption=caption)
    for pk, root in canonical.items():
        if root in nodes:
            nodes[root].merged_ids.append(pk)
    for pk in potential_victim_entities(list(nodes)):
        nodes[pk].potential_victim = True
    links = []
    for (
        pk,
        link_type,
        source_id,
        target_id,
        weight,
        evaluation,
        assessment,
        handling,
        conditions,
        occurred_at,
        valid_from,
        valid_to,
        origin_type,
        asserted_at,
    ) in rows:
        source, target = canonical[source_id], canonical[target_id]
        if source == target:
            continue  # a link between two records merged into one
        links.append(
            GraphLink(
                id=pk,
                link_type=link_type,
                source=source,
                target=target,
                weight=weight,
                grade=f"{evaluation}{assessment}-{handling}",
                handling_conditions=conditions,
                occurred_at=occurred_at,
                valid_from=valid_from,
                valid_to=valid_to,
                origin_type=origin_type,
                asserted_at=asserted_at,
            )
        )
    return Network(nodes=nodes, links=links, centre=centre)


def whole_network(actor: Actor, *, filters: Filters | None = None) -> Network:
    """Every link the actor may read in their partnerships (for a ranking or an export).
    The caller logs the read (it knows why)."""
    access.require_reader(actor)
    filters = filters or Filters()
    full = access.reads_all(actor)
    rows = list(
        Link.objects.filter(access.link_q(actor, full=full), filters.q()).values_list(*LINK_FIELDS)
    )
    return network_of(rows, None)


def _touching(entity_ids: list[uuid.UUID]) -> QuerySet[Link, Any]:
    """The ids of the links from or to these entities, as a subquery. The caller filters
    ``pk__in`` it, so the database finds the links by their source and target indexes first
    and applies need to know and the filters to those alone (with need to know's partnership
    test beside them, SQLite without statistics would scan the whole partnership)."""
    return Link.objects.filter(Q(source_id__in=entity_ids) | Q(target_id__in=entity_ids)).values(
        "pk"
    )


def neighbourhood(
    actor: Actor, *, entity_id: uuid.UUID, hops: int = 2, filters: Filters | None = None
) -> Network:
    """The entity and everything within ``hops`` links of it that the actor may read.
    Logs the read of the chart as an access to the entity."""
    if not 1 <= hops <= MAX_HOPS:
        raise ValidationFailed({"hops": [f"Choose between 1 and {MAX_HOPS} hops"]})
    filters = filters or Filters()
    full = access.reads_all(actor)
    centre = access.one(actor, Entity, access.entity_q(actor, full=full), entity_id, access.ENTITY)
    root = canonical_ids([centre.pk])[centre.pk]
    base = Link.objects.filter(access.link_q(actor, full=full), filters.q()).order_by()
    seen_roots = {root}
    frontier_members = members_of([root])[root]
    rows: dict[uuid.UUID, tuple] = {}
    for _ in range(hops):
        found = [
            r
            for r in base.filter(pk__in=_touching(frontier_members)).values_list(*LINK_FIELDS)
            if r[0] not in rows
        ]
        for r in found:
            rows[r[0]] = r
        touched = {r[2] for r in found} | {r[3] for r in found}
        new_roots = set(canonical_ids(touched).values()) - seen_roots
        if not new_roots:
            break
        seen_roots |= new_roots
        frontier_members = [m for members in members_of(new_roots).values() for m in members]
    # Links among the last ring's entities were not read yet: read them, so the chart shows
    # every tie between the entities it draws.
    all_members = [m for members in members_of(seen_roots).values() for m in members]
    among = Link.objects.filter(source_id__in=all_members, target_id__in=all_members)
    for r in base.filter(pk__in=among.values("pk")).values_list(*LINK_FIELDS):
        rows.setdefault(r[0], r)
    return network_of(list(rows.values()), root)
