"""The shared GOV.UK patterns: one date format, page titles, back links, success banners,
scrollable tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django import forms
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import resolve

from lantern.frontend import back_links, dates
from lantern.frontend.components import table
from lantern.frontend.templatetags.govuk_forms import govuk_messages
from lantern.frontend.templatetags.govuk_pages import back_link, page_title


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2026, 12, 7), "7 December 2026"),
        # 14:15 UTC in December is 2:15pm in London; in June, 3:15pm.
        (datetime(2026, 12, 7, 14, 15, tzinfo=UTC), "7 December 2026 at 2:15pm"),
        (datetime(2026, 6, 7, 14, 15, tzinfo=UTC), "7 June 2026 at 3:15pm"),
        # 23:30 UTC on 30 June is already 1 July in London.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 July 2026 at 12:30am"),
        (datetime(2026, 12, 7, 12, 0, tzinfo=UTC), "7 December 2026 at midday"),
        (datetime(2026, 12, 7, 0, 0, tzinfo=UTC), "7 December 2026 at midnight"),
        (datetime(2026, 12, 7, 9, 0, tzinfo=UTC), "7 December 2026 at 9am"),
        (None, ""),
    ],
)
def test_datetime_format(value, text):
    assert dates.format_datetime(value) == text


def test_date_time_and_month_formats():
    moment = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert dates.format_date(moment) == "1 July 2026"
    assert dates.format_time(moment) == "12:30am"
    assert dates.format_time(time(21, 5)) == "9:05pm"
    assert dates.format_month(date(2026, 12, 1)) == "December 2026"
    assert dates.format_date(None) == dates.format_time(None) == ""
    assert dates.format_datetime(moment, seconds=True) == "1 July 2026 at 12:30:00am"


def test_date_filters_are_built_in():
    rendered = Template(
        "{{ d|govuk_date }}|{{ t|govuk_datetime }}|{{ t|govuk_time }}|{{ d|govuk_month }}|"
        "{{ empty|govuk_date }}"
    ).render(Context({"d": date(2026, 12, 7), "t": datetime(2026, 12, 7, 14, 15, tzinfo=UTC)}))
    assert rendered == "7 December 2026|7 December 2026 at 2:15pm|2:15pm|December 2026|"


@override_settings(LANTERN_SERVICE_NAME="Safer Streets", LANTERN_OPERATOR_NAME="Eastmere Council")
def test_page_title_names_the_service_and_operator():
    assert page_title("Cases") == "Cases \u2013 Safer Streets \u2013 Eastmere Council"
    # Titles written as "... - Lantern" (an en dash) lose the old suffix.
    assert (
        page_title("Cases \u2013 Lantern") == "Cases \u2013 Safer Streets \u2013 Eastmere Council"
    )
    assert page_title("Error: Cases").startswith("Error: Cases \u2013 Safer Streets")
    assert page_title("Cases", errors=True).startswith("Error: Cases \u2013")
    assert page_title("Error: Cases", errors=True).count("Error:") == 1


@override_settings(LANTERN_SERVICE_NAME="Lantern", LANTERN_OPERATOR_NAME="")
def test_page_title_without_an_operator():
    assert page_title("Cases") == "Cases \u2013 Lantern"
    assert page_title("") == "Lantern"


class _Form(forms.Form):
    name = forms.CharField(label="Name")


@override_settings(LANTERN_SERVICE_NAME="Safer <Streets>", LANTERN_OPERATOR_NAME="")
def test_the_layout_title_says_error_when_a_form_on_the_page_has_errors():
    template = Template(
        '{% extends "frontend/base.html" %}{% block title %}Add a name{% endblock title %}'
    )
    request = RequestFactory().get("/")
    failed = template.render(Context({"form": _Form(data={}), "request": request}))
    fresh = template.render(Context({"form": _Form(), "request": request}))
    assert "<title>Error: Add a name \u2013 Safer &lt;Streets&gt;</title>" in failed
    assert "<title>Add a name \u2013 Safer &lt;Streets&gt;</title>" in fresh


def test_back_link_renders_a_path_on_this_site_only():
    html = back_link("/cases/1/?q=Jane+Doe#top", "Back to the case")
    assert 'class="govuk-back-link"' in html and 'href="/cases/1/"' in html
    assert "Jane" not in html and "Back to the case" in html
    for bad in ("javascript:history.back()", "https://example.org/", "//evil.test/", "", None):
        assert back_link(bad) == ""


def test_the_layout_shows_a_views_back_url():
    template = Template('{% extends "frontend/base.html" %}')
    request = RequestFactory().get("/")
    html = template.render(Context({"request": request, "back_url": "/cases/"}))
    assert 'href="/cases/"' in html and "govuk-back-link" in html
    assert "govuk-back-link" not in template.render(Context({"request": request}))


@pytest.mark.parametrize(
    ("path", "href", "text"),
    [
        (
            "/cases/3f8a2f4e-8a5b-4c1d-9f0e-1a2b3c4d5e6f/close/",
            "/cases/3f8a2f4e-8a5b-4c1d-9f0e-1a2b3c4d5e6f/",
            "Back to the case",
        ),
        ("/cases/new/", "/cases/", "Cases"),
        ("/audit/verify/", "/audit/", "Audit log"),
    ],
)
def test_back_for_a_form_page(path, href, text):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    assert back_links.back_for(request) == (href, text)


def test_no_back_for_a_page_not_listed():
    request = RequestFactory().get("/cases/")
    request.resolver_match = resolve("/cases/")
    assert back_links.back_for(request) is None


def test_success_message_is_a_success_banner_with_a_heading():
    html = govuk_messages([Message(message_levels.SUCCESS, "Screening <recorded>")])
    assert "govuk-notification-banner--success" in html and 'role="alert"' in html
    assert '<h3 class="govuk-notification-banner__heading">Screening &lt;recorded&gt;</h3>' in html


def test_tables_scroll_inside_a_focusable_region():
    html = str(table(caption="Open cases", head=["Reference"], rows=[["C-1"]]))
    assert html.startswith(
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Open cases">'
    )
    assert "<table" in html and html.endswith("</div>")
