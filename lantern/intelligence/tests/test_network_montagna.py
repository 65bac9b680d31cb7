"""The disruption ranking reproduces Cavallaro et al. (2020), "Disrupting resilient criminal
networks through data analysis: the case of Sicilian Mafia", PLOS ONE 15(8): e0236476, on
their Montagna meetings and phone-call networks (../shared/data/networks/montagna/, with its
README; set LANTERN_SHARED_DATA to look elsewhere; skipped where the folder is missing).

The published files (``sequential__<network>__df_<Weighted|Unweighted>_5nrem.csv``) give,
in the Betweenness column, the LCC fraction after 0, 1, 2, ... sequential removals until 5
nodes are left ("5nrem" is their block size, which the sequential runs do not use). Their
code builds a networkx ``Graph`` from the edge list, so an edge listed twice keeps the weight
of its last line, and its weighted runs read the weights as distances. We build the same
graph and use ``Weighting.DISTANCE``; on ties we take the node given last, as their stable
sort does. The whole curve then agrees to floating-point precision, so the tolerance is
1e-9: the fractions are ratios of small integers (k/92 and k/89), and a single different
removal moves a value by at least 1/92, far outside it.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from lantern.intelligence.network import Edge, Network, Node, Weighting

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
MONTAGNA = SHARED / "networks" / "montagna"
TOLERANCE = 1e-9

pytestmark = pytest.mark.skipif(
    not MONTAGNA.is_dir(), reason=f"the Montagna data is not at {MONTAGNA}"
)

NETWORKS = {
    "meeting": "Montagna_meetings_edgelist.csv",
    "phone_calls": "Montagna_phonecalls_edgelist.csv",
}


def load_as_published(filename: str) -> Network:
    """Nodes in order of first appearance, duplicate edges keeping the last weight: the graph
    ``networkx.Graph.add_edge`` builds line by line in the authors' code."""
    nodes: dict[str, Node] = {}
    weights: dict[frozenset[str], tuple[str, str, float]] = {}
    for line in (MONTAGNA / filename).read_text().splitlines():
        if not line.strip():
            continue
        source, target, weight = line.split()
        for end in (source, target):
            nodes.setdefault(end, Node(id=end, label=f"Montagna {end}"))
        weights[frozenset((source, target))] = (source, target, float(weight))
    edges = [Edge(source, target, weight) for source, target, weight in weights.values()]
    return Network(nodes.values(), edges)


def published_curve(network: str, weighted: bool) -> list[float]:
    kind = "Weighted" if weighted else "Unweighted"
    path = MONTAGNA / "published_disruption_results" / f"sequential__{network}__df_{kind}_5nrem.csv"
    with path.open(newline="") as handle:
        return [float(row["Betweenness"]) for row in csv.DictReader(handle)]


def test_the_networks_are_the_ones_the_readme_describes():
    meetings = load_as_published(NETWORKS["meeting"])
    calls = load_as_published(NETWORKS["phone_calls"])
    assert (meetings.graph.vcount(), meetings.graph.ecount()) == (101, 256)
    assert (calls.graph.vcount(), calls.graph.ecount()) == (100, 124)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_sequential_betweenness_removal_reproduces_the_published_lcc_fractions(network, weighted):
    published = published_curve(network, weighted)
    graph = load_as_published(NETWORKS[network])
    weighting = Weighting.DISTANCE if weighted else Weighting.NONE

    ranking = graph.disruption_ranking(weighting, limit=len(published) - 1)

    ours = [1.0] + [step.lcc_fraction for step in ranking.steps]
    assert len(ours) == len(published)
    assert ours == pytest.approx(published, abs=TOLERANCE)
    # The first four removals, as the data folder's README checked them by hand.
    if not weighted:
        readme = {
            "meeting": [1.0, 0.9565, 0.7391, 0.7174, 0.5],
            "phone_calls": [1.0, 0.764, 0.573, 0.427, 0.3933],
        }[network]
        assert ours[:5] == pytest.approx(readme, abs=5e-4)


def test_reading_weights_as_strengths_ranks_differently_from_the_paper():
    """Lantern's own weighted reading (distance = 1 / calls) is not the paper's: the test
    above would catch it if the two were confused."""
    published = published_curve("phone_calls", weighted=True)
    graph = load_as_published(NETWORKS["phone_calls"])
    ranking = graph.disruption_ranking(Weighting.STRENGTH, limit=len(published) - 1)
    ours = [1.0] + [step.lcc_fraction for step in ranking.steps]
    assert ours != pytest.approx(published, abs=TOLERANCE)
