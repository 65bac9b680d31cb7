"""Exports: GraphML that igraph and lxml read back with every attribute, the i2 CSV tables,
need to know (a council analyst never exports a C-graded link), potential victims marked,
and every export audited with who and why."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import igraph as ig
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence import services
from lantern.intelligence.exchange import ENTITY_COLUMNS, GRAPHML_NS, LINK_COLUMNS
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE

pytestmark = pytest.mark.django_db

NS = {"g": GRAPHML_NS}


@pytest.fixture
def world(officer):
    """A controller, two associates, a child he controls (a potential victim) and his
    phone; one associate's tie is C-graded, police only."""

    def person(caption):
        return services.entity_create(actor=officer, schema="person", caption=caption)

    boss, ally, other, child = person("Boss"), person("Ally"), person("Other"), person("Child")
    phone = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    services.statement_add(
        actor=officer,
        entity_id=child.pk,
        prop="date_of_birth",
        value="2014-05-01",
        grading=P_GRADE,
    )
    links = {
        "tie": services.link_add(
            actor=officer,
            link_type="associate_of",
            source_id=boss.pk,
            target_id=ally.pk,
            grading=P_GRADE,
            weight=3,
        ),
        "controls": services.link_add(
            actor=officer,
            link_type="controls",
            source_id=boss.pk,
            target_id=child.pk,
            grading=P_GRADE,
        ),
        "phone": services.link_add(
            actor=officer,
            link_type="uses_phone",
            source_id=boss.pk,
            target_id=phone.pk,
            grading=P_GRADE,
        ),
        "secret": services.link_add(
            actor=officer,
            link_type="associate_of",
            source_id=ally.pk,
            target_id=other.pk,
            grading=C_GRADE,
        ),
    }
    return {"boss": boss, "ally": ally, "other": other, "child": child, "phone": phone, **links}


@pytest.fixture
def council_analyst(make_user):
    return actor_of(make_user(Role.ANALYST, "council"))


def read_graphml(content: bytes, tmp_path) -> ig.Graph:
    path = tmp_path / "read.graphml"
    path.write_bytes(content)
    return ig.Graph.Read_GraphML(str(path))


def graphml_of(actor, **kwargs) -> bytes:
    export = services.network_export(actor=actor, format="graphml", reason="Op Lantern", **kwargs)
    return export.files["network.graphml"]


def test_graphml_reads_back_in_igraph_with_every_attribute(analyst, world, tmp_path):
    path = tmp_path / "network.graphml"
    path.write_bytes(graphml_of(analyst))

    graph = ig.Graph.Read_GraphML(str(path))

    assert (graph.vcount(), graph.ecount()) == (5, 4)
    assert {"label", "schema", "potential_victim", "degree", "betweenness"} <= set(
        graph.vs.attributes()
    )
    assert {
        "link_type",
        "label",
        "weight",
        "grade",
        "handling",
        "valid_from",
        "valid_to",
        "origin_type",
        "handling_conditions",
    } <= set(graph.es.attributes())
    by_label = {v["label"]: v for v in graph.vs}
    assert by_label["Child"]["potential_victim"] and not by_label["Boss"]["potential_victim"]
    assert (by_label["Boss"]["degree"], by_label["Boss"]["schema"]) == (3, "person")
    assert by_label["Boss"]["betweenness"] == pytest.approx(5.0)
    assert by_label["07700 900123"]["schema"] == "phone"
    weights = {e["link_type"]: e["weight"] for e in graph.es}
    assert weights["associate_of"] in (3.0, 1.0) and weights["controls"] == 1.0
    grades = sorted(e["grade"] for e in graph.es)
    assert grades == ["1A-C", "2B-P", "2B-P", "2B-P"]
    secret = next(e for e in graph.es if e["grade"] == "1A-C")
    assert secret["handling"] == "C" and "DSU" in secret["handling_conditions"]


def test_graphml_declares_its_keys_and_validates_as_xml(analyst, world):
    root = etree.fromstring(graphml_of(analyst))
    keys = {
        (k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.findall("g:key", NS)
    }
    assert keys[("node", "potential_victim")] == "boolean"
    assert keys[("node", "betweenness")] == "double"
    assert keys[("node", "degree")] == "int"
    for name in (
        "link_type",
        "label",
        "grade",
        "handling",
        "valid_from",
        "valid_to",
        "origin_type",
    ):
        assert keys[("edge", name)] == "string"
    assert keys[("edge", "weight")] == "double"
    graph = root.find("g:graph", NS)
    assert graph.get("edgedefault") == "undirected"
    edges = {e.get("id"): e for e in graph.findall("g:edge", NS)}
    # A directed link type says so; an undirected one reads both ways.
    assert edges[str(world["controls"].pk)].get("directed") == "true"
    assert edges[str(world["tie"].pk)].get("directed") is None
    assert edges[str(world["controls"].pk)].get("source") == str(world["boss"].pk)


def test_csv_tables_have_the_i2_columns(analyst, world):
    export = services.network_export(actor=analyst, format="csv", reason="Tasking 12")
    entities = list(csv.DictReader(io.StringIO(export.files["entities.csv"].decode("utf-8-sig"))))
    links = list(csv.DictReader(io.StringIO(export.files["links.csv"].decode("utf-8-sig"))))
    assert tuple(entities[0]) == ENTITY_COLUMNS
    assert tuple(links[0]) == LINK_COLUMNS
    assert {"Entity ID", "Entity Type", "Label"} <= set(ENTITY_COLUMNS)
    assert {"From ID", "To ID", "Link Type", "Label", "Direction", "Date", "Grade"} <= set(
        LINK_COLUMNS
    )
    child = next(row for row in entities if row["Label"] == "Child")
    assert (child["Entity Type"], child["Potential Victim"]) == ("Person", "Yes")
    controls = next(row for row in links if row["Link Type"] == "controls")
    assert controls["Direction"] == "With Arrows"
    assert (controls["From Label"], controls["To Label"], controls["To Potential Victim"]) == (
        "Boss",
        "Child",
        "Yes",
    )
    assert controls["Grade"] == "2B-P"
    ally = next(
        row for row in links if row["Link Type"] == "associate_of" and row["Weight"] == "3.0"
    )
    assert ally["Direction"] == "No Arrows"
    name, content_type, content = export.single()
    assert (name, content_type) == ("lantern-network-csv.zip", "application/zip")
    assert set(zipfile.ZipFile(io.BytesIO(content)).namelist()) == {"entities.csv", "links.csv"}


def test_a_council_analyst_never_exports_a_c_graded_link(council_analyst, world, tmp_path):
    graph = read_graphml(graphml_of(council_analyst), tmp_path)
    assert "1A-C" not in graph.es["grade"]
    assert graph.ecount() == 3
    assert "Other" not in graph.vs["label"]
    export = services.network_export(actor=council_analyst, format="csv", reason="CSP meeting")
    assert b"1A-C" not in export.files["links.csv"]
    assert b"DSU" not in export.files["links.csv"]


def test_a_neighbourhood_export_holds_the_hops_asked_for(analyst, world):
    export = services.network_export(
        actor=analyst, format="graphml", reason="Op Lantern", entity_id=world["other"].pk, hops=1
    )
    assert {n.caption for n in export.network.nodes.values()} == {"Other", "Ally"}
    event = AuditEvent.objects.filter(action="intelligence.exported").get()
    assert (event.object_type, event.object_id) == ("intelligence_entity", str(world["other"].pk))
    assert json.loads(event.details)["scope"] == "neighbourhood"


def test_every_export_is_audited_with_who_and_why(analyst, world):
    services.network_export(actor=analyst, format="csv", reason="  Tasking   meeting 12 ")
    event = AuditEvent.objects.filter(action="intelligence.exported").get()
    details = json.loads(event.details)
    assert event.actor == str(analyst.user_id)
    assert details["reason"] == "Tasking meeting 12"
    assert (details["format"], details["scope"], details["entities"], details["links"]) == (
        "csv",
        "whole",
        5,
        4,
    )
    assert (details["potential_victims"], details["c_graded_links"]) == (1, 1)


@pytest.mark.parametrize(
    ("reason", "fmt", "field"),
    [("", "graphml", "reason"), ("x" * 201, "csv", "reason"), ("Op", "pdf", "format")],
)
def test_an_export_needs_a_short_reason_and_a_known_format(analyst, world, reason, fmt, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.network_export(actor=analyst, format=fmt, reason=reason)
    assert field in refused.value.errors
    assert AuditEvent.objects.count() == before


def test_only_analysts_and_supervisors_export(officer, support, world):
    for actor in (officer, support):
        with pytest.raises(NotFound):
            services.network_export(actor=actor, format="graphml", reason="Op")


def test_the_command_writes_graphml_and_the_two_csv_tables(world, tmp_path):
    out = io.StringIO()
    call_command(
        "intelligence",
        "export",
        "--format",
        "graphml",
        "--out",
        str(tmp_path / "n.graphml"),
        "--reason",
        "Op Lantern",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue().splitlines()[-1])
    assert (result["entities"], result["links"], result["potential_victims"]) == (5, 4, 1)
    assert ig.Graph.Read_GraphML(str(tmp_path / "n.graphml")).ecount() == 4
    call_command(
        "intelligence",
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "net"),
        stdout=io.StringIO(),
    )
    assert (tmp_path / "net_entities.csv").is_file() and (tmp_path / "net_links.csv").is_file()
    events = AuditEvent.objects.filter(action="intelligence.exported").order_by("seq")
    assert [e.actor for e in events] == ["system", "system"]
    assert json.loads(events[1].details)["reason"].startswith("Exported with the lantern")
    with pytest.raises(CommandError, match="There is no folder"):
        call_command(
            "intelligence", "export", "--format", "csv", "--out", str(tmp_path / "missing" / "net")
        )


def test_the_command_exports_one_partnership_only(far, make_user, world, tmp_path):
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    a = services.entity_create(actor=far_officer, schema="person", caption="Far A")
    b = services.entity_create(actor=far_officer, schema="person", caption="Far B")
    services.link_add(
        actor=far_officer, link_type="associate_of", source_id=a.pk, target_id=b.pk, grading=P_GRADE
    )
    out = io.StringIO()
    call_command(
        "intelligence",
        "export",
        "--format",
        "graphml",
        "--partnership",
        "Far Partnership",
        "--out",
        str(tmp_path / "far.graphml"),
        "--json",
        stdout=out,
    )
    graph = ig.Graph.Read_GraphML(str(tmp_path / "far.graphml"))
    assert sorted(graph.vs["label"]) == ["Far A", "Far B"]


# --- the pages -------------------------------------------------------------------------------


def test_the_export_page_downloads_graphml_for_an_analyst(signed_in, world, tmp_path):
    client = signed_in(Role.ANALYST)
    page = client.get(reverse("intelligence:export"))
    assert page.status_code == 200
    assert b"Why are you exporting it?" in page.content
    response = client.post(reverse("intelligence:export"), {"format": "graphml", "reason": "Op"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/graphml+xml"
    assert "attachment" in response["Content-Disposition"]
    assert read_graphml(response.content, tmp_path).vcount() == 5
    assert AuditEvent.objects.filter(action="intelligence.exported").count() == 1


def test_the_export_page_refuses_without_a_reason(signed_in, world):
    client = signed_in(Role.ANALYST)
    response = client.post(reverse("intelligence:export"), {"format": "csv", "reason": " "})
    assert response.status_code == 200
    assert b"Say why you are exporting it" in response.content
    assert b"govuk-error-summary" in response.content
    assert not AuditEvent.objects.filter(action="intelligence.exported").exists()


def test_an_entity_export_page_downloads_a_zip(signed_in, world):
    client = signed_in(Role.SUPERVISOR)
    url = reverse("intelligence:entity-export", args=[world["boss"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"format": "csv", "reason": "Tasking", "hops": "1"})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == ["entities.csv", "links.csv"]


@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.COUNCIL_OFFICER, Role.SUPPORT_WORKER])
def test_the_export_pages_are_404_without_the_analyse_permission(signed_in, world, role):
    client = signed_in(role)
    assert client.get(reverse("intelligence:export")).status_code == 404
    url = reverse("intelligence:entity-export", args=[world["boss"].pk])
    assert client.post(url, {"format": "csv", "reason": "x", "hops": "1"}).status_code == 404


def test_an_entity_the_analyst_may_not_read_is_404(signed_in, make_user, world):
    client = signed_in(Role.ANALYST, "council")
    url = reverse("intelligence:entity-export", args=[world["other"].pk])
    assert client.get(url).status_code == 404
