"""The safeguarding API: writes through the services, refusals as 422 with the rule."""

from __future__ import annotations

import pytest

from lantern.accounts import services as accounts
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(make_user):
    def headers(role: Role, org="default") -> dict[str, str]:
        user = make_user(role, org)
        _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="t")
        return {"Authorization": f"Bearer {token}"}

    return headers


def test_api_journey_with_refusals(client, bearer, orgs, people):
    lead = bearer(Role.SAFEGUARDING_LEAD)
    person = str(people.add(age=30))
    base = "/api/v1/safeguarding"
    response = client.post(
        f"{base}/screenings",
        {
            "person_id": person,
            "observed_at": "2026-11-20T21:30:00",
            "context": "Larkspur Row",
            "indicators": ["controlled"],
            "age_band": "adult",
            "outcome": "concern",
        },
        content_type="application/json",
        headers=lead,
    )
    assert response.status_code == 201, response.content
    screening = response.json()
    assert client.get(f"{base}/screenings/{screening['id']}", headers=lead).status_code == 200

    officer = bearer(Role.POLICE_OFFICER)
    status = client.get(f"{base}/people/{person}/status", headers=officer).json()
    assert status == {
        "person_id": person,
        "review_recorded": False,
        "review_decision": "",
        "reviewed_on": None,
        "enforcement_allowed": False,
    }
    assert client.get(f"{base}/screenings/{screening['id']}", headers=officer).status_code == 404

    refer = {
        "person_id": person,
        "kind": "support_agency",
        "service": "outreach",
        "agency_id": str(orgs["charity"].pk),
        "reason": "Help",
    }
    response = client.post(
        f"{base}/referrals", refer, content_type="application/json", headers=lead
    )
    assert response.status_code == 422 and response.json()["rule"] == "REFERRAL_NEEDS_CONSENT"

    response = client.post(
        f"{base}/reviews",
        {
            "person_id": person,
            "decision": "proceed",
            "rationale": "Safe",
            "decided_on": "2026-11-21",
        },
        content_type="application/json",
        headers=lead,
    )
    assert response.status_code == 201 and response.json()["screening_id"] == screening["id"]
    status = client.get(f"{base}/people/{person}/status", headers=officer).json()
    assert status["review_recorded"] and status["enforcement_allowed"]
    assert "rationale" not in status

    response = client.post(
        f"{base}/reviews",
        {"person_id": person, "decision": "proceed", "rationale": "x", "decided_on": "2026-11-21"},
        content_type="application/json",
        headers=officer,
    )
    assert response.status_code == 403


def test_api_refuses_bad_input_without_a_server_error(client, bearer, people):
    lead = bearer(Role.SAFEGUARDING_LEAD)
    response = client.post(
        "/api/v1/safeguarding/screenings",
        {
            "person_id": str(people.add(age=30)),
            "observed_at": "9999-12-31T23:59:59+00:00",
            "context": "x",
            "indicators": ["nope"],
            "age_band": "x",
            "outcome": "y",
        },
        content_type="application/json",
        headers=lead,
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"observed_at", "indicators", "age_band", "outcome"}
    assert client.get("/api/v1/safeguarding/numbers", headers=lead).status_code == 200
    assert client.get("/api/v1/safeguarding/numbers").status_code == 401


def test_support_workers_read_back_only_their_own_agencys_outreach_contacts(client, bearer, orgs):
    from lantern.core import clock

    worker = bearer(Role.SUPPORT_WORKER)
    orgs["other_support"] = accounts.organisation_create(
        actor=SYSTEM, name="Other Support", kind="support_agency"
    )
    # Another agency of the same partnership (a token is bound to one of its holder's).
    partnership = orgs["police"].partnerships.get()
    accounts.partnership_add_member(
        actor=SYSTEM, partnership_id=partnership.pk, organisation_id=orgs["other_support"].pk
    )
    other_worker = bearer(Role.SUPPORT_WORKER, "other_support")
    base = "/api/v1/safeguarding/agency/contacts"
    today = clock.now().date().isoformat()
    response = client.post(
        base,
        {"contacted_on": today, "area": "Larkspur Row", "support": ["welfare"]},
        content_type="application/json",
        headers=worker,
    )
    assert response.status_code == 201, response.content
    listed = client.get(base, headers=worker).json()
    assert listed["count"] == 1 and listed["items"][0]["area"] == "Larkspur Row"
    assert client.get(base, headers=other_worker).json()["count"] == 0
    assert client.get(base, headers=bearer(Role.SAFEGUARDING_LEAD)).json()["count"] == 0
    assert client.get(base).status_code == 401
