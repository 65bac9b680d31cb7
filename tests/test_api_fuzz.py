"""schemathesis against /api/v1/openapi.json: no generated input may give a server error.

The number of examples per operation is bounded (LANTERN_FUZZ_EXAMPLES, default 25) so the
suite stays fast; raise it locally to search harder.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from lantern.accounts import services
from lantern.core.actor import SYSTEM, Role

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
EXAMPLES = int(os.environ.get("LANTERN_FUZZ_EXAMPLES", "25"))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI app directly; like Django's test client, stop the
    request signals from closing the test's database connection (it holds the test's
    transaction on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(make_user) -> dict[str, str]:
    user = make_user(Role.ADMIN)
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="fuzz")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_gives_a_server_error(case, admin_headers):
    case.call_and_validate(headers=admin_headers, checks=[not_a_server_error])


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=max(EXAMPLES // 5, 3),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_without_credentials_gives_a_server_error(case):
    response = case.call_and_validate(checks=[not_a_server_error])
    if case.operation.definition.raw.get("security"):  # not one of the public endpoints
        assert response.status_code in (401, 403, 404, 405, 422)
