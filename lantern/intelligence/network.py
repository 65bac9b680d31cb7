"""Network measures and the disruption ranking, computed with igraph.

A network here is plain data: nodes (an id, a label, and whether the node is a potential
victim) and weighted undirected edges. Nothing in this module reads the database or checks
permissions; the caller has already chosen, through the permission layer, what the analyst
may see, and passes the result in. The measures:

- **degree**: how many different nodes a node is tied to; **strength**: the sum of the
  weights of its ties (calls, meetings, sightings together).
- **betweenness**: on how many shortest paths between two other nodes a node lies (igraph's
  count, not normalised). It finds brokers: the people through whom the rest are connected.
- **eigenvector centrality**: high for nodes tied to nodes that are themselves central,
  scaled so that the highest is 1.
- **communities**: groups found with the Leiden algorithm maximising modularity, seeded so
  that the same network always gives the same groups.
- **disruption ranking**: sequential removal of the node with the highest betweenness,
  recomputed after each removal, with the share of the original largest connected component
  (LCC) that is left after each removal (Cavallaro et al. 2020, PLOS ONE 15(8): e0236476).

Weights are strengths of a tie (a call count, a meeting count). igraph's weighted shortest
paths, and so its weighted betweenness, read a weight as a *distance*: a path along heavy
edges counts as long. ``Weighting.STRENGTH`` therefore converts each weight into the
distance ``1 / weight``, so that a tie used often is a short path. ``Weighting.DISTANCE``
passes the weights through as distances unchanged: that is what Cavallaro et al. did (their
code calls networkx's ``betweenness_centrality(G, weight="weight")``, which reads weights as
distances), and it is kept so that their published results can be reproduced.
Eigenvector centrality and communities read weights as strengths, as igraph does.

**Victims are never targets** (DESIGN.md principle 9). A node marked as a potential victim
(an open exploitation concern, or under 18) stays in the graph for every measure, because
taking it out would misdraw the network, and it is returned flagged in every output, but it
is never chosen for removal and never listed as a disruption target: victims are often the
most connected people in these networks, and a ranking that put them first would send
enforcement at the wrong people.
"""

from __future__ import annotations

import math
import random
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import igraph as ig

from lantern.core.errors import ValidationFailed

# Scores this close (relative) are a tie: igraph and networkx sum shortest paths in different
# orders, so two nodes that are symmetric in the graph can differ in the last bits.
TIE_TOLERANCE = 1e-9
# igraph draws its random numbers from one process-wide generator; seeding it for a
# community search must not interleave with another thread's search.
_RNG_LOCK = threading.Lock()


class Weighting(StrEnum):
    """How edge weights enter betweenness (see the module's docstring)."""

    NONE = "none"  # every tie is one step
    STRENGTH = "strength"  # weight is the strength of a tie: distance = 1 / weight
    DISTANCE = "distance"  # weight is read as a distance, as Cavallaro et al. did


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    potential_victim: bool = False


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: float = 1.0


@dataclass(frozen=True)
class NodeMeasures:
    id: str
    label: str
    potential_victim: bool
    degree: int
    strength: float
    betweenness: float
    eigenvector: float
    community: int


@dataclass(frozen=True)
class DisruptionStep:
    """One removal: the node taken out, its betweenness just before, and the share of the
    original LCC's size that the largest component has after this and every earlier removal.
    ``potential_victim`` is always false here; it is spelt out so every output carries it."""

    rank: int
    id: str
    label: str
    score: float
    lcc_fraction: float
    potential_victim: bool = False


@dataclass(frozen=True)
class DisruptionRanking:
    steps: tuple[DisruptionStep, ...]
    # The potential victims, kept in the graph and never ranked: shown beside the ranking so
    # that nobody reads their absence as "not there".
    potential_victims: tuple[Node, ...]
    weighting: Weighting
    initial_lcc: int


class Network:
    """A validated network and its igraph graph. Edges between the same two nodes (in either
    direction) are one tie whose weight is the sum of theirs: two reports of the same calls
    are read as a stronger tie."""

    def __init__(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        self.nodes: tuple[Node, ...] = tuple(nodes)
        index = _index_nodes(self.nodes)
        weights = _merge_edges(edges, index)
        self.graph = ig.Graph(n=len(self.nodes), edges=list(weights), directed=False)
        self.graph.es["weight"] = list(weights.values())
        self.graph.vs["node"] = list(range(len(self.nodes)))

    def measures(self, *, weighted: bool = True, seed: int = 0) -> list[NodeMeasures]:
        """Every measure for every node, in the order the nodes were given. ``weighted``
        uses the weights as strengths (betweenness with distance = 1 / weight)."""
        weighting = Weighting.STRENGTH if weighted else Weighting.NONE
        strengths = self.graph.strength(weights="weight") if self.graph.ecount() else None
        betweenness = self.betweenness(weighting)
        eigenvector = self.eigenvector(weighted=weighted)
        communities = self.communities(weighted=weighted, seed=seed)
        return [
            NodeMeasures(
                id=node.id,
                label=node.label,
                potential_victim=node.potential_victim,
                degree=self.graph.degree(i),
                strength=float(strengths[i]) if strengths else 0.0,
                betweenness=betweenness[node.id],
                eigenvector=eigenvector[node.id],
                community=communities[node.id],
            )
            for i, node in enumerate(self.nodes)
        ]

    def betweenness(self, weighting: Weighting = Weighting.STRENGTH) -> dict[str, float]:
        scores = _betweenness(self.graph, weighting)
        return {node.id: float(score) for node, score in zip(self.nodes, scores, strict=True)}

    def eigenvector(self, *, weighted: bool = True) -> dict[str, float]:
        """Eigenvector centrality, the highest scaled to 1. A network without ties has none:
        every node scores 0."""
        if not self.graph.ecount():
            return {node.id: 0.0 for node in self.nodes}
        # No ``directed=False``: the graph is undirected, and igraph 1.0 refuses the flag.
        # A chart is often several separate groups: igraph then warns that the nodes outside
        # the main group score near 0, which is the answer (docs/intelligence.md), not a fault.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Some eigenvector centralities", RuntimeWarning)
            scores = self.graph.eigenvector_centrality(
                scale=True, weights="weight" if weighted else None
            )
        return {node.id: float(score) for node, score in zip(self.nodes, scores, strict=True)}

    def communities(self, *, weighted: bool = True, seed: int = 0) -> dict[str, int]:
        """Leiden communities maximising modularity, numbered from 0 by their first member
        in the order the nodes were given. The same network and seed give the same answer."""
        with _RNG_LOCK:
            ig.set_random_number_generator(random.Random(seed))  # noqa: S311  (not a secret)
            try:
                clustering = self.graph.community_leiden(
                    objective_function="modularity",
                    weights="weight" if weighted else None,
                    n_iterations=-1,
                )
            finally:
                ig.set_random_number_generator(random)
        renumber: dict[int, int] = {}
        membership = [renumber.setdefault(c, len(renumber)) for c in clustering.membership]
        return {node.id: membership[i] for i, node in enumerate(self.nodes)}

    def disruption_ranking(
        self, weighting: Weighting = Weighting.NONE, *, limit: int | None = None
    ) -> DisruptionRanking:
        """Sequential removal by betweenness, recomputed after each removal, until ``limit``
        nodes are removed or only potential victims are left. Potential victims stay in the
        graph (they connect others, and count in the LCC) but are never chosen. Among nodes
        whose scores tie, the one given last is taken, as in Cavallaro et al.'s code (a stable
        sort by score, then the last element), so that their published curves reproduce."""
        graph = self.graph.copy()
        initial_lcc = _largest_component(graph)
        steps: list[DisruptionStep] = []
        while limit is None or len(steps) < limit:
            candidates = [v.index for v in graph.vs if not self.nodes[v["node"]].potential_victim]
            if not candidates:
                break
            scores = _betweenness(graph, weighting)
            chosen = _highest(candidates, scores)
            node = self.nodes[graph.vs[chosen]["node"]]
            graph.delete_vertices(chosen)
            steps.append(
                DisruptionStep(
                    rank=len(steps) + 1,
                    id=node.id,
                    label=node.label,
                    score=float(scores[chosen]),
                    lcc_fraction=_largest_component(graph) / initial_lcc,
                )
            )
        return DisruptionRanking(
            steps=tuple(steps),
            potential_victims=tuple(node for node in self.nodes if node.potential_victim),
            weighting=weighting,
            initial_lcc=initial_lcc,
        )


def _index_nodes(nodes: Sequence[Node]) -> dict[str, int]:
    index: dict[str, int] = {}
    duplicates = []
    for i, node in enumerate(nodes):
        if node.id in index:
            duplicates.append(node.id)
        index[node.id] = i
    if duplicates:
        raise ValidationFailed({"nodes": [f"node {d} is listed twice" for d in duplicates]})
    return index


def _merge_edges(edges: Iterable[Edge], index: dict[str, int]) -> dict[tuple[int, int], float]:
    merged: dict[tuple[int, int], float] = {}
    errors = []
    for edge in edges:
        problem = _edge_problem(edge, index)
        if problem:
            errors.append(problem)
            continue
        a, b = sorted((index[edge.source], index[edge.target]))
        merged[(a, b)] = merged.get((a, b), 0.0) + float(edge.weight)
    if errors:
        raise ValidationFailed({"edges": errors})
    return merged


def _edge_problem(edge: Edge, index: dict[str, int]) -> str | None:
    name = f"{edge.source}-{edge.target}"
    unknown = [end for end in (edge.source, edge.target) if end not in index]
    if unknown:
        return f"edge {name} names a node that is not in the network: {', '.join(unknown)}"
    if edge.source == edge.target:
        return f"edge {name} links a node to itself"
    if not (math.isfinite(edge.weight) and edge.weight > 0):
        return f"edge {name} has weight {edge.weight}; a weight must be a positive number"
    return None


def _betweenness(graph: ig.Graph, weighting: Weighting) -> list[float]:
    if weighting is Weighting.NONE or not graph.ecount():
        return list(graph.betweenness(directed=False))
    weights = graph.es["weight"]
    distances = [1.0 / w for w in weights] if weighting is Weighting.STRENGTH else weights
    return list(graph.betweenness(directed=False, weights=distances))


def _highest(candidates: list[int], scores: list[float]) -> int:
    """The candidate with the highest score; of a tie, the last candidate."""
    top = max(scores[i] for i in candidates)
    tied = [i for i in candidates if scores[i] >= top - TIE_TOLERANCE * max(1.0, abs(top))]
    return tied[-1]


def _largest_component(graph: ig.Graph) -> int:
    if not graph.vcount():
        return 0
    return max(graph.connected_components().sizes())
