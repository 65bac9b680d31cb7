"""The Content Security Policy middleware builds the site-wide header once, and builds every
other header (nonce, per-view changes) as django-csp does (lantern/core/csp.py)."""

from __future__ import annotations

from csp.constants import NONCE, NONE, SELF
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from lantern.core.csp import CSPMiddleware


def answer(middleware_class, *, use_nonce: bool = False, **response_attrs) -> HttpResponse:
    def view(request):
        response = HttpResponse("ok")
        if use_nonce:
            response.content = str(request.csp_nonce).encode()
        for name, value in response_attrs.items():
            setattr(response, name, value)
        return response

    middleware = middleware_class(view)
    return middleware(RequestFactory().get("/somewhere/"))


def test_the_site_wide_header_is_django_csps():
    ours, theirs = answer(CSPMiddleware), answer(DjangoCSPMiddleware)
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in ours["Content-Security-Policy"]
    # Built once: the same string object answers the next request.
    again = answer(CSPMiddleware)
    assert again["Content-Security-Policy"] == ours["Content-Security-Policy"]


def test_a_nonce_used_by_the_page_is_in_its_header():
    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        used = answer(CSPMiddleware, use_nonce=True)
        unused = answer(CSPMiddleware)
    nonce = used.content.decode()
    assert f"'nonce-{nonce}'" in used["Content-Security-Policy"]
    assert "nonce-" not in unused["Content-Security-Policy"]


def test_per_view_changes_and_exemptions_are_kept():
    update = {"img-src": ["https://tiles.example.test"]}
    changed = answer(CSPMiddleware, _csp_update=update)
    assert "https://tiles.example.test" in changed["Content-Security-Policy"]
    assert "https://tiles.example.test" not in answer(CSPMiddleware)["Content-Security-Policy"]
    assert "Content-Security-Policy" not in answer(CSPMiddleware, _csp_exempt=True)


def test_changed_settings_change_the_header():
    before = answer(CSPMiddleware)["Content-Security-Policy"]
    policy = {"DIRECTIVES": {"default-src": [SELF], "object-src": [NONE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        during = answer(CSPMiddleware)["Content-Security-Policy"]
    assert during != before and "frame-ancestors" not in during
    assert answer(CSPMiddleware)["Content-Security-Policy"] == before
