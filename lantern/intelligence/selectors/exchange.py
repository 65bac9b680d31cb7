"""The network an export or a ranking reads: ``whole_network`` or ``neighbourhood`` (need to
know applied there), narrowed to one partnership when asked, and the disruption ranking of
it. docs/intelligence/exports.md."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lantern.audit.services import audit_access
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.intelligence.models import Entity
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import Filters, Network, neighbourhood, whole_network

if TYPE_CHECKING:
    from lantern.intelligence import network as measures


NETWORK = "intelligence_network"


def _check_partnership(actor: Actor, partnership_id: uuid.UUID | None) -> None:
    if partnership_id is not None and not (
        actor.is_system or partnership_id in actor.partnership_ids
    ):
        raise ValidationFailed({"partnership": ["Choose one of your partnerships"]})


def restrict(network: Network, partnership_id: uuid.UUID | None) -> Network:
    """Only the entities of one partnership and the links between them (a link never joins
    two partnerships, so nothing is cut in two)."""
    if partnership_id is None:
        return network
    ids = list(network.nodes)
    inside = set(
        Entity.objects.filter(pk__in=ids, partnership_id=partnership_id).values_list(
            "id", flat=True
        )
    )
    return Network(
        nodes={pk: node for pk, node in network.nodes.items() if pk in inside},
        links=[link for link in network.links if link.source in inside and link.target in inside],
        centre=network.centre if network.centre in inside else None,
    )


def network_for(
    actor: Actor,
    *,
    entity_id: uuid.UUID | None = None,
    hops: int = 2,
    filters: Filters | None = None,
    partnership_id: uuid.UUID | None = None,
) -> Network:
    """The whole network the actor may read (in one partnership, if given), or one entity's
    neighbourhood to ``hops`` links (its read logged by ``neighbourhood``)."""
    _check_partnership(actor, partnership_id)
    if entity_id is not None:
        return neighbourhood(actor, entity_id=entity_id, hops=hops, filters=filters)
    return restrict(whole_network(actor, filters=filters), partnership_id)


@dataclass(frozen=True)
class Ranking:
    ranking: measures.DisruptionRanking
    nodes: int
    links: int


def disruption_ranking(
    actor: Actor,
    *,
    top: int = 10,
    partnership_id: uuid.UUID | None = None,
    filters: Filters | None = None,
) -> Ranking:
    """Sequential removal by (unweighted) betweenness over the whole network the actor may
    read: the first ``top`` disruption targets, potential victims never among them. The read
    is logged (purpose "rank") against the partnership, or the network as a whole."""
    access.require_reader(actor)
    if not 1 <= top <= 1000:
        raise ValidationFailed({"top": ["Choose how many to rank, from 1 to 1000"]})
    network = network_for(actor, filters=filters, partnership_id=partnership_id)
    library = network.as_library_network()
    from lantern.intelligence import network as measures

    ranking = library.disruption_ranking(measures.Weighting.NONE, limit=top)
    audit_access(
        actor=actor,
        object_type=NETWORK,
        object_id=partnership_id or "all",
        data_class=access.INTEL,
        purpose="rank",
    )
    return Ranking(ranking=ranking, nodes=len(network.nodes), links=len(network.links))
