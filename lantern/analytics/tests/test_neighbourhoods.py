"""The public neighbourhood pages: what was reported in an area and what was done, month by
month, small counts suppressed, never a name, open to anyone; only areas staff made public."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.analytics.selectors.neighbourhoods import shown
from lantern.cases import services as case_services
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import PermissionDenied
from lantern.places import services as places
from lantern.places.demo import AREA
from lantern.reports.services import ReportInput, report_create

pytestmark = pytest.mark.django_db

INSIDE = (51.5412, 0.7183)
OUTSIDE = (51.5300, 0.7000)


def report(resident, code: str, at=INSIDE) -> object:
    return report_create(
        actor=resident,
        data=ReportInput(
            category_code=code,
            latitude=at[0],
            longitude=at[1],
            occurred_from=clock.now() - timedelta(hours=2),
            description="Shouting outside number 14 by Wendolyn Quarrington.",
            address="14 Larkspur Row",
        ),
    ).report


@pytest.fixture
def area(orgs):
    made = places.area_create(actor=SYSTEM, name="Larkspur Row and surrounds", geojson=AREA)
    return places.area_set_public(actor=SYSTEM, area_id=made.pk, public=True)


def test_small_counts_are_suppressed():
    assert [shown(n) for n in (0, 1, 4, 5, 12)] == [
        "None",
        "Fewer than 5",
        "Fewer than 5",
        "5",
        "12",
    ]


def test_the_page_counts_reports_and_actions_and_names_nobody(client, area, make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    kerb = [report(resident, "kerb-crawling") for _ in range(6)]
    report(resident, "noise")
    report(resident, "noise", at=OUTSIDE)  # not in the area
    report(resident, "concern-for-safety")  # safeguarding: never counted here
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Door knocking")
    )
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=kerb[0].pk)
    person = case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=case_services.PersonInput(
            given_name="Corin", family_name="Testwright", date_of_birth=date(1990, 3, 4)
        ),
    ).person
    cpw = case_services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, kerb[0])
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)

    page = client.get(reverse("analytics:neighbourhood", args=[area.pk]))  # signed out
    assert page.status_code == 200
    content = page.content.decode()
    month = f"{clock.now():%B %Y}"
    assert f"Reports received in {month}" in content
    rows = [" ".join(r.split()) for r in content.split("<tr")]
    assert any("Kerb crawling" in r and ">6<" in r.replace(" ", "") for r in rows)
    assert any("Noise" in r and "Fewer than 5" in r for r in rows)  # 1 inside, not 2
    assert any("Community Protection Warning" in r and "Fewer than 5" in r for r in rows)
    assert "Concern" not in content
    for private in (
        "Testwright",
        "Corin",
        "Wendolyn",
        "Quarrington",
        "number 14",
        kerb[0].reference,
    ):
        assert private not in content


def test_only_public_areas_have_pages(client, orgs, make_user):
    hidden = places.area_create(actor=SYSTEM, name="Operation Nightjar", geojson=AREA)
    assert client.get(reverse("analytics:neighbourhood", args=[hidden.pk])).status_code == 404
    listing = client.get(reverse("analytics:neighbourhoods")).content.decode()
    assert "Operation Nightjar" not in listing
    resident = actor_of(make_user(Role.RESIDENT))
    with pytest.raises(PermissionDenied):
        places.area_set_public(actor=resident, area_id=hidden.pk, public=True)


def test_residents_reach_it_from_their_home_page(signed_in, area):
    client = signed_in(Role.RESIDENT)
    home = client.get(reverse("frontend:home"))
    assert reverse("analytics:neighbourhood", args=[area.pk]) in home.content.decode()
    start = client.get(reverse("analytics:neighbourhoods")).content.decode()
    assert "Larkspur Row and surrounds" in start
