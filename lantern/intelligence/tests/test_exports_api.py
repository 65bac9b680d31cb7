"""The exports API: POST /api/v1/intelligence/exports answers the file, audited; GET
/api/v1/intelligence/ranking the disruption ranking; both 404 without INTELLIGENCE_ANALYSE,
and no generated input gives a server error (schemathesis)."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from lantern.accounts import services as account_services
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.intelligence.tests.test_exports_export import world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex=r"^/api/v1/intelligence/(exports|ranking)$"
)
EXAMPLES = int(os.environ.get("LANTERN_FUZZ_EXAMPLES", "25"))


def _headers(make_user, role: Role, org: str = "default") -> dict[str, str]:
    _, token = account_services.api_token_create(
        actor=SYSTEM, user=make_user(role, org), name="test"
    )
    return {"Authorization": f"Bearer {token}"}


def test_an_analyst_exports_graphml_through_the_api(client, make_user, world):  # noqa: F811
    headers = _headers(make_user, Role.ANALYST)
    response = client.post(
        "/api/v1/intelligence/exports",
        {"format": "graphml", "reason": "Op Lantern"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert 'filename="lantern-network.graphml"' in response["Content-Disposition"]
    assert b"potential_victim" in response.content
    assert AuditEvent.objects.filter(action="intelligence.exported").count() == 1


def test_a_neighbourhood_as_csv_through_the_api(client, make_user, world):  # noqa: F811
    headers = _headers(make_user, Role.SUPERVISOR)
    response = client.post(
        "/api/v1/intelligence/exports",
        {"format": "csv", "reason": "Tasking", "entity_id": str(world["boss"].pk), "hops": 1},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == ["entities.csv", "links.csv"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"format": "graphml", "reason": ""}, "reason"),
        ({"format": "xls", "reason": "Op"}, "format"),
        ({"format": "csv", "reason": "Op", "hops": 9, "entity_id": None}, None),
    ],
)
def test_bad_export_requests_are_422_and_not_audited(client, make_user, world, body, field):  # noqa: F811
    headers = _headers(make_user, Role.ANALYST)
    response = client.post(
        "/api/v1/intelligence/exports", body, content_type="application/json", headers=headers
    )
    if field is None:  # hops without an entity are ignored: the whole network
        assert response.status_code == 200
        return
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not AuditEvent.objects.filter(action="intelligence.exported").exists()


@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.COUNCIL_OFFICER, Role.SUPPORT_WORKER])
def test_without_the_analyse_permission_both_are_404(client, make_user, world, role):  # noqa: F811
    headers = _headers(make_user, role)
    post = client.post(
        "/api/v1/intelligence/exports",
        {"format": "csv", "reason": "x"},
        content_type="application/json",
        headers=headers,
    )
    assert post.status_code == 404
    assert client.get("/api/v1/intelligence/ranking", headers=headers).status_code == 404
    assert not AuditEvent.objects.filter(action="intelligence.exported").exists()


def test_the_ranking_through_the_api(client, make_user, world):  # noqa: F811
    headers = _headers(make_user, Role.ANALYST)
    response = client.get("/api/v1/intelligence/ranking", {"top": 3}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["ranking"][0]["label"] == "Boss"
    assert [v["label"] for v in body["potential_victims"]] == ["Child"]
    assert all(not step["potential_victim"] for step in body["ranking"])
    assert "Child" not in [step["label"] for step in body["ranking"]]
    assert (
        client.get("/api/v1/intelligence/ranking", {"top": 0}, headers=headers).status_code == 422
    )


@pytest.fixture(autouse=False)
def _keep_the_test_connection():
    """As in tests/test_api_fuzz.py: schemathesis calls the WSGI app directly."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def analyst_headers(make_user) -> dict[str, str]:
    return _headers(make_user, Role.ANALYST)


@pytest.mark.usefixtures("_keep_the_test_connection")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_input_gives_a_server_error(case, analyst_headers, world):  # noqa: F811
    case.call_and_validate(
        headers=analyst_headers, checks=[not_a_server_error, response_schema_conformance]
    )
