"""A link chart and a disruption ranking, as the actor may see them (docs/intelligence/chart.md).

Both read the network through need to know (network.py: ``neighbourhood`` and
``whole_network``) and compute the measures with the network library
(lantern/intelligence/network.py). Potential victims (victims.py) are flagged on every node,
listed apart from the ranking and never ranked as disruption targets (DESIGN.md principle 9).

- ``chart``: an entity's neighbourhood to N hops with each node's measures, its links, the
  same links as a timeline, and the disruption ranking of that neighbourhood. The read is
  logged as an access to the entity (``neighbourhood`` does it).
- ``ranking``: the whole visible network's disruption ranking (INTELLIGENCE_ANALYSE),
  logged as an access to the ``intelligence_network`` with the purpose "disruption ranking".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import Filters, GraphLink, neighbourhood, whole_network

if TYPE_CHECKING:
    from lantern.intelligence import network as measures


NETWORK = "intelligence_network"
RANKING_PURPOSE = "disruption ranking"
DEFAULT_TOP = 10
MAX_TOP = 100


@dataclass(frozen=True)
class ChartNode:
    id: uuid.UUID
    schema: str
    schema_label: str
    caption: str
    potential_victim: bool
    centre: bool
    degree: int
    betweenness: float
    eigenvector: float
    community: int


@dataclass(frozen=True)
class ChartLink:
    id: uuid.UUID
    type: str
    label: str
    source: uuid.UUID
    target: uuid.UUID
    weight: float
    grade: str
    handling_conditions: str
    occurred_at: datetime | None
    valid_from: date | None
    valid_to: date | None
    asserted_at: datetime | None
    origin_type: str
    # The timeline's moment: when it happened, else the start of its period, else when it
    # was recorded; and which of the three it is.
    when: datetime | None
    when_is: str


@dataclass(frozen=True)
class RankingStep:
    rank: int
    id: uuid.UUID
    label: str
    score: float
    lcc_fraction: float


@dataclass(frozen=True)
class Victim:
    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class Ranking:
    steps: tuple[RankingStep, ...]
    potential_victims: tuple[Victim, ...]
    nodes: int
    links: int
    initial_lcc: int
    weighting: str


@dataclass(frozen=True)
class Chart:
    centre: uuid.UUID
    hops: int
    nodes: tuple[ChartNode, ...]
    links: tuple[ChartLink, ...]
    timeline: tuple[ChartLink, ...]
    ranking: Ranking


def check_top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise ValidationFailed({"top": [f"Choose how many to rank, between 1 and {MAX_TOP}"]})
    return top


def _moment(link: GraphLink) -> tuple[datetime | None, str]:
    if isinstance(link.occurred_at, datetime):
        return link.occurred_at, "occurred"
    if link.valid_from is not None:
        start = datetime.combine(link.valid_from, time.min)
        return timezone.make_aware(start), "valid from"
    return link.asserted_at, "recorded"


def _link(link: GraphLink) -> ChartLink:
    when, when_is = _moment(link)
    return ChartLink(
        id=link.id,
        type=link.link_type,
        label=LINKS[link.link_type].label if link.link_type in LINKS else link.link_type,
        source=link.source,
        target=link.target,
        weight=link.weight,
        grade=link.grade,
        handling_conditions=link.handling_conditions,
        occurred_at=link.occurred_at if isinstance(link.occurred_at, datetime) else None,
        valid_from=link.valid_from,
        valid_to=link.valid_to,
        asserted_at=link.asserted_at,
        origin_type=link.origin_type,
        when=when,
        when_is=when_is,
    )


def _ranking(library: measures.Network, top: int, nodes: int, links: int) -> Ranking:
    result = library.disruption_ranking(limit=top)
    return Ranking(
        steps=tuple(
            RankingStep(
                rank=s.rank,
                id=uuid.UUID(s.id),
                label=s.label,
                score=s.score,
                lcc_fraction=s.lcc_fraction,
            )
            for s in result.steps
            if not s.potential_victim
        ),
        potential_victims=tuple(
            Victim(id=uuid.UUID(n.id), label=n.label) for n in result.potential_victims
        ),
        nodes=nodes,
        links=links,
        initial_lcc=result.initial_lcc,
        weighting=str(result.weighting),
    )


def chart(
    actor: Actor,
    *,
    entity_id: uuid.UUID,
    hops: int = 2,
    filters: Filters | None = None,
    top: int = DEFAULT_TOP,
) -> Chart:
    """The entity's neighbourhood to ``hops`` links, measured, with its timeline and its
    disruption ranking. NotFound for an entity the actor may not read (or anyone who reads
    no intelligence); ValidationFailed for bad filters."""
    check_top(top)
    network = neighbourhood(actor, entity_id=entity_id, hops=hops, filters=filters)
    library = network.as_library_network()
    measured = {m.id: m for m in library.measures(weighted=True)}
    nodes = []
    for node in network.nodes.values():
        m = measured[str(node.id)]
        nodes.append(
            ChartNode(
                id=node.id,
                schema=node.schema,
                schema_label=ENTITIES[node.schema].label if node.schema in ENTITIES else "",
                caption=node.caption,
                potential_victim=node.potential_victim,
                centre=node.id == network.centre,
                degree=m.degree,
                betweenness=m.betweenness,
                eigenvector=m.eigenvector,
                community=m.community,
            )
        )
    nodes.sort(key=lambda n: (not n.centre, -n.degree, n.caption))
    links = tuple(_link(link) for link in network.links)
    timeline = tuple(
        sorted(
            links,
            key=lambda link: (link.when is None, link.when or timezone.now(), str(link.id)),
        )
    )
    return Chart(
        centre=network.centre or entity_id,
        hops=hops,
        nodes=tuple(nodes),
        links=links,
        timeline=timeline,
        ranking=_ranking(library, top, len(nodes), len(links)),
    )


def may_rank(actor: Actor) -> bool:
    return access.may_read(actor) and can(actor, Permission.INTELLIGENCE_ANALYSE)


def ranking(actor: Actor, *, filters: Filters | None = None, top: int = DEFAULT_TOP) -> Ranking:
    """The disruption ranking of every link the actor may read: who, removed in turn, most
    breaks up the network. Potential victims are listed apart, never ranked. Logged."""
    access.require_reader(actor)
    if not can(actor, Permission.INTELLIGENCE_ANALYSE):
        raise PermissionDenied("intelligence.analyse")
    check_top(top)
    network = whole_network(actor, filters=filters)
    access.logged(actor, NETWORK, _network_id(actor), RANKING_PURPOSE)
    library = network.as_library_network()
    return _ranking(library, top, len(network.nodes), len(network.links))


def _network_id(actor: Actor) -> uuid.UUID:
    """The audit log names an object by id: the network read is the actor's partnerships'
    (the first, by id), or a fixed id for the system actor."""
    ids = sorted(str(p) for p in actor.partnership_ids)
    return uuid.UUID(ids[0]) if ids else uuid.UUID(int=0)
