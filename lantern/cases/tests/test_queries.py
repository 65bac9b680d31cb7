"""List pages and the API's action list make a fixed number of queries, however many rows
they show (STYLE.md habit 9): measured with one row, then held to that with many."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.cases import services
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db

MANY = 8


@pytest.fixture
def desk(signed_in, make_user, make_report):
    """An officer's signed-in client, their case with a served CPW, and a way to add more."""
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Larkspur Row")
    )
    report = make_report(vehicles=["AB12CDE"])
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(family_name="Testperson", estimated_age=30),
    ).person
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(cpw.pk, officer=officer, supervisor=supervisor)

    def add_actions(n: int) -> None:
        for i in range(n):
            services.action_draft(
                actor=officer,
                case_id=case.pk,
                data=services.ActionInput(
                    kind="aba", person_id=person.pk, conduct=f"Knocking on doors ({i})"
                ),
            )

    def add_cases(n: int) -> None:
        for i in range(n):
            services.case_open(
                actor=officer, data=services.CaseInput(kind="place", title=f"Street {i}")
            )

    def add_sightings(n: int) -> None:
        for days in range(2, n + 2):
            make_report(vehicles=["AB12 CDE"], days_ago=days)

    client.officer = officer
    client.case = case
    client.add_actions, client.add_cases, client.add_sightings = (
        add_actions,
        add_cases,
        add_sightings,
    )
    return client


def _bounded(client, url, grow, django_assert_max_num_queries, ceiling=40):
    with django_assert_max_num_queries(ceiling) as few:
        assert client.get(url).status_code == 200
    grow(MANY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_case_list_queries_do_not_grow(desk, django_assert_max_num_queries):
    page = _bounded(desk, "/cases/", desk.add_cases, django_assert_max_num_queries)
    assert page.content.count(b"Street ") == MANY


def test_action_list_queries_do_not_grow(desk, django_assert_max_num_queries):
    page = _bounded(desk, "/cases/actions/", desk.add_actions, django_assert_max_num_queries)
    assert page.content.count(b"Acceptable Behaviour Agreement") == MANY
    served_only = desk.get("/cases/actions/?state=served")
    assert served_only.content.count(b"Acceptable Behaviour Agreement") == 0
    assert b"Community Protection Warning" in served_only.content
    assert desk.get("/cases/actions/?state=nonsense").status_code == 200


def test_vehicle_page_queries_do_not_grow(desk, django_assert_max_num_queries):
    vehicle = desk.case.subjects.get(vehicle__isnull=False).vehicle
    page = _bounded(
        desk, f"/cases/vehicles/{vehicle.pk}/", desk.add_sightings, django_assert_max_num_queries
    )
    assert page.content.count(b"Larkspur Row, Eastmere") == MANY + 1


def test_api_action_list_queries_do_not_grow(desk, django_assert_max_num_queries):
    _, token = account_services.api_token_create(actor=SYSTEM, user=desk.user, name="t")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/cases/cases/{desk.case.pk}/actions"
    with django_assert_max_num_queries(30) as few:
        first = desk.get(url, headers=headers).json()
    assert len(first) == 1 and len(first[0]["document_sha256"]) == 1
    desk.add_actions(MANY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(desk.get(url, headers=headers).json()) == MANY + 1
