"""Graded reports, entities, statements and links: what is refused, what is kept, and who
reads what (need to know)."""

from __future__ import annotations

import json

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence import selectors, services
from lantern.intelligence.models import Entity, IntelligenceReport, Link, Origin
from lantern.intelligence.services import Grading, Origin_, SourceIn
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE

pytestmark = pytest.mark.django_db


def test_grading_parses_the_written_form():
    assert Grading.parse("2b-p").fields()["handling"] == "P"
    with pytest.raises(ValidationFailed) as refused:
        Grading.parse("4B-P")
    assert "source_evaluation" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        Grading.parse("2BC")
    assert "conditions written down" in refused.value.errors["handling_conditions"][0]


def test_a_report_needs_a_grading_and_c_needs_conditions(officer):
    with pytest.raises(ValidationFailed) as refused:
        services.report_record(actor=officer, text="Seen on Larkspur Row", grading=Grading())
    assert {"source_evaluation", "assessment", "handling"} <= set(refused.value.errors)
    with pytest.raises(ValidationFailed) as refused:
        services.report_record(actor=officer, text="x", grading=Grading("1", "A", "C"))
    assert "handling_conditions" in refused.value.errors
    assert IntelligenceReport.objects.count() == 0


def test_a_report_records_its_grading_and_mentions(officer, phones):
    a, _, person = phones
    report = services.report_record(
        actor=officer,
        text="Jay uses the phone ending 123",
        grading=P_GRADE,
        mentions=[a.pk, person.pk],
    )
    assert report.grade == "2B-P"
    assert set(report.mentions.all()) == {a, person}
    event = AuditEvent.objects.filter(action="intelligence.report_recorded").get()
    assert "123" not in event.details and json.loads(event.details)["grade"] == "2B-P"


def test_a_resident_is_never_recorded_as_a_source(handler):
    with pytest.raises(ValidationFailed) as refused:
        services.report_record(
            actor=handler,
            text="From a resident's report",
            grading=P_GRADE,
            origin=Origin_(Origin.REPORT, None),
            source=SourceIn("DSU-1"),
        )
    assert "witness" in refused.value.errors["source"][0]


def test_only_a_source_handler_reads_the_source(officer, handler):
    report = services.report_record(
        actor=handler, text="Sanitised", grading=C_GRADE, source=SourceIn("DSU-77", "Real name")
    )
    assert selectors.source_record_get(handler, report_id=report.pk).identity == "Real name"
    with pytest.raises(NotFound):
        selectors.source_record_get(officer, report_id=report.pk)
    # The report itself never holds the identity.
    assert "Real name" not in report.text


def test_phones_with_the_same_number_are_one_entity(officer, phones):
    a, b, _ = phones
    again = services.entity_create(actor=officer, schema="phone", value="+447700900123")
    assert again.pk == a.pk and a.key == "07700900123" and b.key == "07700900456"


def test_links_refuse_bad_input(officer, phones):
    a, b, person = phones
    with pytest.raises(ValidationFailed) as refused:
        services.link_add(
            actor=officer, link_type="knows", source_id=a.pk, target_id=b.pk, grading=P_GRADE
        )
    assert "Unknown link type" in refused.value.errors["link_type"][0]
    with pytest.raises(ValidationFailed) as refused:
        services.link_add(
            actor=officer, link_type="called", source_id=a.pk, target_id=a.pk, grading=P_GRADE
        )
    assert "itself" in refused.value.errors["target"][0]
    with pytest.raises(ValidationFailed) as refused:
        services.link_add(
            actor=officer,
            link_type="uses_phone",
            source_id=a.pk,
            target_id=person.pk,
            grading=P_GRADE,
        )
    assert "does not join" in refused.value.errors["link_type"][0]
    with pytest.raises(ValidationFailed):
        services.link_add(actor=officer, link_type="called", source_id=a.pk, target_id=b.pk)
    assert Link.objects.count() == 0
    link = services.link_add(
        actor=officer, link_type="uses_phone", source_id=person.pk, target_id=a.pk, grading=P_GRADE
    )
    assert link.organisation_id is not None and link.origin_type == Origin.OFFICER


def test_a_link_from_a_report_takes_its_grading_and_provenance(officer, phones):
    a, b, _ = phones
    report = services.report_record(actor=officer, text="Calls", grading=C_GRADE)
    link = services.link_add(
        actor=officer, link_type="called", source_id=a.pk, target_id=b.pk, report_id=report.pk
    )
    assert link.grade == "1A-C" and link.report_id == report.pk
    assert link.origin_type == Origin.INTELLIGENCE_REPORT and link.origin_id == report.pk


def test_need_to_know(officer, council, support, phones):
    a, b, _ = phones
    p_report = services.report_record(actor=officer, text="P", grading=P_GRADE, mentions=[a.pk])
    c_report = services.report_record(actor=officer, text="C", grading=C_GRADE, mentions=[b.pk])
    shared_c = services.report_record(
        actor=officer,
        text="C, partners",
        grading=Grading("2", "C", "C", "Council ASB team only", partners_may_see=True),
    )
    assert set(selectors.report_list(officer)) == {p_report, c_report, shared_c}
    assert set(selectors.report_list(council)) == {p_report, shared_c}
    with pytest.raises(NotFound):
        selectors.report_get(council, report_id=c_report.pk)
    # A partner sees an entity only through something they may read about it.
    assert set(selectors.entity_list(council)) == {a}
    with pytest.raises(NotFound):
        selectors.report_list(support)
    with pytest.raises(NotFound):
        selectors.entity_get(support, entity_id=a.pk)
    before = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS).count()
    selectors.report_get(officer, report_id=c_report.pk)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS).count() == before + 1


def test_another_partnership_never_sees_it(officer, far, make_user, phones):
    from conftest import actor_of
    from lantern.core.actor import Role

    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    a, b, _ = phones
    report = services.report_record(actor=officer, text="P", grading=P_GRADE, mentions=[a.pk])
    assert not selectors.report_list(far_officer).exists()
    with pytest.raises(NotFound):
        selectors.report_get(far_officer, report_id=report.pk)
    with pytest.raises(NotFound):
        selectors.entity_get(far_officer, entity_id=a.pk)
    with pytest.raises(NotFound):
        services.link_add(
            actor=far_officer,
            link_type="linked_to",
            source_id=a.pk,
            target_id=b.pk,
            grading=P_GRADE,
        )


def test_merge_is_confirmed_by_a_person_and_undone_exactly(officer, analyst):
    one = services.entity_create(actor=officer, schema="person", caption="Jay Marsh")
    two = services.entity_create(actor=officer, schema="person", caption="J. Marsh")
    phone = services.entity_create(actor=officer, schema="phone", value="07700900999")
    services.statement_add(
        actor=officer, entity_id=two.pk, prop="alias", value="JJ", grading=P_GRADE
    )
    services.link_add(
        actor=officer, link_type="uses_phone", source_id=two.pk, target_id=phone.pk, grading=P_GRADE
    )
    with pytest.raises(ValidationFailed):
        services.candidate_propose(actor=analyst, entity_a_id=one.pk, entity_b_id=phone.pk)
    candidate = services.candidate_propose(actor=analyst, entity_a_id=one.pk, entity_b_id=two.pk)
    assert Entity.objects.get(pk=two.pk).merged_into_id is None  # nothing merges by itself
    with pytest.raises(ValidationFailed):
        services.merge_confirm(actor=analyst, candidate_id=candidate.pk, reason="")
    services.merge_confirm(actor=analyst, candidate_id=candidate.pk, reason="Same DOB and phone")
    picture = selectors.entity_picture(analyst, entity_id=two.pk)
    assert picture.entity.pk == one.pk and [m.pk for m in picture.merged] == [two.pk]
    assert [s.value for s in picture.properties[1].statements] == ["JJ"]
    assert [v.other.pk for v in picture.links] == [phone.pk]
    network = selectors.neighbourhood(analyst, entity_id=phone.pk, hops=1)
    assert set(network.nodes) == {one.pk, phone.pk}
    services.unmerge(actor=analyst, candidate_id=candidate.pk, reason="Different people after all")
    network = selectors.neighbourhood(analyst, entity_id=phone.pk, hops=1)
    assert set(network.nodes) == {two.pk, phone.pk}
    actions = list(
        AuditEvent.objects.filter(action__startswith="intelligence.").values_list(
            "action", flat=True
        )
    )
    assert "intelligence.merged" in actions and "intelligence.unmerged" in actions
    with pytest.raises(NotFound):
        services.merge_confirm(actor=officer, candidate_id=candidate.pk, reason="x")


def test_neighbourhood_hops_and_filters(officer, analyst):
    e = [
        services.entity_create(actor=officer, schema="phone", value=f"0770090000{i}")
        for i in range(5)
    ]
    for i in range(4):
        services.link_add(
            actor=officer,
            link_type="called",
            source_id=e[i].pk,
            target_id=e[i + 1].pk,
            grading=P_GRADE if i < 2 else Grading("3", "D", "P"),
        )
    assert set(selectors.neighbourhood(analyst, entity_id=e[0].pk, hops=2).nodes) == {
        x.pk for x in e[:3]
    }
    assert len(selectors.neighbourhood(analyst, entity_id=e[0].pk, hops=4).nodes) == 5
    strong = selectors.Filters(min_grade="2B")
    assert (
        len(selectors.neighbourhood(analyst, entity_id=e[0].pk, hops=4, filters=strong).nodes) == 3
    )
    with pytest.raises(ValidationFailed):
        selectors.Filters(link_types=frozenset({"knows"}))
    with pytest.raises(ValidationFailed):
        selectors.neighbourhood(analyst, entity_id=e[0].pk, hops=9)


def test_a_vehicle_entity_shows_what_casework_holds_beside_intelligence(officer):
    from lantern.cases import services as case_services
    from lantern.cases.models import Vehicle

    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="place", title="Kerb crawling, Vale St")
    )
    case_services.vehicle_link(
        actor=officer, case_id=case.pk, registration="AB12 CDE", make="Ford", colour="Blue"
    )
    entity = services.entity_for_vehicle(actor=officer, registration="ab12cde")
    assert entity.vehicle_id == Vehicle.objects.get(registration="AB12CDE").pk
    picture = selectors.entity_picture(officer, entity_id=entity.pk)
    assert picture.casework is not None and picture.casework.values("make") == ["Ford"]


def test_a_registration_that_is_not_uk_is_refused_with_a_message(officer):
    with pytest.raises(ValidationFailed) as refused:
        services.entity_for_vehicle(actor=officer, registration="A812C0E")
    assert "not a UK registration" in refused.value.errors["value"][0]
    with pytest.raises(ValidationFailed):
        services.entity_create(actor=officer, schema="vehicle", value="!!")
