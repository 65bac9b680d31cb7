"""schemathesis over the places endpoints as a camera owner and as an officer (the shared
fuzz test runs as an administrator, whom most of these endpoints refuse before reading
the input). No generated input may give a server error."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from lantern.accounts import services
from lantern.accounts.selectors import actor_for
from lantern.core.actor import SYSTEM, Role
from lantern.places.tests.factories import make_camera

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="^/api/v1/places/"
)
EXAMPLES = int(os.environ.get("LANTERN_FUZZ_EXAMPLES", "25"))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=[Role.RESIDENT, Role.POLICE_OFFICER])
def headers(request, make_user) -> dict[str, str]:
    owner = make_user(Role.RESIDENT)
    make_camera(actor_for(owner))
    user = owner if request.param is Role.RESIDENT else make_user(request.param)
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="fuzz")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_places_endpoints_give_no_server_error(case, headers):
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
