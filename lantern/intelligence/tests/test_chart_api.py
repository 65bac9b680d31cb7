"""The network API: an entity's neighbourhood (nodes with measures, links, timeline, the
neighbourhood's disruption ranking) and the whole network's ranking; filters, 422s, need to
know, audit, and victims never ranked even when they are the most connected."""

from __future__ import annotations

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.intelligence.selectors import chart as charts
from lantern.intelligence.tests import chart_world

pytestmark = pytest.mark.django_db

NODE_KEYS = {
    "id",
    "schema",
    "caption",
    "potential_victim",
    "centre",
    "degree",
    "betweenness",
    "eigenvector",
    "community",
}
LINK_KEYS = {
    "id",
    "type",
    "label",
    "source",
    "target",
    "weight",
    "grade",
    "handling_conditions",
    "occurred_at",
    "valid_from",
    "valid_to",
    "asserted_at",
    "origin_type",
}


@pytest.fixture
def world(officer):
    return chart_world.build(officer)


@pytest.fixture
def api(signed_in):
    def as_role(role: Role):
        client = signed_in(role)

        def get(path: str, **params):
            return client.get(f"/api/v1/intelligence{path}", params)

        return get

    return as_role


def test_the_network_around_an_entity(api, world):
    response = api(Role.ANALYST)(f"/entities/{world.controller.pk}/network", hops=2)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["centre"] == str(world.controller.pk) and body["hops"] == 2
    assert all(set(n) == NODE_KEYS for n in body["nodes"])
    assert all(set(link) == LINK_KEYS for link in body["links"])
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes[str(world.controller.pk)]["centre"] is True
    assert nodes[str(world.controller.pk)]["schema"] == "person"
    # Two hops from the controller: the phone, car, women, the police-only associate, and
    # the women's buyers and address.
    assert str(world.buyers[0].pk) in nodes and str(world.address.pk) in nodes
    assert {n["id"] for n in body["nodes"] if n["potential_victim"]} == {
        str(world.woman1.pk),
        str(world.woman2.pk),
    }
    link = next(x for x in body["links"] if x["type"] == "uses_phone")
    assert link["label"] == "uses phone" and link["grade"] == "2B-P"
    # The timeline holds the same links, in time order.
    assert {t["link_id"] for t in body["timeline"]} == {x["id"] for x in body["links"]}
    whens = [t["when"] for t in body["timeline"]]
    assert whens == sorted(whens)
    assert {t["when_is"] for t in body["timeline"]} <= {"occurred", "valid from", "recorded"}


def test_victims_with_the_highest_degree_are_never_ranked(api, world):
    body = api(Role.ANALYST)(f"/entities/{world.controller.pk}/network", hops=3).json()
    nodes = {n["id"]: n for n in body["nodes"]}
    women = {str(world.woman1.pk), str(world.woman2.pk)}
    top_degree = max(n["degree"] for n in nodes.values())
    assert {i for i, n in nodes.items() if n["degree"] == top_degree} <= women
    ranking = body["ranking"]
    ranked = [s["id"] for s in ranking["steps"]]
    assert ranked and not women & set(ranked)
    assert ranked[0] in {str(world.controller.pk), str(world.phone.pk)}
    assert {v["id"] for v in ranking["potential_victims"]} == women
    assert [s["rank"] for s in ranking["steps"]] == list(range(1, len(ranked) + 1))
    fractions = [s["lcc_fraction"] for s in ranking["steps"]]
    assert fractions == sorted(fractions, reverse=True) and 0 < fractions[0] <= 1


def test_filters(api, world):
    get = api(Role.ANALYST)
    only = get(f"/entities/{world.controller.pk}/network", link_types="uses_phone", hops=4)
    body = only.json()
    assert {x["type"] for x in body["links"]} == {"uses_phone"}
    assert {n["id"] for n in body["nodes"]} == {
        str(e.pk) for e in (world.controller, world.phone, world.woman1, world.woman2)
    }
    # 1A is stronger than every link here except the police-only one.
    graded = get(f"/entities/{world.controller.pk}/network", min_grade="1A").json()
    assert [x["grade"] for x in graded["links"]] == ["1A-C"]
    two = get(
        f"/entities/{world.controller.pk}/network", link_types="uses_phone,uses_vehicle", hops=1
    ).json()
    assert {x["type"] for x in two["links"]} == {"uses_phone", "uses_vehicle"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"link_types": "knows"}, "link_types"),
        ({"min_grade": "4Z"}, "min_grade"),
        ({"since": "2026-05-01", "until": "2026-04-01"}, "until"),
        ({"since": "yesterday"}, "since"),
        ({"hops": 5}, "hops"),
        ({"hops": 0}, "hops"),
        ({"top": 0}, "top"),
    ],
)
def test_bad_filters_are_422_with_messages(api, world, params, field):
    response = api(Role.ANALYST)(f"/entities/{world.controller.pk}/network", **params)
    assert response.status_code == 422, response.content
    assert response.json()["errors"][field][0]


def test_the_read_is_logged_as_an_access_to_the_entity(api, world):
    api(Role.ANALYST)(f"/entities/{world.controller.pk}/network")
    event = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS, object_id=str(world.controller.pk)
    ).get()
    assert event.object_type == "intelligence_entity"


def test_support_workers_get_404(api, world):
    get = api(Role.SUPPORT_WORKER)
    assert get(f"/entities/{world.controller.pk}/network").status_code == 404
    assert get("/network/ranking").status_code == 404


def test_council_sees_only_p_links(api, world):
    body = api(Role.COUNCIL_OFFICER)(f"/entities/{world.controller.pk}/network", hops=4).json()
    assert body["links"] and {x["grade"][-1] for x in body["links"]} == {"P"}
    assert str(world.secret.pk) not in {n["id"] for n in body["nodes"]}
    police = api(Role.POLICE_OFFICER)(f"/entities/{world.controller.pk}/network").json()
    assert str(world.secret.pk) in {n["id"] for n in police["nodes"]}


def test_an_entity_the_council_may_not_read_is_404(api, world):
    # Known only through a C-graded link the council may not read.
    response = api(Role.COUNCIL_OFFICER)(f"/entities/{world.secret.pk}/network")
    assert response.status_code == 404


def test_the_whole_network_ranking(api, world):
    response = api(Role.ANALYST)("/network/ranking", top=3)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "steps",
        "potential_victims",
        "nodes",
        "links",
        "initial_lcc",
        "weighting",
    }
    assert len(body["steps"]) == 3
    assert set(body["steps"][0]) == {"rank", "id", "label", "score", "lcc_fraction"}
    women = {str(world.woman1.pk), str(world.woman2.pk)}
    assert not women & {s["id"] for s in body["steps"]}
    assert {v["id"] for v in body["potential_victims"]} == women
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS, object_type=charts.NETWORK).get()
    assert "disruption ranking" in event.details


def test_the_whole_network_ranking_needs_analyse(api, world):
    assert api(Role.POLICE_OFFICER)("/network/ranking").status_code == 403
    get = api(Role.SUPERVISOR)
    assert get("/network/ranking").status_code == 200
    assert get("/network/ranking", top=1000).status_code == 422
    assert get("/network/ranking", link_types="knows").status_code == 422


def test_an_entity_without_links_is_a_chart_of_one(api, officer):
    from lantern.intelligence import services

    lonely = services.entity_create(actor=officer, schema="person", caption="Nobody's associate")
    body = api(Role.ANALYST)(f"/entities/{lonely.pk}/network").json()
    assert [n["id"] for n in body["nodes"]] == [str(lonely.pk)]
    assert body["links"] == [] and body["timeline"] == []
    assert body["ranking"]["potential_victims"] == []
