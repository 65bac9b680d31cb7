"""PostgreSQL runs on Django's own backend: connections are kept between requests and
checked before each request's first query, so a connection the server ended (a restart,
an operator's pg_terminate_backend) is replaced, not answered with an error."""

from __future__ import annotations

import select
from collections.abc import Iterator

import pytest
from django.db import connection

from config.settings.base import _tune_database

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


@pytest.fixture
def kept() -> Iterator:
    """A second connection to the test database, kept open as a request would keep it."""
    other = connection.copy()
    other.connect()
    yield other
    other.close()


def _ended_by_the_server(db) -> int:
    """Have the server end ``db``'s connection (as a restart would); its backend's pid."""
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    for _ in range(200):  # until the server's farewell reaches the socket
        if select.select([db.connection.fileno()], [], [], 0.01)[0]:
            return pid
    raise AssertionError("the server never wrote to the connection")


def test_the_settings_keep_django_s_backend_with_kept_and_checked_connections():
    tuned = _tune_database({"ENGINE": "django.db.backends.postgresql", "NAME": "x"})
    assert tuned["ENGINE"] == "django.db.backends.postgresql"
    assert tuned["CONN_HEALTH_CHECKS"] is True
    assert tuned["CONN_MAX_AGE"] == 60
    assert "OPTIONS" not in tuned  # nothing but Django's defaults for the driver
    assert connection.settings_dict["ENGINE"] == "django.db.backends.postgresql"


def test_a_request_whose_kept_connection_the_server_ended_gets_a_new_one(kept):
    pid = _ended_by_the_server(kept)
    kept.close_if_unusable_or_obsolete()  # what a new request does (request_started)
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (new_pid,) = cursor.fetchone()
    assert new_pid != pid
