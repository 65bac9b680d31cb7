"""The case lists that walk a page newest first (the list page and the API's list, through
``case_walk``) read the partner links and shares of the cases they pass, never every link of
the reader's organisations or every share to their partnerships first: PostgreSQL hashes
those for ``case_list``'s ``EXISTS`` and ``IN``, a cost that grows with the data
(docs/scale.md, "Run 8"). ``test_case_visibility.py`` holds both forms to the same answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from conftest import actor_of
from lantern.accounts.models import Partnership, Share
from lantern.cases import selectors
from lantern.cases.models import Case
from lantern.core import clock
from lantern.core.actor import Role

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

LINKS = 600  # police cases the council works: enough that PostgreSQL hashes their links


@pytest.fixture
def walk_data(orgs, far):
    """Many police cases worked with the council, opened an hour apart; one in ten shared
    with the far partnership and worked with its council too; the statistics up to date."""
    partnership = Partnership.objects.get(name="Test Partnership")
    far_partnership = Partnership.objects.get(name="Far Partnership")
    now = clock.now()
    cases = Case.objects.bulk_create(
        Case(
            reference=f"WALK{n:05d}",
            partnership=partnership,
            kind=Case.Kind.PLACE,
            title=f"Walk {n}",
            organisation=orgs["police"],
        )
        for n in range(LINKS)
    )
    for n, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(created_at=now - timedelta(hours=n))
    Case.partners.through.objects.bulk_create(
        [
            Case.partners.through(case_id=case.pk, organisation_id=orgs["council"].pk)
            for case in cases
        ]
        + [
            Case.partners.through(case_id=case.pk, organisation_id=orgs["far_council"].pk)
            for case in cases[::10]
        ]
    )
    Share.objects.bulk_create(
        Share(
            object_type="case",
            object_id=case.pk,
            from_partnership=partnership,
            partnership=far_partnership,
            reason="Walk",
        )
        for case in cases[::10]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case, cases_case_partners, accounts_share")


@pytest.fixture
def council_officer(walk_data, make_user):
    return actor_of(make_user(Role.COUNCIL_OFFICER))


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _plan(queryset) -> list[dict[str, Any]]:
    """Every node of the plan PostgreSQL ran for ``queryset`` (EXPLAIN ANALYZE)."""
    document = json.loads(queryset.explain(format="json", analyze=True))
    return list(_nodes(document[0]["Plan"]))


def _hashed(nodes: list[dict[str, Any]]) -> list[str]:
    """The conditions that test a row against a hash built first ("hashed SubPlan N")."""
    return [n["Filter"] for n in nodes if "hashed SubPlan" in n.get("Filter", "")]


def test_the_walk_probes_the_links_of_the_cases_it_passes(council_officer):
    # The set-wise form, on the same data and page: PostgreSQL hashes every link of the
    # reader's organisation first (what the walk is written not to do).
    listed = selectors.case_list(actor=council_officer).order_by("-created_at", "-pk")[:2]
    assert _hashed(_plan(listed))
    page = selectors.case_walk(actor=council_officer)[:2]
    nodes = _plan(page)
    assert _hashed(nodes) == []
    links = [n for n in nodes if n.get("Relation Name") == "cases_case_partners"]
    assert links and {n["Node Type"] for n in links} <= {"Index Scan", "Index Only Scan"}
    # One probe per case passed, none owned by the council: the page's two, nothing more.
    assert sum(n["Actual Loops"] for n in links) == 2
    shares = [n for n in nodes if n.get("Relation Name") == "accounts_share"]
    assert sum(n["Actual Loops"] for n in shares) == 0  # both in the reader's partnership
    assert [case.reference for case in page] == ["WALK00000", "WALK00001"]


def test_the_walk_probes_the_shares_of_the_cases_it_passes(walk_data, make_user):
    """A reader of the far partnership sees the cases shared with it: the walk looks up the
    share of each case it passes, where the set-wise form hashes every share first."""
    reader = actor_of(make_user(Role.COUNCIL_OFFICER, "far_council"))
    listed = selectors.case_list(actor=reader).order_by("-created_at", "-pk")[:2]
    assert _hashed(_plan(listed))
    page = selectors.case_walk(actor=reader)[:2]
    nodes = _plan(page)
    assert _hashed(nodes) == []
    shares = [n for n in nodes if n.get("Relation Name") == "accounts_share"]
    assert sum(n["Actual Loops"] for n in shares) == 11  # WALK00000 to WALK00010
    assert [case.reference for case in page] == ["WALK00000", "WALK00010"]


def test_a_later_page_costs_the_cases_it_passes(council_officer):
    """A cursor's page (the API's ``created_at <=`` and offset, the list page's keyset)
    probes only the links of the cases from its position on."""
    position = Case.objects.get(reference="WALK00400").created_at
    page = selectors.case_walk(actor=council_officer).filter(created_at__lte=position)[1:3]
    nodes = _plan(page)
    assert _hashed(nodes) == []
    links = [n for n in nodes if n.get("Relation Name") == "cases_case_partners"]
    assert sum(n["Actual Loops"] for n in links) == 3  # the offset's case and the page's two
    assert [case.reference for case in page] == ["WALK00401", "WALK00402"]
