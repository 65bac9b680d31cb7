"""Builders for intelligence tests: actors of each role, made through the real services."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.core.actor import Role
from lantern.intelligence import services
from lantern.intelligence.services import Grading


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


@pytest.fixture
def analyst(make_user):
    return actor_of(make_user(Role.ANALYST))


@pytest.fixture
def council(make_user):
    return actor_of(make_user(Role.COUNCIL_OFFICER))


@pytest.fixture
def support(make_user):
    return actor_of(make_user(Role.SUPPORT_WORKER))


@pytest.fixture
def handler(make_user):
    return actor_of(make_user(Role.SOURCE_HANDLER))


P_GRADE = Grading("2", "B", "P")
C_GRADE = Grading("1", "A", "C", "Not to be shared outside the police without the DSU's consent")


@pytest.fixture
def phones(officer):
    """Two phones and a person, as an officer records them."""
    a = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    b = services.entity_create(actor=officer, schema="phone", value="+44 7700 900456")
    person = services.entity_create(actor=officer, schema="person", caption="Unknown male 'Jay'")
    return a, b, person
