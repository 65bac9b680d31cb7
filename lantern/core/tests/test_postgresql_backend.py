"""lantern.core.postgresql: the health check looks at the socket first and asks the server
only when something is waiting there (ADR 0010)."""

from __future__ import annotations

import select
import time
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_postgresql

from config.settings.base import _tune_database

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


@pytest.fixture
def kept() -> Iterator:
    """A second connection to the test database, kept open as a request would keep it."""
    other = connection.copy()
    other.connect()
    yield other
    other.close()


def _wait_until_readable(db) -> None:
    for _ in range(200):
        if select.select([db.connection.fileno()], [], [], 0.01)[0]:
            return
    raise AssertionError("the server never wrote to the connection")


def _ended_by_the_server(db) -> int:
    """Have the server end ``db``'s connection (as a restart would); its backend's pid."""
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    _wait_until_readable(db)
    return pid


def test_the_settings_choose_lantern_s_backend_for_postgresql():
    tuned = _tune_database({"ENGINE": "django.db.backends.postgresql", "NAME": "x"})
    assert tuned["ENGINE"] == "lantern.core.postgresql"
    assert tuned["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["ENGINE"] == "lantern.core.postgresql"


def test_an_idle_healthy_connection_is_usable_without_a_round_trip(kept):
    with mock.patch.object(
        django_postgresql.DatabaseWrapper, "is_usable", side_effect=AssertionError("asked")
    ):
        assert kept.is_usable()


def test_a_connection_the_server_ended_is_not_usable(kept):
    _ended_by_the_server(kept)
    assert not kept.is_usable()


def test_a_connection_with_a_notice_waiting_asks_the_server_and_stays_usable(kept):
    with kept.connection.cursor() as cursor:
        cursor.execute("LISTEN lantern_probe")
    notifier = connection.copy()  # outside the test's transaction: a NOTIFY waits for COMMIT
    try:
        with notifier.cursor() as cursor:
            cursor.execute("NOTIFY lantern_probe")
    finally:
        notifier.close()
    _wait_until_readable(kept)
    with mock.patch.object(
        django_postgresql.DatabaseWrapper, "is_usable", autospec=True, return_value=True
    ) as asked:
        assert kept.is_usable()
    asked.assert_called_once()


def test_a_closed_connection_is_not_usable(kept):
    kept.connection.close()
    assert not kept.is_usable()


def test_django_reconnects_a_request_whose_kept_connection_the_server_ended(kept):
    pid = _ended_by_the_server(kept)
    kept.health_check_done = False  # a new request (request_started does this)
    started = time.monotonic()
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (new_pid,) = cursor.fetchone()
    assert new_pid != pid
    assert time.monotonic() - started < 10
