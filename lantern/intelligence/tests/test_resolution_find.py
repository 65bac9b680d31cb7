"""Finding duplicate people, vehicles and phones (issue 19 item 3): candidates are put
forward, never merged; an analyst decides; a decided pair is not put forward again."""

from __future__ import annotations

import json

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence import selectors, services
from lantern.intelligence.models import Entity, ResolutionCandidate, Statement
from lantern.intelligence.services.duplicate_records import split_name
from lantern.intelligence.services.duplicate_rules import phone_number, registrations_alike
from lantern.intelligence.tests.conftest import P_GRADE
from lantern.intelligence.tests.resolution_data import one_man_twice

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(officer):
    return one_man_twice(officer)


def _states():
    return {(c.entity_a_id, c.entity_b_id): c.status for c in ResolutionCandidate.objects.all()}


def test_an_obvious_duplicate_is_put_forward_and_nothing_merges(analyst, twins):
    one, two, _other = twins
    found = services.candidates_find(analyst)
    assert found.people == 3 and found.proposed == 1 and found.known == 0
    candidate = ResolutionCandidate.objects.get()
    assert {candidate.entity_a_id, candidate.entity_b_id} == {one.pk, two.pk}
    assert candidate.found_by == "linkage" and candidate.probability >= 0.9
    assert candidate.status == "pending"
    assert not Entity.objects.filter(merged_into__isnull=False).exists()
    event = AuditEvent.objects.get(action="intelligence.duplicates_searched")
    details = json.loads(event.details)
    assert details["proposed"] == 1 and details["people"] == 3
    assert "Marsh" not in event.details
    assert AuditEvent.objects.filter(action="intelligence.candidate_proposed").count() == 1
    # A second run puts nothing forward again.
    again = services.candidates_find(analyst)
    assert again.proposed == 0 and again.known == 1
    assert ResolutionCandidate.objects.count() == 1


def test_confirm_merges_both_sets_of_statements_and_unmerge_restores_them(analyst, twins):
    one, two, _ = twins
    services.candidates_find(analyst)
    candidate = ResolutionCandidate.objects.get()
    before = {
        e.pk: sorted(Statement.objects.filter(entity=e).values_list("pk", flat=True))
        for e in (one, two)
    }
    services.merge_confirm(actor=analyst, candidate_id=candidate.pk, reason="Same man, same DOB")
    picture = selectors.entity_picture(analyst, entity_id=two.pk)
    assert {picture.entity.pk, *(m.pk for m in picture.merged)} == {one.pk, two.pk}
    aliases = [s.value for p in picture.properties if p.name == "alias" for s in p.statements]
    assert aliases == ["JJ"]
    assert [v.other.caption for v in picture.links] == ["07700900111"]
    # A run after the merge compares the merged pair as one: nothing new.
    assert services.candidates_find(analyst).proposed == 0
    services.unmerge(actor=analyst, candidate_id=candidate.pk, reason="Two brothers")
    for e in (one, two):
        fresh = Entity.objects.get(pk=e.pk)
        assert fresh.merged_into_id is None
        after = sorted(Statement.objects.filter(entity=e).values_list("pk", flat=True))
        assert after == before[e.pk]
        picture = selectors.entity_picture(analyst, entity_id=e.pk)
        assert picture.entity.pk == e.pk and picture.merged == []
    assert ResolutionCandidate.objects.get().status == "undone"
    # Undone is a decision: not put forward again.
    assert services.candidates_find(analyst).proposed == 0


def test_a_rejected_pair_stays_rejected(analyst, twins):
    services.candidates_find(analyst)
    candidate = ResolutionCandidate.objects.get()
    services.merge_reject(actor=analyst, candidate_id=candidate.pk, reason="Different fathers")
    again = services.candidates_find(analyst)
    assert again.proposed == 0 and again.known == 1
    assert list(_states().values()) == ["rejected"]
    with pytest.raises(ValidationFailed):
        services.merge_confirm(actor=analyst, candidate_id=candidate.pk, reason="Changed my mind")


def test_vehicles_one_character_apart_or_misread(officer, analyst):
    made = {
        reg: services.entity_for_vehicle(actor=officer, registration=reg)
        for reg in ("AB12CDE", "AB12CDF", "SOS1", "S051", "ABC123", "ABC12", "XY99ZZZ")
    }
    found = services.candidates_find(analyst)
    pairs = {
        frozenset((c.entity_a.key, c.entity_b.key))
        for c in ResolutionCandidate.objects.select_related("entity_a", "entity_b")
    }
    assert pairs == {
        frozenset(("AB12CDE", "AB12CDF")),  # one character
        frozenset(("SOS1", "S051")),  # 0/O and 5/S misread
        frozenset(("ABC123", "ABC12")),  # one left out
    }
    assert found.vehicles == 7 and found.rule_pairs == 3
    assert {c.found_by for c in ResolutionCandidate.objects.all()} == {"rule"}
    assert all(c.probability is None for c in ResolutionCandidate.objects.all())
    assert made["XY99ZZZ"].pk not in {
        e for c in ResolutionCandidate.objects.all() for e in (c.entity_a_id, c.entity_b_id)
    }


def test_phones_stored_in_different_forms(officer, analyst):
    a = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    b = services.entity_create(actor=officer, schema="phone", value="0044 7700 900123")
    c = services.entity_create(actor=officer, schema="phone", value="07700 900999")
    d = services.entity_create(actor=officer, schema="phone", value="01632 960111")
    services.statement_add(
        actor=officer, entity_id=d.pk, prop="number", value="7700900999", grading=P_GRADE
    )
    assert a.key != b.key
    services.candidates_find(analyst)
    pairs = {frozenset((x.entity_a_id, x.entity_b_id)) for x in ResolutionCandidate.objects.all()}
    assert pairs == {frozenset((a.pk, b.pk)), frozenset((c.pk, d.pk))}


def test_merged_entities_are_skipped(officer, analyst):
    a = services.entity_for_vehicle(actor=officer, registration="AB12CDE")
    b = services.entity_for_vehicle(actor=officer, registration="AB12CDF")
    c = services.entity_for_vehicle(actor=officer, registration="AB12CDG")
    first = services.candidate_propose(actor=analyst, entity_a_id=a.pk, entity_b_id=b.pk)
    services.merge_confirm(actor=analyst, candidate_id=first.pk, reason="Same car")
    services.candidates_find(analyst)
    involved = {
        e for x in ResolutionCandidate.objects.all() for e in (x.entity_a_id, x.entity_b_id)
    }
    assert involved == {a.pk, b.pk, c.pk}
    # c is put forward with a (b is part of a now), never with b.
    assert ResolutionCandidate.objects.filter(entity_a=a, entity_b=c).exists()
    assert not ResolutionCandidate.objects.filter(entity_b=c, entity_a=b).exists()


def test_refusals_write_nothing(officer, analyst, twins):
    one, two, _ = twins
    phone = Entity.objects.get(schema="phone")
    for a, b, field in ((one.pk, one.pk, "entity_b"), (one.pk, phone.pk, "entity_b")):
        with pytest.raises(ValidationFailed) as refused:
            services.candidate_propose(actor=analyst, entity_a_id=a, entity_b_id=b)
        assert field in refused.value.errors
    candidate = services.candidate_propose(actor=analyst, entity_a_id=one.pk, entity_b_id=two.pk)
    for decide in (services.merge_confirm, services.merge_reject):
        with pytest.raises(ValidationFailed) as refused:
            decide(actor=analyst, candidate_id=candidate.pk, reason="   ")
        assert "reason" in refused.value.errors
    with pytest.raises(ValidationFailed):
        services.unmerge(actor=analyst, candidate_id=candidate.pk, reason="Not merged yet")
    with pytest.raises(ValidationFailed):
        services.candidates_find(analyst, threshold=1.5)
    assert ResolutionCandidate.objects.get().status == "pending"
    assert not Entity.objects.filter(merged_into__isnull=False).exists()
    assert not AuditEvent.objects.filter(
        action__in=["intelligence.merged", "intelligence.merge_rejected", "intelligence.unmerged"]
    ).exists()


def test_only_analysts_find(officer, council, support, twins):
    for actor in (officer, council, support):
        with pytest.raises(NotFound):
            services.candidates_find(actor)
    assert not ResolutionCandidate.objects.exists()


def test_the_system_finds_in_one_partnership(twins):
    partnership = twins[0].partnership_id
    found = services.candidates_find(SYSTEM, partnership_id=partnership)
    assert found.partnerships == 1 and found.proposed == 1


def test_rules():
    assert split_name("Jay Marsh") == ("Jay", "Marsh")
    assert split_name("J. Paul Marsh") == ("J", "Marsh")
    assert split_name("'Jay'") == ("Jay", None)
    assert phone_number("+44 (0)7700 900123") == "07700900123"
    assert phone_number("0044 7700 900123") == phone_number("7700900123") == "07700900123"
    assert registrations_alike("AB12CDE", "A812CDE")
    assert registrations_alike("SO51ABC", "5051A8C")  # misreads, however many
    assert not registrations_alike("AB12CDE", "AB12CDE")
    assert not registrations_alike("AB12CDE", "AB12XYZ")


def test_two_women_who_share_a_controllers_phone_and_flat_are_not_one_person(officer, analyst):
    """The demo's case: two women kept by one man share his phone and a flat; different
    first names and no surname must not make them one person."""
    phone = services.entity_create(actor=officer, schema="phone", value="07700900417")
    flat = services.entity_create(actor=officer, schema="address", value="Flat 2, 14 Tansy Lane")
    grade = services.Grading("2", "B", "P")
    for name in ("Mara", "Kerensa"):
        woman = services.entity_create(actor=officer, schema="person", caption=name)
        services.link_add(
            actor=officer,
            link_type="uses_phone",
            source_id=woman.pk,
            target_id=phone.pk,
            grading=grade,
        )
        services.link_add(
            actor=officer,
            link_type="lives_at",
            source_id=woman.pk,
            target_id=flat.pk,
            grading=grade,
        )
    services.candidates_find(analyst)
    assert not ResolutionCandidate.objects.exists()
