"""Who sees which case, over generated mixes: cases of three partnerships owned by any
organisation, worked with any partners, shared (live or withdrawn) with other partnerships,
some opened at the same moment; readers with any memberships, roles and partnerships
(an API token narrows them to one), verified or not. For each reader the list
(``case_list``, the row-wise condition), the walk of the list page and the API
(``case_walk``: the same rule probed per case, never hashed) read whole and walked by
keyset, one case at a time (``can`` through ``case_policy``), the earlier form of the query
(``id IN`` every visible case) and the rule written out here as sets must all give the same
cases, and the vehicles a reader sees are those of the cases they see
(docs/adr/0015-partnership-is-the-scope.md, docs/scale.md)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.accounts import services as account_services
from lantern.accounts.models import Partnership, Share
from lantern.accounts.selectors import scope_each_q, scope_q
from lantern.cases import selectors
from lantern.cases.models import Case, CaseSubject, Person, Vehicle
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor, Role
from lantern.core.permissions import Permission, can
from lantern.frontend.keyset import keyset_page

pytestmark = pytest.mark.django_db

ORGS = ["police", "council", "charity", "other_police", "far_police", "far_council"]
ROLES = [
    Role.POLICE_OFFICER,
    Role.COUNCIL_OFFICER,
    Role.SUPPORT_WORKER,
    Role.ANALYST,
    Role.ADMIN,
    Role.RESIDENT,
]
NOW = clock.now()

CASES = st.lists(
    st.fixed_dictionaries(
        {
            "partnership": st.integers(0, 2),
            "organisation": st.sampled_from(ORGS),
            "partners": st.sets(st.sampled_from(ORGS), max_size=3),
            # partnership -> withdrawn? (a share to the case's own partnership is dropped)
            "shares": st.dictionaries(st.integers(0, 2), st.booleans(), max_size=2),
            "opened": st.integers(0, 3),  # few moments: ties the list must order by id
            "vehicle": st.none() | st.integers(0, 2),
            "person": st.none() | st.integers(0, 1),
        }
    ),
    max_size=10,
)
READERS = st.lists(
    st.fixed_dictionaries(
        {
            "memberships": st.sets(
                st.tuples(st.sampled_from(ORGS), st.sampled_from(ROLES)), max_size=3
            ),
            "partnerships": st.sets(st.integers(0, 2), max_size=3),
            "verified": st.booleans(),
        }
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture
def world(orgs, far):
    third = account_services.partnership_create(actor=SYSTEM, name="Third Partnership")
    partnerships = [
        Partnership.objects.get(name="Test Partnership"),
        Partnership.objects.get(name="Far Partnership"),
        third,
    ]
    vehicles = [Vehicle.objects.create(registration=f"VS{n}1ABC") for n in range(3)]
    # People recorded by the test force and by the far one, in their partnerships.
    people = [
        Person.objects.create(
            family_name=f"Visible{n}", organisation=orgs[org], partnership=partnerships[n]
        )
        for n, org in enumerate(("police", "far_police"))
    ]
    return {"orgs": orgs, "partnerships": partnerships, "vehicles": vehicles, "people": people}


def _make(world, specs) -> list[tuple[Case, dict]]:
    orgs, partnerships = world["orgs"], world["partnerships"]
    made = []
    for n, spec in enumerate(specs):
        case = Case.objects.create(
            reference=f"VIS{n:05d}",
            partnership=partnerships[spec["partnership"]],
            kind=Case.Kind.PLACE,
            title=f"Visibility {n}",
            organisation=orgs[spec["organisation"]],
        )
        Case.objects.filter(pk=case.pk).update(created_at=NOW - timedelta(hours=spec["opened"]))
        case.refresh_from_db()
        case.partners.set([orgs[key] for key in spec["partners"]])
        for to, withdrawn in spec["shares"].items():
            if to == spec["partnership"]:
                continue
            Share.objects.create(
                object_type="case",
                object_id=case.pk,
                from_partnership=partnerships[spec["partnership"]],
                partnership=partnerships[to],
                reason="Generated",
                withdrawn_at=NOW if withdrawn else None,
            )
        if spec["vehicle"] is not None:
            CaseSubject.objects.create(
                case=case, role="perpetrator", vehicle=world["vehicles"][spec["vehicle"]]
            )
        if spec.get("person") is not None:
            CaseSubject.objects.create(
                case=case, role="victim", person=world["people"][spec["person"]]
            )
        made.append((case, spec))
    return made


def _reader(world, spec) -> Actor:
    return Actor(
        user_id=uuid.uuid4(),
        label="reader",
        memberships=frozenset((world["orgs"][key].pk, role) for key, role in spec["memberships"]),
        verified=spec["verified"],
        partnership_ids=frozenset(world["partnerships"][n].pk for n in spec["partnerships"]),
    )


def _rule(world, actor: Actor, made) -> set[uuid.UUID]:
    """The rule as sets, independently of the code: a reader with CASE_VIEW sees a case in
    one of their partnerships or shared (live) with one, owned by or partnered with one of
    their organisations."""
    if not can(actor, Permission.CASE_VIEW):
        return set()
    orgs = actor.organisation_ids
    seen = set()
    for case, spec in made:
        live = {
            world["partnerships"][to].pk
            for to, withdrawn in spec["shares"].items()
            if not withdrawn and to != spec["partnership"]
        }
        in_scope = case.partnership_id in actor.partnership_ids or live & actor.partnership_ids
        ours = (
            case.organisation_id in orgs or {world["orgs"][k].pk for k in spec["partners"]} & orgs
        )
        if in_scope and ours:
            seen.add(case.pk)
    return seen


def _earlier_query(actor: Actor) -> set[uuid.UUID]:
    """The list as it was written before the condition was made row-wise."""
    if not can(actor, Permission.CASE_VIEW):
        return set()
    orgs = list(actor.organisation_ids)
    ids = (
        Case.objects.filter(scope_q(actor, object_type="case"))
        .filter(Q(organisation_id__in=orgs) | Q(partners__in=orgs))
        .values("pk")
    )
    return set(Case.objects.filter(pk__in=ids).values_list("pk", flat=True))


def _same_people(world, actor: Actor, made, expected: set[uuid.UUID]) -> None:
    """A person is seen when recorded by one of the reader's organisations in their scope
    (no person is shared here) or when in a case they see; the person page lists those
    cases."""
    viewer = can(actor, Permission.CASE_VIEW)
    for n, person in enumerate(world["people"]):
        cases = {case.pk for case, spec in made if spec.get("person") == n} & expected
        recorded = (
            person.organisation_id in actor.organisation_ids
            and person.partnership_id in actor.partnership_ids
        )
        seen = selectors.person_list(actor=actor).filter(pk=person.pk).exists()
        assert seen == (viewer and bool(recorded or cases))
        listed = selectors.person_cases(actor=actor, person=person)
        assert set(listed.values_list("pk", flat=True)) == cases


def _walk(actor: Actor, form=selectors.case_walk) -> list[uuid.UUID]:
    """The case list page's rows (``form``: the page's own ``case_walk``, or
    ``case_list``), every page, following "Older" two at a time."""
    seen: list[uuid.UUID] = []
    query = QueryDict(mutable=True)
    while True:
        page = keyset_page(form(actor=actor), query=query, size=2)
        seen += [case.pk for case in page.items]
        older: Any = page.pagination.next if page.pagination else None  # keyset's dict
        if not older:
            return seen
        query = QueryDict(str(older["href"]).lstrip("?"), mutable=True)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=CASES, readers=READERS)
def test_every_form_of_case_visibility_gives_the_same_cases(world, cases, readers):
    with transaction.atomic():
        made = _make(world, cases)
        newest_first = [
            case.pk for case, _ in sorted(made, key=lambda m: (m[0].created_at, m[0].pk))
        ][::-1]
        for spec in readers:
            actor = _reader(world, spec)
            expected = _rule(world, actor, made)
            listed = list(selectors.case_list(actor=actor).values_list("pk", flat=True))
            assert len(listed) == len(set(listed)), "a case listed twice"
            assert set(listed) == expected
            assert listed == [pk for pk in newest_first if pk in expected]  # -created_at, -id
            assert _walk(actor) == listed
            assert _walk(actor, selectors.case_list) == listed
            walked = list(selectors.case_walk(actor=actor).values_list("pk", flat=True))
            assert walked == listed  # the same cases in the same order, probed per case
            in_scope = set(
                Case.objects.filter(scope_each_q(actor, object_type="case")).values_list(
                    "pk", flat=True
                )
            )
            assert in_scope == set(  # the scope probed per case, as scope_q
                Case.objects.filter(scope_q(actor, object_type="case")).values_list("pk", flat=True)
            )
            assert _earlier_query(actor) == expected
            for case, _ in made:
                assert can(actor, Permission.CASE_VIEW, case) == (case.pk in expected)
            vehicles = {
                world["vehicles"][spec["vehicle"]].pk
                for case, spec in made
                if case.pk in expected and spec["vehicle"] is not None
            }
            assert set(selectors.vehicle_list(actor=actor).values_list("pk", flat=True)) == (
                vehicles
            )
            _same_people(world, actor, made, expected)
        transaction.set_rollback(True)


def test_the_system_sees_every_case(world):
    made = _make(world, [{"partnership": n, "organisation": "charity", "partners": set(),
                          "shares": {}, "opened": n, "vehicle": None} for n in range(3)])  # fmt: skip
    assert set(selectors.case_list(actor=SYSTEM).values_list("pk", flat=True)) == {
        case.pk for case, _ in made
    }
    # Opened 0, 1 and 2 hours ago: newest first is the order they were made in.
    assert list(selectors.case_walk(actor=SYSTEM).values_list("pk", flat=True)) == [
        case.pk for case, _ in made
    ]
