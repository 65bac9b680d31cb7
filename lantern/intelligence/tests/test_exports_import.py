"""``lantern intelligence import-edges``: an edge list becomes one graded report, entities
found or created by label, and a link per edge with its weight; bad input writes nothing."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lantern.audit.models import AuditEvent
from lantern.core.errors import ValidationFailed
from lantern.intelligence import services
from lantern.intelligence.exchange import parse_edge_list
from lantern.intelligence.models import Entity, IntelligenceReport, Link, Origin
from lantern.intelligence.tests.conftest import P_GRADE

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
NETWORKS = SHARED / "networks"
MEETINGS = NETWORKS / "montagna" / "Montagna_meetings_edgelist.csv"
needs_data = pytest.mark.skipif(not MEETINGS.is_file(), reason=f"no network data at {NETWORKS}")

FORCE = "Test Constabulary"


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("intelligence", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def import_edges(path: Path | str, *extra: str) -> dict:
    return run(
        "import-edges",
        str(path),
        "--source",
        "Operation Montagna (Cavallaro et al. 2020)",
        "--grade",
        "2B-P",
        "--organisation",
        FORCE,
        "--json",
        *extra,
    )


def written() -> tuple[int, int, int, int]:
    return (
        IntelligenceReport.objects.count(),
        Entity.objects.count(),
        Link.objects.count(),
        AuditEvent.objects.filter(action__startswith="intelligence.").count(),
    )


@needs_data
def test_montagna_meetings_import_with_their_weights(orgs):
    result = import_edges(MEETINGS, "--label-prefix", "Montagna ")

    lines = [line.split() for line in MEETINGS.read_text().splitlines() if line.strip()]
    labels = {end for line in lines for end in line[:2]}
    assert result["links"] == len(lines) == 289
    assert result["entities_created"] == len(labels) == 101
    assert result["entities_existing"] == 0
    assert result["seconds"] >= 0
    report = IntelligenceReport.objects.get(pk=result["report"])
    assert report.text == (
        "Imported edge list Montagna_meetings_edgelist.csv from Operation Montagna "
        "(Cavallaro et al. 2020)"
    )
    assert (report.grade, report.origin_type) == ("2B-P", Origin.IMPORT)
    assert report.source_name.startswith("Operation Montagna")
    assert report.organisation.name == FORCE
    links = Link.objects.filter(report=report)
    assert links.count() == 289
    assert {link.grade for link in links} == {"2B-P"}
    assert {link.link_type for link in links} == {"linked_to"}
    assert sorted(link.weight for link in links) == sorted(float(line[2]) for line in lines)
    first = links.get(source__caption="Montagna 0", target__caption="Montagna 1")
    assert (first.weight, first.origin_type, first.origin_id) == (
        1.0,
        Origin.INTELLIGENCE_REPORT,
        report.pk,
    )
    assert report.mentions.count() == 101
    recorded = AuditEvent.objects.get(action="intelligence.report_recorded")
    assert json.loads(recorded.details)["mentions"] == 101
    event = AuditEvent.objects.get(action="intelligence.edges_imported")
    details = json.loads(event.details)
    assert (details["links"], details["entities_created"], details["grade"]) == (289, 101, "2B-P")


@needs_data
def test_a_second_import_finds_the_entities_it_made(orgs):
    import_edges(MEETINGS)
    again = import_edges(MEETINGS)
    assert (again["entities_created"], again["entities_existing"], again["links"]) == (0, 101, 289)
    assert Entity.objects.count() == 101
    assert IntelligenceReport.objects.count() == 2


@needs_data
@pytest.mark.parametrize(
    ("name", "links", "weighted"),
    [
        ("ucinet_covert/covert_10_2__CAVIAR1.csv", 18, True),
        ("ucinet_covert/covert_2_2__9_11_HIJACKERS_PRIORCONTACTS.csv", 27, False),
    ],
)
def test_the_covert_networks_edge_lists_with_their_header(name, links, weighted):
    edges = parse_edge_list((NETWORKS / name).read_text(encoding="utf-8-sig"), name)
    assert edges.header
    assert len(edges.rows) == links
    assert edges.weighted is weighted
    if not weighted:
        assert edges.rows[0].source == "Wail Alshehri"


@needs_data
def test_an_adjacency_matrix_is_refused_as_not_an_edge_list(orgs):
    with pytest.raises(CommandError, match=r"Line 1: 34 columns.*adjacency matrix"):
        import_edges(NETWORKS / "adjacency_mcmacdonald" / "morselli_togo.csv")
    assert written() == (0, 0, 0, 0)


def test_a_phone_edge_list_finds_phones_by_number(orgs, officer, tmp_path):
    known = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    path = tmp_path / "calls.txt"
    path.write_text("source target calls\n+447700900123 07700900456 3\n07700900456 07700900789 1\n")
    result = import_edges(path, "--schema", "phone", "--link-type", "called")
    assert (result["entities_created"], result["entities_existing"]) == (2, 1)
    link = Link.objects.get(source=known)
    assert (link.link_type, link.weight) == ("called", 3.0)


def test_a_c_grading_keeps_its_conditions(orgs, tmp_path):
    path = tmp_path / "ties.csv"
    path.write_text("a,b\nb,c\n")
    import_edges(path, "--grade", "1A-C", "--conditions", "Police only")
    assert {(link.grade, link.handling_conditions) for link in Link.objects.all()} == {
        ("1A-C", "Police only")
    }


BAD = [
    ("missing file", None, [], "There is no file"),
    ("unknown link type", "a,b\n", ["--link-type", "hugs"], "Unknown link type 'hugs'"),
    (
        "link type that does not join people",
        "a,b\n",
        ["--link-type", "uses_phone"],
        "does not join",
    ),
    ("invalid grade", "a,b\n", ["--grade", "4Z-Q"], "source evaluation"),
    ("C without conditions", "a,b\n", ["--grade", "2B-C"], "conditions written down"),
    ("malformed row", "a,b,1\nc\n", [], "Line 2: a row needs a source and a target"),
    ("self-loop", "a,b\n\nb,b,2\n", [], "Line 3: a tie from 'b' to itself"),
    ("zero weight", "a,b,1\nb,c,0\n", [], "Line 2: the weight 0 is not a positive number"),
    ("negative weight", "a b 2\nb c -1\n", [], "Line 2: the weight -1 is not a positive number"),
    ("weight not a number", "a,b,1\nb,c,lots\n", [], "Line 2: the weight 'lots' is not a number"),
    ("empty file", "\n\n", [], "has no edges"),
    ("unknown partnership", "a,b\n", ["--partnership", "Nowhere"], "No partnership named"),
    (
        "phones that are one number",
        "07700900123 +447700900123\n",
        ["--schema", "phone", "--link-type", "called"],
        "Line 1: .* are the same phone",
    ),
]


@pytest.mark.parametrize(("case", "content", "extra", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named_and_writes_nothing(orgs, tmp_path, case, content, extra, message):
    path = tmp_path / "edges.csv"
    if content is not None:
        path.write_text(content)
    before = written()
    with pytest.raises(CommandError, match=message):
        import_edges(path, *extra)
    assert written() == before == (0, 0, 0, 0)


def test_without_a_source_name_nothing_is_written(orgs, analyst):
    edges = parse_edge_list("a,b\n")
    with pytest.raises(ValidationFailed) as refused:
        services.edges_import(actor=analyst, edges=edges, source_name=" ", grading=P_GRADE)
    assert "source" in refused.value.errors
    assert written() == (0, 0, 0, 0)


def test_only_analysts_import(officer):
    from lantern.core.errors import NotFound

    with pytest.raises(NotFound):
        services.edges_import(
            actor=officer, edges=parse_edge_list("a,b\n"), source_name="X", grading=P_GRADE
        )


def test_an_analyst_imports_for_their_own_force(analyst):
    result = services.edges_import(
        actor=analyst, edges=parse_edge_list("a b 2\nb c\n"), source_name="X", grading=P_GRADE
    )
    assert (result.entities_created, result.links) == (3, 2)
    assert result.report.organisation.name == FORCE
    assert sorted(Link.objects.values_list("weight", flat=True)) == [1.0, 2.0]


def test_the_partnership_must_be_named_when_there_are_several(far, tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text("a,b\n")
    with pytest.raises(CommandError, match="--partnership"):
        import_edges(path)
    result = import_edges(path, "--partnership", "Test Partnership")
    assert result["links"] == 1
