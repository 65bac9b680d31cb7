"""No answer a view gives is kept by a browser or proxy; every response carries a
Permissions-Policy denying the browser features Lantern does not use (lantern/core/headers.py)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lantern.core.actor import Role
from lantern.core.headers import SecurityHeadersMiddleware


def assert_not_kept(response) -> None:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_signed_in_page_is_not_kept(signed_in):
    response = signed_in(Role.POLICE_OFFICER).get("/reports/triage/")
    assert response.status_code == 200
    assert_not_kept(response)


def test_an_api_answer_is_not_kept(signed_in):
    response = signed_in(Role.POLICE_OFFICER).get("/api/v1/evidence/items")
    assert response.status_code == 200
    assert_not_kept(response)


@pytest.mark.django_db
def test_a_public_page_is_not_kept_either(client):
    # Public pages carry a resident's data (following a report by its code) or a form's
    # CSRF token, and none is busy enough for caching to matter.
    response = client.get("/")
    assert response.status_code == 200
    assert_not_kept(response)


def test_static_files_keep_their_caching_and_get_the_policy():
    def whitenoise(request):
        response = HttpResponse("body{}", content_type="text/css")
        response["Cache-Control"] = "max-age=315360000, public, immutable"
        return response

    response = SecurityHeadersMiddleware(whitenoise)(RequestFactory().get("/static/app.css"))
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert "microphone=()" in response["Permissions-Policy"]
