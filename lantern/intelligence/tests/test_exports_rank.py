"""``lantern intelligence rank``: the disruption ranking in order, with each entity's score
and the share of the largest connected component left, potential victims never ranked even
where they are the most connected."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from lantern.audit.models import AuditEvent
from lantern.intelligence import services
from lantern.intelligence.tests.conftest import P_GRADE
from lantern.intelligence.tests.test_exports_import import MEETINGS, import_edges, needs_data

pytestmark = pytest.mark.django_db


def rank(*args: str) -> dict:
    out = io.StringIO()
    call_command("intelligence", "rank", "--json", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def victims_at_the_centre(officer):
    """Two girls (under 18 by the intelligence's dates of birth) tied to everyone, the
    controller tied to them and to his driver, the driver to a buyer: by degree and by
    betweenness the girls come first."""

    def person(caption, dob=None):
        entity = services.entity_create(actor=officer, schema="person", caption=caption)
        if dob:
            services.statement_add(
                actor=officer,
                entity_id=entity.pk,
                prop="date_of_birth",
                value=dob,
                grading=P_GRADE,
            )
        return entity

    girl1, girl2 = person("Girl 1", "2011-02-03"), person("Girl 2", "2012-04-05")
    boss, driver, buyer = person("Boss"), person("Driver"), person("Buyer")
    men = [person(f"Man {i}") for i in range(1, 6)]
    ties = [(boss, girl1), (boss, girl2), (boss, driver), (driver, buyer)]
    ties += [(girl1, man) for man in men] + [(girl2, man) for man in men[:3]]
    for a, b in ties:
        services.link_add(
            actor=officer,
            link_type="associate_of",
            source_id=a.pk,
            target_id=b.pk,
            grading=P_GRADE,
        )
    return {"girls": {girl1.caption, girl2.caption}, "boss": boss}


def test_victims_are_never_ranked_even_when_most_central(orgs, victims_at_the_centre):
    result = rank("--top", "5")
    labels = [row["label"] for row in result["ranking"]]
    assert not set(labels) & victims_at_the_centre["girls"]
    assert {v["label"] for v in result["potential_victims"]} == victims_at_the_centre["girls"]
    assert all(v["potential_victim"] for v in result["potential_victims"])
    assert all(row["potential_victim"] is False for row in result["ranking"])
    assert labels[0] == "Boss"
    assert [row["rank"] for row in result["ranking"]] == list(range(1, len(labels) + 1))
    fractions = [row["lcc_fraction"] for row in result["ranking"]]
    assert fractions == sorted(fractions, reverse=True)
    assert all(0 <= f <= 1 for f in fractions)
    assert (result["entities"], result["links"], result["initial_lcc"]) == (10, 12, 10)


def test_the_first_score_is_igraphs_betweenness(orgs, victims_at_the_centre):
    result = rank("--top", "1")
    assert len(result["ranking"]) == 1
    # Boss lies on every shortest path from the driver and from the buyer to the seven others
    # (14), on one of the four between the girls (0.25), and on one of the four from each of
    # man 4 and man 5 to girl 2 (0.5). Without him the driver and the buyer are cut off.
    assert result["ranking"][0]["score"] == pytest.approx(14.75)
    assert result["ranking"][0]["lcc_fraction"] == pytest.approx(7 / 10)


def test_the_victims_are_the_most_connected(orgs, officer, victims_at_the_centre):
    from lantern.intelligence.selectors import whole_network

    library = whole_network(officer).as_library_network()
    degrees = {node.label: library.graph.degree(i) for i, node in enumerate(library.nodes)}
    betweenness = {library.nodes[i].label: b for i, b in enumerate(library.graph.betweenness())}
    top_degree = sorted(degrees, key=degrees.get, reverse=True)[:2]
    assert set(top_degree) == victims_at_the_centre["girls"]
    assert max(betweenness, key=betweenness.get) == "Girl 1"


def test_the_human_table_names_the_victims_apart(orgs, victims_at_the_centre):
    out = io.StringIO()
    call_command("intelligence", "rank", "--top", "3", stdout=out)
    text = out.getvalue()
    assert "rank" in text and "LCC left" in text
    table, victims = text.split("Potential victims, never ranked")
    assert "Girl" not in table and "Boss" in table
    assert "Girl 1" in victims and "Girl 2" in victims


def test_a_ranking_is_an_audited_read(orgs, victims_at_the_centre):
    rank()
    event = AuditEvent.objects.filter(object_type="intelligence_network").get()
    assert json.loads(event.details)["purpose"] == "rank"


def test_top_must_be_sensible(orgs):
    with pytest.raises(CommandError, match="from 1 to 1000"):
        rank("--top", "0")


@needs_data
def test_an_imported_montagna_ranks_as_the_paper_says(orgs):
    """Imported through the database, then ranked: the first four LCC fractions the data
    folder's README checked (Cavallaro et al. 2020, unweighted sequential betweenness)."""
    import_edges(MEETINGS, "--label-prefix", "Montagna ")
    result = rank("--top", "4")
    assert [row["lcc_fraction"] for row in result["ranking"]] == pytest.approx(
        [0.9565, 0.7391, 0.7174, 0.5], abs=5e-4
    )
    assert result["potential_victims"] == []


def test_an_empty_network_ranks_nobody_and_exports_empty_files(orgs, tmp_path):
    result = rank()
    assert (result["ranking"], result["potential_victims"], result["entities"]) == ([], [], 0)
    out = io.StringIO()
    call_command("intelligence", "rank", stdout=out)
    assert "Nobody to rank." in out.getvalue()
    call_command(
        "intelligence",
        "export",
        "--format",
        "graphml",
        "--out",
        str(tmp_path / "e.graphml"),
        stdout=io.StringIO(),
    )
    assert b"<graph" in (tmp_path / "e.graphml").read_bytes()
    call_command(
        "intelligence",
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "e.zip"),
        stdout=io.StringIO(),
    )
    assert (tmp_path / "e.zip").stat().st_size > 0
