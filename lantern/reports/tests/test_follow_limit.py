"""Following a report by its reference and tracking code is limited per client address:
after LANTERN_FOLLOW_ATTEMPTS failures within LANTERN_FOLLOW_WINDOW_MINUTES, the address is
answered 429 with Retry-After until the window has passed. Nothing logs the code."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from lantern.core import clock
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

FOLLOW = reverse("reports:follow")


def attempt(client, reference: str, code: str, address: str = "198.51.100.7", **meta):
    return client.post(
        FOLLOW, {"reference": reference, "tracking_code": code}, REMOTE_ADDR=address, **meta
    )


def test_ten_failures_then_429_with_retry_after_even_for_the_right_code(client, caplog):
    created = make_report()
    reference, code = created.report.reference, created.tracking_code
    caplog.set_level(logging.DEBUG)
    for _ in range(10):
        wrong = attempt(client, reference, "WRONG-CODE-0000")
        assert wrong.status_code == 200
        assert "We cannot find a report" in wrong.content.decode()
    refused = attempt(client, reference, code)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    page = refused.content.decode()
    assert "You cannot look up a report for a while" in page and "Wait 15 minutes" in page
    assert code not in page and reference not in page
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert code not in logged and reference not in logged and "WRONG-CODE" not in logged
    # Another address is not held back.
    assert attempt(client, reference, code, address="198.51.100.8").status_code == 302


def test_the_address_may_try_again_once_the_wait_is_over(client, settings):
    settings.LANTERN_FOLLOW_ATTEMPTS = 3
    created = make_report()
    reference, code = created.report.reference, created.tracking_code
    for _ in range(3):
        attempt(client, reference, "WRONG")
    with time_machine.travel(clock.now() + timedelta(minutes=10)):
        waiting = attempt(client, reference, code)
        assert waiting.status_code == 429 and 290 <= int(waiting["Retry-After"]) <= 300
        assert "Wait 5 minutes" in waiting.content.decode()
    with time_machine.travel(clock.now() + timedelta(minutes=15, seconds=1)):
        assert attempt(client, reference, code).status_code == 302


def test_a_success_between_failures_resets_nothing(client, settings):
    settings.LANTERN_FOLLOW_ATTEMPTS = 3
    created = make_report()
    reference, code = created.report.reference, created.tracking_code
    attempt(client, reference, "WRONG")
    attempt(client, reference, "WRONG")
    assert attempt(client, reference, code).status_code == 302
    attempt(client, reference, "WRONG")
    assert attempt(client, reference, code).status_code == 429


def test_a_form_that_is_not_filled_in_is_not_counted(client, settings):
    settings.LANTERN_FOLLOW_ATTEMPTS = 2
    created = make_report()
    for _ in range(5):
        assert attempt(client, "", "").status_code == 200
    assert attempt(client, created.report.reference, created.tracking_code).status_code == 302


def test_behind_a_proxy_each_client_is_counted_not_the_proxy(client, settings):
    settings.LANTERN_FOLLOW_ATTEMPTS = 2
    settings.LANTERN_TRUSTED_PROXY_COUNT = 1
    created = make_report()
    reference, code = created.report.reference, created.tracking_code

    def via_proxy(code: str, forwarded: str):
        return attempt(client, reference, code, address="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    # One client makes up a different left-hand entry each time: the proxy's entry counts.
    via_proxy("WRONG", "203.0.113.1, 192.0.2.50")
    via_proxy("WRONG", "203.0.113.2, 192.0.2.50")
    assert via_proxy(code, "192.0.2.50").status_code == 429
    # Another client behind the same proxy is not held back.
    assert via_proxy(code, "192.0.2.51").status_code == 302
