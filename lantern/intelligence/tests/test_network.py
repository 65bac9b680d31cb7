"""The network library on small invented networks: the measures, how weights are read, bad
input, and the safeguarding rule (DESIGN.md principle 9: victims are never targets)."""

from __future__ import annotations

import pytest

from lantern.core.errors import ValidationFailed
from lantern.intelligence.network import Edge, Network, Node, Weighting


def exploitation_network(*, flag_victims: bool = True) -> Network:
    """A controller whose phone two women use; each woman is seen with six men buying sex,
    and the women know each other. The controller's driver knows an address's keyholder. The
    women are the most connected people here, by degree and by betweenness."""
    women = [Node(f"v{i}", f"Woman {i}", potential_victim=flag_victims) for i in (1, 2)]
    nodes = [
        Node("c", "Controller"),
        *women,
        Node("d", "Driver"),
        Node("k", "Keyholder"),
        *[Node(f"p{i}", f"Buyer {i}") for i in range(12)],
    ]
    edges = [
        Edge("c", "v1", 14),
        Edge("c", "v2", 9),
        Edge("v1", "v2"),
        Edge("c", "d", 3),
        Edge("d", "k"),
        *[Edge("v1", f"p{i}") for i in range(6)],
        *[Edge("v2", f"p{i}") for i in range(6, 12)],
    ]
    return Network(nodes, edges)


def test_victims_with_the_highest_degree_are_flagged_and_never_ranked():
    network = exploitation_network()
    measures = {m.id: m for m in network.measures(weighted=False)}
    victims = {"v1", "v2"}
    highest_degree = max(m.degree for m in measures.values())
    assert {i for i, m in measures.items() if m.degree == highest_degree} <= victims
    assert max(measures.values(), key=lambda m: m.betweenness).id in victims
    assert {i for i, m in measures.items() if m.potential_victim} == victims

    ranking = network.disruption_ranking()

    assert ranking.steps[0].id == "c"
    assert ranking.steps[0].label == "Controller"
    ranked = [step.id for step in ranking.steps]
    assert not victims & set(ranked)
    assert not any(step.potential_victim for step in ranking.steps)
    # Every other node is ranked; the women stay in the graph and are listed apart.
    assert len(ranked) == len(network.nodes) - 2
    assert {node.id for node in ranking.potential_victims} == victims
    assert all(node.potential_victim for node in ranking.potential_victims)
    # Removing the controller cuts the driver and keyholder off: 14 of 17 are left.
    assert ranking.steps[0].lcc_fraction == pytest.approx(14 / 17)
    assert ranking.steps[-1].lcc_fraction == pytest.approx(2 / 17)


def test_without_the_flags_the_women_would_be_ranked_first():
    """The control for the test above: the rule, not the shape of the network, keeps them
    out of the ranking."""
    ranking = exploitation_network(flag_victims=False).disruption_ranking(limit=2)
    assert {step.id for step in ranking.steps} == {"v1", "v2"}
    assert ranking.potential_victims == ()


def test_a_network_of_only_victims_has_no_targets():
    nodes = [Node("a", "A", True), Node("b", "B", True)]
    ranking = Network(nodes, [Edge("a", "b")]).disruption_ranking()
    assert ranking.steps == ()
    assert len(ranking.potential_victims) == 2


def test_strength_weights_become_distances_and_distance_weights_do_not():
    """A to D by B over two ties of ten calls each, or by C over two ties of one call. As
    strengths (distance = 1 / calls) the path runs through B; read as distances, through C.
    B to C has two equally short paths either way, by A and by D, so each carries half."""
    nodes = [Node(x, x.upper()) for x in "abcd"]
    edges = [Edge("a", "b", 10), Edge("b", "d", 10), Edge("a", "c", 1), Edge("c", "d", 1)]
    network = Network(nodes, edges)
    assert network.betweenness(Weighting.STRENGTH) == {"a": 0.5, "b": 1, "c": 0, "d": 0.5}
    assert network.betweenness(Weighting.DISTANCE) == {"a": 0.5, "b": 0, "c": 1, "d": 0.5}
    assert network.betweenness(Weighting.NONE) == {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}


def test_measures_on_two_groups_joined_by_one_tie():
    left, right = ["a", "b", "c", "d"], ["e", "f", "g", "h"]
    nodes = [Node(x, x.upper()) for x in left + right]
    edges = [Edge(x, y) for group in (left, right) for x in group for y in group if x < y]
    network = Network(nodes, [*edges, Edge("d", "e", 2)])
    measures = {m.id: m for m in network.measures()}

    assert measures["d"].degree == 4
    assert measures["d"].strength == 5
    assert measures["a"].strength == 3
    assert measures["d"].betweenness == 12  # A, B, C to E, F, G, H all go through D
    assert measures["a"].betweenness == 0
    assert max(m.eigenvector for m in measures.values()) == pytest.approx(1.0)
    assert measures["d"].eigenvector > measures["a"].eigenvector
    assert {measures[x].community for x in left} == {0}
    assert {measures[x].community for x in right} == {1}
    assert network.communities(seed=7) == network.communities(seed=7)


def test_repeated_edges_are_one_stronger_tie_in_either_direction():
    network = Network([Node("a", "A"), Node("b", "B")], [Edge("a", "b", 2), Edge("b", "a", 3)])
    assert network.graph.ecount() == 1
    assert network.graph.es["weight"] == [5]


def test_a_network_without_ties_has_zero_measures_and_ranks_everyone_once():
    network = Network([Node("a", "A"), Node("b", "B")], [])
    measures = network.measures()
    assert [(m.degree, m.betweenness, m.eigenvector) for m in measures] == [(0, 0, 0)] * 2
    ranking = network.disruption_ranking()
    assert [step.lcc_fraction for step in ranking.steps] == [1.0, 0.0]


@pytest.mark.parametrize(
    ("nodes", "edges", "field", "message"),
    [
        (["a", "a"], [], "nodes", "node a is listed twice"),
        (["a"], [Edge("a", "a")], "edges", "links a node to itself"),
        (["a"], [Edge("a", "z")], "edges", "not in the network: z"),
        (["a", "b"], [Edge("a", "b", 0)], "edges", "must be a positive number"),
        (["a", "b"], [Edge("a", "b", float("nan"))], "edges", "must be a positive number"),
    ],
)
def test_bad_input_is_refused_with_a_message(nodes, edges, field, message):
    with pytest.raises(ValidationFailed) as refused:
        Network([Node(x, x.upper()) for x in nodes], edges)
    assert message in " ".join(refused.value.errors[field])
