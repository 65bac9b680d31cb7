"""schemathesis against the records endpoints, as a caller who reaches them: a source handler
in a police force (tests/test_api_fuzz.py fuzzes the whole API as an administrator, whom
need to know answers 404 before reading the request). Path ids are real records, so each
generated body is read by the services: no input may give a server error.

LANTERN_FUZZ_EXAMPLES (default 25) bounds the examples per operation, as there."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.core.actor import SYSTEM, Role
from lantern.intelligence import services
from lantern.intelligence.tests.conftest import P_GRADE

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex=r"/intelligence/(reports|entities|links|schema)/"
)
EXAMPLES = int(os.environ.get("LANTERN_FUZZ_EXAMPLES", "25"))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As in tests/test_api_fuzz.py: the WSGI calls must not close the test's connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def handler_world(make_user):
    """A source handler's token and a report, two entities and a link they may read."""
    user = make_user(Role.SOURCE_HANDLER)
    actor = actor_of(user)
    _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="fuzz")
    phone = services.entity_create(actor=actor, schema="phone", value="07700900123")
    person = services.entity_create(actor=actor, schema="person", caption="Jay")
    report = services.report_record(actor=actor, text="P", grading=P_GRADE, mentions=[phone.pk])
    link = services.link_add(
        actor=actor,
        link_type="uses_phone",
        source_id=person.pk,
        target_id=phone.pk,
        grading=P_GRADE,
    )
    ids = {"report_id": report.pk, "entity_id": person.pk, "link_id": link.pk}
    return {"Authorization": f"Bearer {token}"}, ids


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_from_a_reader_gives_a_server_error(case, handler_world):
    headers, ids = handler_world
    for name in list(case.path_parameters or {}):
        if name in ids:
            case.path_parameters[name] = str(ids[name])
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
