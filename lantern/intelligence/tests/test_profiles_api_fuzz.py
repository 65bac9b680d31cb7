"""schemathesis against the profile and tasking operations, as an analyst (the whole-API
fuzz in tests/test_api_fuzz.py calls them as an administrator, who reads no intelligence, so
it only reaches the 404). No generated input may give a server error, and every answer must
match its documented schema."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from lantern.accounts import services
from lantern.core.actor import SYSTEM, Role

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex=r"/intelligence/(tasking/|entities/\{entity_id\}/profile)"
)
EXAMPLES = int(os.environ.get("LANTERN_FUZZ_EXAMPLES", "25"))


@pytest.fixture(autouse=True)
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
    _, token = services.api_token_create(actor=SYSTEM, user=make_user(Role.ANALYST), name="fuzz")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_analysts_input_gives_no_server_error(case, analyst_headers):
    case.call_and_validate(
        headers=analyst_headers, checks=[not_a_server_error, response_schema_conformance]
    )
