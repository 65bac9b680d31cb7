"""The demo's intelligence network (lantern/intelligence/demo.py): opening the controller's
chart puts him first in the disruption ranking, and the two women, the most connected people
in it, are flagged as potential victims and never ranked. Need to know holds on the demo's
own accounts.

The demo is seeded once for the module (accounts, cases, safeguarding, then intelligence:
what the network needs; the full seed-demo runs in tests/test_demo.py), inside a
transaction rolled back at the end, and every test runs in a savepoint of its own."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from types import SimpleNamespace

import pytest
from django.db import transaction

from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.cases import demo as cases_demo
from lantern.core.actor import Actor, Role
from lantern.core.demo import DEMO_PERSON_ID, _hooks
from lantern.core.errors import NotFound
from lantern.intelligence import demo, selectors
from lantern.intelligence.models import Entity, IntelligenceReport, Link, Origin
from lantern.reports.models import VehicleMention
from lantern.safeguarding import demo as safeguarding_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        for app in (accounts_demo, cases_demo, safeguarding_demo, demo):
            app.seed(out=out)
        assert "Demo intelligence: Lennox Gravell's network" in out.getvalue()
        entity = {
            "controller": demo.CONTROLLER_ID,
            "mara": DEMO_PERSON_ID,
            "kerensa": demo.KERENSA_ID,
        }
        yield SimpleNamespace(
            **{
                name: Entity.objects.get(person_id=person_id).pk
                for name, person_id in entity.items()
            }
        )
        transaction.set_rollback(True)


def _actor(role: Role) -> Actor:
    return actor_for(User.objects.get(email=accounts_demo.demo_email(role)), verified=True)


def test_the_intelligence_demo_seeds_after_cases_and_safeguarding():
    order = [label for label, _ in _hooks("seed")]
    assert order.index("cases") < order.index("safeguarding") < order.index("intelligence")


def test_the_controllers_chart_ranks_him_first_and_never_the_women(seeded):
    analyst = _actor(Role.ANALYST)
    chart = selectors.neighbourhood(analyst, entity_id=seeded.controller, hops=2)
    assert chart.centre == seeded.controller
    women = {seeded.mara, seeded.kerensa}
    flagged = {pk for pk, node in chart.nodes.items() if node.potential_victim}
    assert flagged == women

    network = chart.as_library_network()
    ranking = network.disruption_ranking()
    assert ranking.steps[0].id == str(seeded.controller)
    assert ranking.steps[0].label == demo.CONTROLLER
    ranked = {step.id for step in ranking.steps}
    assert ranked.isdisjoint({str(w) for w in women})
    assert {node.id for node in ranking.potential_victims} == {str(w) for w in women}
    # Every other entity of the chart is ranked (only potential victims are left out).
    assert ranked == {str(pk) for pk in chart.nodes} - {str(w) for w in women}

    # The point of the flag: the women have more ties than anyone, the controller included.
    degree = {m.id: m.degree for m in network.measures()}
    weakest_woman = min(degree[str(w)] for w in women)
    others = [d for pk, d in degree.items() if pk not in {str(w) for w in women}]
    assert weakest_woman > max(others)
    # ...and he is the broker: the highest betweenness of anyone who may be ranked.
    betweenness = network.betweenness()
    top = max((pk for pk in betweenness if pk not in {str(w) for w in women}), key=betweenness.get)
    assert top == str(seeded.controller)


def test_the_network_is_built_from_graded_reports_and_resident_sightings(seeded):
    reports = IntelligenceReport.objects.filter(mentions=seeded.controller).distinct()
    assert sorted(r.grade for r in IntelligenceReport.objects.all()) == ["1A-C", "2B-P", "3C-P"]
    assert [r.grade for r in reports] == ["1A-C"]
    restricted = IntelligenceReport.objects.get(handling="C")
    assert restricted.handling_conditions and not restricted.partners_may_see
    links = Link.objects.all()
    assert links.filter(report__isnull=False).count() >= 10
    assert {link.report.grade for link in links if link.report} == {"1A-C", "2B-P", "3C-P"}
    # The controller's phone is used by him and by both women.
    phone = Entity.objects.get(schema="phone", key="07700900417")
    users = set(links.filter(link_type="uses_phone", target=phone).values_list("source", flat=True))
    assert users == {seeded.controller, seeded.mara, seeded.kerensa}
    # His car, seen dropping them off: sightings in resident reports that name it.
    car = Entity.objects.get(schema="vehicle", key="LR19KXT")
    seen = links.filter(origin_type=Origin.SIGHTING)
    assert set(
        seen.filter(link_type="transported", source=car).values_list("target", flat=True)
    ) == {
        seeded.mara,
        seeded.kerensa,
    }
    assert seen.filter(link_type="uses_vehicle", source=seeded.controller, target=car).exists()
    for report_id in seen.values_list("origin_id", flat=True):
        assert VehicleMention.objects.filter(report_id=report_id, registration="LR19KXT").exists()
    # An address they frequent.
    flat = Entity.objects.get(schema="address", key=demo.FLAT.lower())
    frequent = links.filter(link_type="frequents", target=flat).values_list("source", flat=True)
    assert {seeded.mara, seeded.kerensa} <= set(frequent)


def test_a_second_seed_adds_nothing(seeded):
    counts = [m.objects.count() for m in (Entity, Link, IntelligenceReport, AuditEvent)]
    out = StringIO()
    demo.seed(out=out)
    assert out.getvalue() == "Demo intelligence is ready.\n"
    assert [m.objects.count() for m in (Entity, Link, IntelligenceReport, AuditEvent)] == counts


def test_the_council_officer_reads_only_what_is_graded_p(seeded):
    council = _actor(Role.COUNCIL_OFFICER)
    assert sorted(r.grade for r in selectors.report_list(council)) == ["2B-P", "3C-P"]
    restricted = IntelligenceReport.objects.get(handling="C")
    with pytest.raises(NotFound):
        selectors.report_get(council, report_id=restricted.pk)
    chart = selectors.neighbourhood(council, entity_id=seeded.controller, hops=4)
    assert chart.links and {link.grade[-1] for link in chart.links} == {"P"}
    assert {pk for pk, node in chart.nodes.items() if node.potential_victim} == {
        seeded.mara,
        seeded.kerensa,
    }


def test_the_source_handler_alone_reads_the_source(seeded):
    restricted = IntelligenceReport.objects.get(handling="C")
    record = selectors.source_record_get(_actor(Role.SOURCE_HANDLER), report_id=restricted.pk)
    assert record.source_reference == demo.SOURCE_REFERENCE
    with pytest.raises(NotFound):
        selectors.source_record_get(_actor(Role.ANALYST), report_id=restricted.pk)


def test_the_support_worker_reaches_none_of_it(seeded):
    support = _actor(Role.SUPPORT_WORKER)
    with pytest.raises(NotFound):
        selectors.neighbourhood(support, entity_id=seeded.controller)
    with pytest.raises(NotFound):
        selectors.report_list(support)
    with pytest.raises(NotFound):
        selectors.entity_get(support, entity_id=seeded.controller)


def test_the_controller_recorded_twice_is_put_forward_and_not_merged(seeded):
    from lantern.intelligence.models import ResolutionCandidate

    pending = ResolutionCandidate.objects.filter(status=ResolutionCandidate.Status.PENDING)
    pairs = [{c.entity_a_id, c.entity_b_id} for c in pending]
    twin = Entity.objects.get(caption=demo.CONTROLLER, person__isnull=True).pk
    assert {seeded.controller, twin} in pairs
    assert Entity.objects.get(pk=twin).merged_into_id is None
