"""The client address for limits and lockouts: REMOTE_ADDR unless Lantern stands behind
trusted proxies, then the X-Forwarded-For entry the nearest trusted proxy wrote."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from lantern.core.client_address import client_address


def request(remote: str = "10.0.0.2", forwarded: str | None = None):
    made = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        made.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return made


def test_without_a_proxy_forwarded_for_is_ignored(settings):
    settings.LANTERN_TRUSTED_PROXY_COUNT = 0
    assert client_address(request(forwarded="203.0.113.9")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "192.0.2.50", "192.0.2.50"),
        (1, "203.0.113.1, 192.0.2.50", "192.0.2.50"),  # the left entry is the client's own
        (2, "203.0.113.1, 192.0.2.50, 10.0.0.1", "192.0.2.50"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (2, "192.0.2.50", "10.0.0.2"),  # fewer entries than proxies: came round them
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_behind_proxies_the_entry_the_nearest_trusted_proxy_wrote(
    settings, proxies, forwarded, expected
):
    settings.LANTERN_TRUSTED_PROXY_COUNT = proxies
    assert client_address(request(forwarded=forwarded)) == expected


def test_django_axes_locks_out_the_same_address(settings):
    settings.LANTERN_TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(request(forwarded="192.0.2.50")) == "192.0.2.50"
