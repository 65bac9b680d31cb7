"""Bearer-token API calls without cookies skip browser-only middleware
(lantern/core/handlers.py); anything with a cookie, a session API call above all, still
goes through the whole chain, CSRF included."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.test.client import ClientHandler

from config.wsgi import application
from lantern.accounts import services
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.handlers import LanternWSGIHandler, TokenApiDispatch, is_token_api_request
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db


class _Handler(TokenApiDispatch, ClientHandler):
    """The test client's handler, dispatching as LanternWSGIHandler does."""


def lantern_client(*, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.handler = _Handler(enforce_csrf_checks)
    return client


def report_body() -> str:
    return json.dumps(
        {
            "category_code": "kerb-crawling",
            "latitude": 51.5412,
            "longitude": 0.7183,
            "occurred_from": (clock.now() - timedelta(hours=1)).isoformat(),
            "description": "A car slowed down beside people on the pavement.",
        }
    )


def test_the_deployed_application_uses_the_lantern_handler():
    assert isinstance(application, LanternWSGIHandler)


@pytest.mark.parametrize(
    ("path", "headers", "expected"),
    [
        ("/api/v1/reports/", {"HTTP_AUTHORIZATION": "Bearer lt_x"}, True),
        ("/api/v1/reports/", {"HTTP_AUTHORIZATION": "bearer lt_x"}, True),
        ("/api/v1/reports/", {}, False),
        ("/api/v1/reports/", {"HTTP_AUTHORIZATION": "Basic eDp5"}, False),
        ("/reports/new/", {"HTTP_AUTHORIZATION": "Bearer lt_x"}, False),
        (
            "/api/v1/reports/",
            {"HTTP_AUTHORIZATION": "Bearer lt_x", "HTTP_COOKIE": "sessionid=abc"},
            False,
        ),
        (
            "/api/v1/reports/",
            {"HTTP_AUTHORIZATION": "Bearer lt_x", "HTTP_COOKIE": "csrftoken=abc"},
            False,
        ),
    ],
)
def test_only_bearer_api_calls_without_cookies_take_the_short_chain(path, headers, expected):
    assert is_token_api_request(RequestFactory().post(path, **headers)) is expected


def test_a_token_call_is_answered_with_the_security_headers_and_sets_no_cookie(make_user):
    user = make_user(Role.RESIDENT)
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="tests")
    client = lantern_client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/reports/",
        report_body(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get(reference=response.json()["reference"]).reporter_id == user.pk
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")  # no session middleware on the way
    # A wrong token is refused just as through the whole chain.
    wrong = {"content_type": "application/json", "HTTP_AUTHORIZATION": "Bearer lt_wrong"}
    refused = client.post("/api/v1/reports/", report_body(), **wrong)
    whole_chain = Client(enforce_csrf_checks=True)
    assert refused.status_code in (401, 403)
    assert (
        refused.status_code
        == whole_chain.post("/api/v1/reports/", report_body(), **wrong).status_code
    )
    assert Report.objects.count() == 1


def test_a_session_api_call_still_needs_the_csrf_token(make_user):
    client = lantern_client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.RESIDENT))
    refused = client.post("/api/v1/reports/", report_body(), content_type="application/json")
    assert refused.status_code in (401, 403)
    assert not Report.objects.exists()
    # The page the browser loads first gives it the CSRF cookie; with it, the call is made.
    client.get("/reports/new/")
    csrf = client.cookies["csrftoken"].value
    made = client.post(
        "/api/v1/reports/",
        report_body(),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert made.status_code == 201, made.content


def test_a_session_cookie_with_a_made_up_bearer_header_gets_no_shortcut(make_user):
    """A browser's cookie always means the whole chain: the header cannot switch off CSRF
    for a session call."""
    client = lantern_client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.RESIDENT))
    refused = client.post(
        "/api/v1/reports/",
        report_body(),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer lt_made_up",
    )
    assert refused.status_code in (401, 403)
    assert not Report.objects.exists()
