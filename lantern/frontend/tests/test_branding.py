"""Branding for a service not on GOV.UK (lantern/frontend/branding.py, docs/settings.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.checks import run_checks
from django.template import loader
from django.test import RequestFactory, override_settings

from lantern.core.actor import ANONYMOUS
from lantern.frontend import branding
from lantern.frontend.branding import FooterLink, parse_footer_links
from lantern.frontend.checks import branding_settings
from lantern.frontend.errors import server_error

EASTMERE = {
    "LANTERN_SERVICE_NAME": "Eastmere Safer Streets",
    "LANTERN_OPERATOR_NAME": "Eastmere Community Safety Partnership",
    "LANTERN_FOOTER_LINKS": "Privacy=/privacy/,Accessibility=/accessibility/,"
    "Contact us=https://eastmere.example.gov.uk/contact",
}

# What the GOV.UK header and footer macros render, and Lantern must not.
GOV_UK_ONLY = [
    "Crown copyright",
    "govuk-footer__copyright-logo",
    "govuk-footer__crown",
    "govuk-footer__licence",
    "Open Government Licence",
    "govuk-header",
    "govuk-logo",
    "govuk/assets/images/",  # the crown favicons and GOV.UK's manifest
]


def page(template: str = "frontend/start.html") -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.actor = ANONYMOUS  # type: ignore[attr-defined]
    return loader.render_to_string(template, request=request)


@pytest.mark.parametrize("template", ["frontend/start.html", "404.html"])
def test_pages_carry_no_gov_uk_marks(template):
    html = page(template)
    assert [mark for mark in GOV_UK_ONLY if mark in html] == []
    assert "govuk-footer" in html and ">Lantern<" in html.replace("\n", "").replace(" ", "")
    assert "/static/lantern/images/favicon.svg" in html


def test_the_500_page_carries_no_gov_uk_marks_and_names_the_operator():
    with override_settings(**EASTMERE):
        html = server_error(RequestFactory().get("/")).content.decode()
    assert [mark for mark in GOV_UK_ONLY if mark in html] == []
    assert "Eastmere Safer Streets is run by Eastmere Community Safety Partnership" in html
    assert 'href="/privacy/"' in html
    assert (
        "<title>There is a problem with the service \u2013 Eastmere Safer Streets</title>" in html
    )
    # And with no context at all, as before.
    assert "There is a problem" in loader.get_template("500.html").render()


@override_settings(**EASTMERE)
def test_a_deployment_names_its_service_operator_and_footer_links():
    html = page()
    assert [mark for mark in GOV_UK_ONLY if mark in html] == []
    assert "Eastmere Safer Streets is run by Eastmere Community Safety Partnership" in html
    assert ">Eastmere Safer Streets</a>" in html.replace("\n", "").replace("  ", "")
    for href, text in [
        ("/privacy/", "Privacy"),
        ("/accessibility/", "Accessibility"),
        ("https://eastmere.example.gov.uk/contact", "Contact us"),
    ]:
        assert f'<a class="govuk-footer__link" href="{href}">{text}</a>' in html
    assert html.index("Privacy") < html.index("Accessibility") < html.index("Contact us")
    assert "lantern-header" not in html  # no logo set


def test_no_operator_no_links_no_empty_footer_parts():
    html = page()
    assert "is run by" not in html and "Support links" not in html


@override_settings(
    LANTERN_OPERATOR_NAME="Eastmere CSP", LANTERN_LOGO_URL="https://cdn.example.org/logo.svg"
)
def test_an_https_logo_is_shown_with_the_operator_as_its_text():
    html = page()
    assert 'src="https://cdn.example.org/logo.svg"' in html and 'alt="Eastmere CSP"' in html
    assert branding_settings(None) == []


@override_settings(LANTERN_LOGO_URL="lantern/images/favicon.svg")
def test_a_static_logo_goes_through_the_static_files():
    assert branding.current().logo_url == "/static/lantern/images/favicon.svg"


@override_settings(LANTERN_OPERATOR_NAME='<script>alert("x")</script>')
def test_the_operator_name_is_escaped():
    html = page()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_parse_footer_links():
    assert parse_footer_links("") == []
    assert parse_footer_links(" Privacy = /privacy/ , Email us=mailto:asb@example.org,") == [
        FooterLink("Privacy", "/privacy/"),
        FooterLink("Email us", "mailto:asb@example.org"),
    ]
    # Only the first "=" separates: an address may carry a query.
    assert parse_footer_links("Search=https://example.org/?q=asb") == [
        FooterLink("Search", "https://example.org/?q=asb")
    ]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("Privacy", "no '='"),
        ("=/privacy/", "no text"),
        ("Privacy=", "no address"),
        ("Privacy=privacy", "path on this site"),
        ("Privacy=//evil.example/", "path on this site"),
        ("Privacy=http://example.org/", "https://"),
        ("Privacy=javascript:alert(1)", "https://"),
        ("Privacy=/a b/", "space"),
        ('Privacy=/x"onmouseover=/', "not allowed"),
        ("<b>Privacy</b>=/privacy/", "no text"),
        ("Privacy=/privacy/,Contact", "entry 2"),
    ],
)
def test_malformed_footer_links_stop_the_start_with_lantern_e010(value, says):
    with pytest.raises(ValueError, match=says):
        parse_footer_links(value)
    with override_settings(LANTERN_FOOTER_LINKS=value):
        errors = run_checks()
        assert [error.id for error in errors if error.id.startswith("lantern.E01")] == [
            "lantern.E010"
        ]
        assert "LANTERN_FOOTER_LINKS" in errors[0].msg or any(
            "LANTERN_FOOTER_LINKS" in error.msg for error in errors
        )
        # A page still renders, without the links.
        assert "govuk-footer__inline-list" not in page()


@pytest.mark.parametrize(
    "value",
    [
        "http://cdn.example.org/logo.svg",
        "javascript:alert(1)",
        "/etc/passwd",
        "../secret_key",
        "lantern/../../x.svg",
        "lantern/no-such-logo.svg",
    ],
)
def test_a_bad_logo_stops_the_start_with_lantern_e011(value):
    with override_settings(LANTERN_LOGO_URL=value):
        assert [error.id for error in branding_settings(None)] == ["lantern.E011"]
        assert branding.current().logo_url in ("", f"/static/{value}")
        assert "javascript:" not in page() and "http://cdn" not in page()


def test_the_default_settings_pass_the_check():
    assert branding_settings(None) == []


BUILD = Path(settings.BASE_DIR) / "lantern" / "frontend" / "build"


@pytest.mark.skipif(not (BUILD / "lantern" / "lantern.css").exists(), reason="run make assets")
def test_the_stylesheet_names_no_gds_transport_font():
    css = (BUILD / "lantern" / "lantern.css").read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
    assert not (BUILD / "govuk" / "assets" / "fonts").exists()


def test_the_stylesheet_source_turns_the_gov_uk_font_off():
    scss = (Path(settings.BASE_DIR) / "lantern/frontend/assets/scss/lantern.scss").read_text()
    assert "$govuk-include-default-font-face: false" in scss
    assert "$govuk-font-family: (arial, sans-serif)" in scss
