"""schemathesis over the safeguarding endpoints as a safeguarding lead (who may write), so
generated input reaches the services: none may give a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from lantern.accounts import services
from lantern.core.actor import SYSTEM, Role
from tests.test_api_fuzz import EXAMPLES, _keep_the_test_connection  # noqa: F401

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="/safeguarding/"
)


@pytest.fixture
def lead_headers(make_user) -> dict[str, str]:
    user = make_user(Role.SAFEGUARDING_LEAD)
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="fuzz")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_from_a_safeguarding_lead_gives_a_server_error(case, lead_headers):
    case.call_and_validate(headers=lead_headers, checks=[not_a_server_error])
