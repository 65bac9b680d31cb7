"""The cases API: the refusal contract, vehicles with sightings, and need to know."""

from __future__ import annotations

import pytest

from lantern.accounts import services as account_services
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db


def _headers(user) -> dict[str, str]:
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(client, make_user):
    def as_role(role, org="default"):
        user = make_user(role, org)
        headers = _headers(user)

        class Api:
            def get(self, path):
                return client.get(f"/api/v1/cases{path}", headers=headers)

            def post(self, path, body=None):
                return client.post(
                    f"/api/v1/cases{path}",
                    data=body or {},
                    content_type="application/json",
                    headers=headers,
                )

        return Api()

    return as_role


def test_a_refusal_is_422_with_rule_message_and_source(api, make_report):
    officer = api(Role.POLICE_OFFICER)
    case = officer.post("/cases", {"kind": "person", "title": "Doorways on Larkspur Row"}).json()
    report = make_report()
    assert (
        officer.post(f"/cases/{case['id']}/reports", {"report_id": str(report.pk)}).status_code
        == 201
    )
    person = officer.post(
        f"/cases/{case['id']}/people",
        {"role": "perpetrator", "family_name": "Testperson", "date_of_birth": "1990-01-01"},
    ).json()
    body = {
        "kind": "cpn",
        "person_id": person["person_id"],
        "conduct_category": "gathering",
        "conduct": "Gathering in doorways",
        "detrimental_effect": "Residents cannot use their doors",
        "persistent_nature": "Three weeks of evenings",
        "unreasonable_because": "No need to use private doorways",
        "evidence": [{"kind": "report", "id": str(report.pk)}],
        "requirements": [{"kind": "stop", "text": "Stop gathering in doorways"}],
    }
    response = officer.post(f"/cases/{case['id']}/actions", body)
    assert response.status_code == 422
    assert response.json() == {
        "rule": "CPN_REQUIRES_PRIOR_WARNING",
        "message": response.json()["message"],
        "source": "ASBCPA 2014 s.43(5)(a)-(b)",
    }
    assert "written warning" in response.json()["message"]
    body["kind"] = "cpw"
    body["compliance_days"] = 14
    created = officer.post(f"/cases/{case['id']}/actions", body)
    assert created.status_code == 201, created.json()
    assert created.json()["state"] == "draft"
    assert created.json()["next_steps"] == ["approve", "withdraw"]


def test_vehicles_list_sightings_from_reports_with_the_registration_never_in_a_url(
    api, make_report
):
    officer = api(Role.POLICE_OFFICER)
    make_report(vehicles=["ab12cde"])
    make_report(vehicles=["AB12 CDE"], days_ago=3)
    response = officer.post("/vehicles/lookup", {"registration": "ab12-cde"})
    assert response.status_code == 200
    assert response.json()["registration"] == "AB12CDE"
    assert response.json()["id"] is None  # on no case yet
    assert len(response.json()["sightings"]) == 2
    assert officer.post("/vehicles/lookup", {"registration": "not a plate"}).status_code == 422
    assert officer.post("/vehicles/lookup", {"registration": "ZZ99ZZZ"}).status_code == 404
    case = officer.post("/cases", {"kind": "person", "title": "Kerb crawling"}).json()
    link = officer.post(f"/cases/{case['id']}/vehicles", {"registration": "AB12CDE"}).json()
    assert link["vehicle_id"]
    by_id = officer.get(f"/vehicles/{link['vehicle_id']}")
    assert by_id.status_code == 200
    assert by_id.json()["id"] == link["vehicle_id"]
    assert len(by_id.json()["sightings"]) == 2
    assert (
        officer.post("/vehicles/lookup", {"registration": "AB12CDE"}).json()["id"]
        == (link["vehicle_id"])
    )
    stranger = api(Role.POLICE_OFFICER, "other_police")
    assert stranger.get(f"/vehicles/{link['vehicle_id']}").status_code == 404
    assert api(Role.RESIDENT).post("/vehicles/lookup", {"registration": "AB12CDE"}).status_code == (
        403
    )


def test_another_force_cannot_see_the_case(api):
    officer = api(Role.POLICE_OFFICER)
    case = officer.post("/cases", {"kind": "place", "title": "Larkspur Row"}).json()
    stranger = api(Role.POLICE_OFFICER, "other_police")
    assert stranger.get(f"/cases/{case['id']}").status_code == 404
    assert stranger.get("/cases").json()["results"] == []
    assert len(officer.get("/cases").json()["results"]) == 1


def test_residents_cannot_open_cases(api):
    assert api(Role.RESIDENT).post("/cases", {"kind": "place", "title": "x"}).status_code == 403


def test_a_nul_character_anywhere_in_a_body_or_query_is_bad_input_and_stores_nothing(api):
    """PostgreSQL cannot keep a NUL in text; the API's parser refuses it everywhere
    (lantern.core.api.NulRefusingParser) instead of failing as a server error."""
    from lantern.cases.models import Case

    officer = api(Role.POLICE_OFFICER)
    refused = officer.post("/cases", {"kind": "person", "title": "Doorways\x00 on Larkspur Row"})
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"title": ["must not contain NUL characters"]}
    nested = officer.post("/cases", {"kind": "person", "title": "Doorways", "x": ["a", "\x00"]})
    assert nested.status_code == 422
    assert list(nested.json()["errors"]) == ["x.1"]
    assert not Case.objects.exists()
    listed = officer.get("/cases?state=%00")
    assert listed.status_code == 422
    assert "state" in listed.json()["errors"]
    assert officer.post("/cases", {"kind": "person", "title": "Doorways"}).status_code == 201


def test_the_registered_keeper_is_recorded_through_the_api(api, make_report):
    officer = api(Role.POLICE_OFFICER)
    case = officer.post("/cases", {"kind": "person", "title": "Kerb crawling"}).json()
    link = officer.post(f"/cases/{case['id']}/vehicles", {"registration": "AB12 CDE"}).json()
    person = officer.post(
        f"/cases/{case['id']}/people", {"role": "registered_keeper", "family_name": "Testkeeper"}
    ).json()
    url = f"/cases/{case['id']}/vehicles/{link['vehicle_id']}/keeper"
    body = {"name": "Ellis Testkeeper", "address": "9 Quillon Close, Eastmere EM4 2ZZ"}
    refused = officer.post(url, body | {"name": "picking up a woman for sex"})
    assert refused.status_code == 422 and "keeper_name" in refused.json()["errors"]
    answer = officer.post(url, body | {"person_id": person["person_id"]})
    assert answer.status_code == 200
    assert answer.json()["keeper_person_id"] == person["person_id"]
    elsewhere = officer.post("/cases", {"kind": "person", "title": "Elsewhere"}).json()
    other = officer.post(
        f"/cases/{elsewhere['id']}/people", {"role": "victim", "family_name": "Testother"}
    ).json()
    assert officer.post(url, body | {"person_id": other["person_id"]}).status_code == 422


def test_issuer_authorised_names_the_rule_where_permissions_stop_someone(
    api, make_user, orgs, make_report
):
    """An analyst or a support worker who may see the case but not issue a notice is refused
    by ISSUER_AUTHORISED, in the refusal shape, when they draft or serve one; a resident,
    who may not know the case exists, gets 404."""
    from conftest import actor_of
    from lantern.cases import rules, services
    from lantern.cases.tests.conftest import cpw_input

    officer = actor_of(make_user(Role.POLICE_OFFICER))
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Doorways on Larkspur Row")
    )
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["charity"].pk])
    report = make_report()
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(family_name="Testperson", estimated_age=30),
    ).person
    warning = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    services.action_approve(actor=supervisor, action_id=warning.pk)
    body = {
        "kind": "cpw",
        "person_id": str(person.pk),
        "conduct_category": "doorstep",
        "conduct": "Knocking on doors",
        "compliance_days": 14,
    }
    refusal = {
        "rule": "ISSUER_AUTHORISED",
        "message": rules.IssuerAuthorised.message(),
        "source": rules.IssuerAuthorised.source,
    }
    for role in (Role.ANALYST, Role.SUPPORT_WORKER):
        client = api(role)
        assert client.get(f"/cases/{case.pk}").status_code == 200  # they may see the case
        drafted = client.post(f"/cases/{case.pk}/actions", body)
        assert drafted.status_code == 422 and drafted.json() == refusal, role
        serve = client.post(f"/actions/{warning.pk}/serve", {"how": "hand"})
        assert serve.status_code == 422 and serve.json() == refusal, role
    resident = api(Role.RESIDENT)
    assert resident.post(f"/cases/{case.pk}/actions", body).status_code == 404
    assert resident.post(f"/actions/{warning.pk}/serve", {"how": "hand"}).status_code == 404
    served = api(Role.POLICE_OFFICER).post(f"/actions/{warning.pk}/serve", {"how": "hand"})
    assert served.status_code == 200 and served.json()["state"] == "served"
