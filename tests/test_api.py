"""The JSON API: token and session authentication, the permission layer, error answers."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantern.accounts import services
from lantern.accounts.models import ApiToken
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(make_user):
    def make(role: Role, org: str | None = "default") -> tuple:
        user = make_user(role, org)
        _, token = services.api_token_create(actor=SYSTEM, user=user, name="tests")
        return user, {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return make


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Lantern API"
    assert "/api/v1/me" in schema["paths"]


def test_no_credentials_is_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in, or send a valid bearer token"}


def test_token_authenticates_and_stores_only_a_hash(client, token_for):
    user, headers = token_for(Role.POLICE_OFFICER)
    response = client.get("/api/v1/me", **headers)
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    record = ApiToken.objects.get(user=user)
    token = headers["HTTP_AUTHORIZATION"].split()[1]
    assert token not in (record.token_hash, record.prefix) and record.last_used_at is not None


def test_revoked_token_is_refused(client, token_for):
    user, headers = token_for(Role.ANALYST)
    record = ApiToken.objects.get(user=user)
    call_command("token", "revoke", str(record.pk))
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_organisations_are_filtered_by_the_permission_layer(client, token_for, orgs):
    _, headers = token_for(Role.POLICE_OFFICER)
    names = {o["name"] for o in client.get("/api/v1/organisations", **headers).json()}
    assert names == {orgs["police"].name}
    other = client.get(f"/api/v1/organisations/{orgs['council'].pk}", **headers)
    assert other.status_code == 404


def test_audit_events_only_for_administrators(client, token_for):
    _, officer = token_for(Role.POLICE_OFFICER)
    _, admin = token_for(Role.ADMIN)
    assert client.get("/api/v1/audit/events", **officer).json()["results"] == []
    listing = client.get("/api/v1/audit/events?page_size=5", **admin).json()
    assert 0 < len(listing["results"]) <= 5
    assert client.post("/api/v1/audit/verify", **officer).status_code == 403
    verdict = client.post("/api/v1/audit/verify", **admin).json()
    assert verdict["ok"] is True


def test_bad_input_names_the_field(client, token_for):
    _, headers = token_for(Role.ADMIN)
    response = client.get("/api/v1/audit/events?page_size=0", **headers)
    assert response.status_code == 422
    assert "page_size" in response.json()["errors"]
    response = client.get("/api/v1/audit/events/999999999999999999999", **headers)
    assert response.status_code == 422


@pytest.mark.parametrize("field", ["object_type", "object_id", "action"])
def test_a_nul_character_in_an_audit_filter_is_bad_input(client, token_for, field):
    """PostgreSQL cannot compare text with a NUL in it; found by schemathesis."""
    _, headers = token_for(Role.ADMIN)
    response = client.get(f"/api/v1/audit/events?{field}=%C2%A1%00", **headers)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_session_auth_needs_two_factor_for_staff(client, make_user, signed_in):
    user = make_user(Role.POLICE_OFFICER)
    client.force_login(user)  # password only, no second factor
    assert client.get("/api/v1/me").status_code == 401
    verified = signed_in(Role.POLICE_OFFICER)
    assert verified.get("/api/v1/me").status_code == 200


def test_a_session_api_call_needs_the_csrf_token(make_user):
    """A browser's session cookie never stands alone: a bearer header, made up or not,
    does not switch CSRF off for it."""
    body = json.dumps(
        {
            "category_code": "kerb-crawling",
            "latitude": 51.5412,
            "longitude": 0.7183,
            "occurred_from": "2026-01-10T21:30:00Z",
            "description": "A car slowed down beside people on the pavement.",
        }
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.RESIDENT))
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer lt_made_up"}):
        refused = client.post("/api/v1/reports/", body, content_type="application/json", **headers)
        assert refused.status_code in (401, 403)
    client.get("/reports/new/")  # the page the browser loads first sets the CSRF cookie
    made = client.post(
        "/api/v1/reports/",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert made.status_code == 201, made.content


def test_residents_cannot_create_tokens(client, signed_in):
    resident = signed_in(Role.RESIDENT)
    response = resident.post("/api/v1/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code in (403, 401)


def test_staff_create_list_and_revoke_their_own_tokens(signed_in):
    client = signed_in(Role.ANALYST)
    created = client.post(
        "/api/v1/tokens", data={"name": "script"}, content_type="application/json"
    )
    assert created.status_code == 201
    new_token = created.json()["token"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {new_token}"}
    assert client.get("/api/v1/me", **bearer).status_code == 200
    ids = [t["id"] for t in client.get("/api/v1/tokens").json()]
    assert created.json()["id"] in ids
    assert client.delete(f"/api/v1/tokens/{created.json()['id']}").status_code == 204
    client.logout()
    assert client.get("/api/v1/me", **bearer).status_code == 401


def test_a_token_cannot_mint_more_tokens(client, token_for):
    _, headers = token_for(Role.ANALYST)
    response = client.post(
        "/api/v1/tokens", data={"name": "x"}, content_type="application/json", **headers
    )
    assert response.status_code == 401


def _cursor_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["cursor"][0]


def test_audit_events_page_by_cursor_newest_first_without_counting(client, token_for):
    """The log holds millions of events: pages follow a cursor, and no page counts the log."""
    _, admin = token_for(Role.ADMIN)
    for _ in range(7):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED)
    url = f"/api/v1/audit/events?action={catalogue.AUDIT_VERIFIED}&page_size=3"
    first = client.get(url, **admin).json()
    assert "count" not in first and first["previous"] is None
    seqs = [e["seq"] for e in first["results"]]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == 3
    seen = list(seqs)
    page = first
    while page["next"]:
        assert parse_qs(urlsplit(page["next"]).query)["action"] == [catalogue.AUDIT_VERIFIED]
        with CaptureQueriesContext(connection) as queries:
            page = client.get(page["next"], **admin).json()
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        seen += [e["seq"] for e in page["results"]]
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 7
    back = client.get(page["previous"], **admin).json()
    assert [e["seq"] for e in back["results"]] == seen[3:6]


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64!",
        base64.b64encode(b"p=abc").decode(),
        base64.b64encode(b"p=99999999999999999999999").decode(),
        base64.b64encode(b"o=100000").decode(),
    ],
)
def test_an_audit_cursor_the_list_did_not_give_is_bad_input(client, token_for, cursor):
    _, admin = token_for(Role.ADMIN)
    response = client.get("/api/v1/audit/events", {"cursor": cursor}, **admin)
    assert response.status_code == 422
    assert "cursor" in response.json()["errors"]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64!",
        _b64("p=abc"),
        _b64("p=2026-13-45 10:00:00+00:00"),
        _b64("p=2026-01-01 10:00:00"),  # no time zone
        _b64("p=0001-01-01 00:10:00+05:00"),  # before the first UTC time there is
        _b64("p=2026-01-01 10:00:00+00:00&o=10001"),
        _b64("p=2026-01-01 10:00:00+00:00&r=maybe"),
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/",
        "/api/v1/cases/cases",
        "/api/v1/evidence/items",
        "/api/v1/intelligence/reports/",
        "/api/v1/intelligence/entities/",
        "/api/v1/places/footage-requests",
    ],
)
def test_a_cursor_a_list_did_not_give_is_bad_input(client, token_for, url, cursor):
    _, officer = token_for(Role.POLICE_OFFICER)
    response = client.get(url, {"cursor": cursor}, **officer)
    assert response.status_code == 422
    assert "cursor" in response.json()["errors"]


def test_a_time_cursor_as_a_list_gives_it_is_followed(client, token_for):
    _, officer = token_for(Role.POLICE_OFFICER)
    cursor = _b64("p=2026-01-01+10%3A00%3A00.123456%2B00%3A00&o=3")
    response = client.get("/api/v1/reports/", {"cursor": cursor}, **officer)
    assert response.status_code == 200
    assert response.json() == {"results": [], "next": None, "previous": response.json()["previous"]}
