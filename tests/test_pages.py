"""Pages: security headers, error pages, navigation by role."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from lantern.core.actor import Role

pytestmark = pytest.mark.django_db


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [("/no-such-page/", 404, b"Page not found")],
)
def test_error_pages_use_the_service_layout(client, path, status, text):
    response = client.get(path)
    assert response.status_code == status
    assert text in response.content and b"govuk-service-navigation" in response.content


def test_forbidden_page(signed_in):
    client = signed_in(Role.RESIDENT)
    response = client.get(reverse("audit:events"))
    assert response.status_code == 403
    assert b"govuk-heading-l" in response.content


def test_server_error_page_renders_without_a_request():
    from lantern.frontend.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert b"There is a problem with the service" in response.content


@override_settings(DEBUG=False)
def test_anonymous_staff_pages_redirect_to_sign_in(client):
    for name in ("frontend:dashboard", "audit:events", "audit:verify"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:sign-in") in response.url


@pytest.mark.parametrize(
    ("role", "sees_audit"),
    [(Role.ADMIN, True), (Role.POLICE_OFFICER, False), (Role.SUPERVISOR, False)],
)
def test_navigation_depends_on_role(signed_in, role, sees_audit):
    client = signed_in(role)
    content = client.get(reverse("frontend:dashboard")).content
    assert (b'href="/audit/"' in content) is sees_audit
    assert b"Dashboard" in content


def test_dashboard_shows_roles_and_activity(signed_in):
    client = signed_in(Role.SUPERVISOR)
    content = client.get(reverse("frontend:dashboard")).content.decode()
    assert "Supervisor" in content and "Test Constabulary" in content
    assert "Your partnerships" in content and "Test Partnership" in content


def test_dashboard_query_count_is_bounded(signed_in, django_assert_max_num_queries):
    client = signed_in(Role.ADMIN)
    client.get(reverse("frontend:dashboard"))
    with django_assert_max_num_queries(12):
        client.get(reverse("frontend:dashboard"))


def test_audit_list_query_count_does_not_grow_with_events(signed_in, django_assert_max_num_queries):
    from lantern.audit import catalogue
    from lantern.audit.services import audit_record
    from lantern.core.actor import SYSTEM

    client = signed_in(Role.ADMIN)
    for _ in range(60):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:events"))
    assert response.status_code == 200
    assert client.get(reverse("audit:events") + "?page=2").status_code == 200
    assert client.get(reverse("audit:events") + "?page=zz").status_code == 200
    assert client.get(reverse("audit:events") + "?action=nope").status_code == 200


def test_health_check(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert client.post("/health/").status_code == 405


def test_signed_in_user_without_a_role_is_refused_the_home_page(client, orgs):
    from lantern.accounts import services
    from lantern.core.actor import SYSTEM

    user = services.user_create(
        actor=SYSTEM, email="norole@example.test", display_name="No Role", password=None
    )
    client.force_login(user)
    assert client.get(reverse("frontend:home")).status_code == 403
