"""The GOV.UK form tags, the base layout and the error pages."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template, loader
from django.test import RequestFactory, override_settings

from lantern.core.actor import ANONYMOUS, Actor, Role
from lantern.frontend import navigation
from lantern.frontend.errors import server_error


class ReportForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will only use this to tell you what happened.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    count = forms.IntegerField(label="How many people were there?", required=False)
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    details = forms.CharField(label="What happened?", widget=forms.Textarea(attrs={"rows": 3}))
    when = forms.ChoiceField(
        label="When did it happen?",
        choices=[("today", "Today"), ("earlier", "Before today")],
        widget=forms.RadioSelect,
    )
    kinds = forms.MultipleChoiceField(
        label="What kind of problem was it?",
        choices=[("noise", "Noise"), ("litter", "Litter")],
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.ChoiceField(
        label="Area", choices=[("", "Choose an area"), ("north", "North"), ("south", "South")]
    )
    agree = forms.BooleanField(label="I agree to be contacted")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise ValidationError("Check the answers below and try again")


INVALID = {
    "email": "not an email",
    "count": "3",
    "password": "secret",
    "details": "",
    "when": "",
    "kinds": ["noise"],
    "area": "north",
}


def render(source: str, **context) -> str:
    return Template("{% load govuk_forms %}" + source).render(Context(context))


def inline_code(html: str) -> list[str]:
    """Inline scripts, inline style attributes and style elements: the CSP forbids all."""
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    return inline_scripts + re.findall(r"\sstyle=|<style\b", html)


# --- fields ----------------------------------------------------------------------------


def test_text_input_with_error_hint_and_autocomplete():
    form = ReportForm(data=INVALID)
    html = render("{% govuk_field form.email %}", form=form)
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'id="id_email"' in html and 'name="email"' in html and 'type="email"' in html
    assert 'autocomplete="email"' in html and 'value="not an email"' in html
    assert re.search(r"\sautofocus[\s>]", html) and "maxlength" not in html
    assert 'aria-describedby="id_email-hint id_email-error"' in html
    assert '<label class="govuk-label" for="id_email">' in html
    assert "govuk-form-group--error" in html
    assert (
        'class="govuk-error-message"' in html
        and "Enter email address in the correct format" in html
    )


def test_number_input_is_text_with_a_numeric_keyboard():
    html = render("{% govuk_field form.count %}", form=ReportForm(data=INVALID))
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'value="3"' in html


def test_password_uses_the_password_input_and_never_shows_the_value():
    html = render("{% govuk_field form.password %}", form=ReportForm(data=INVALID))
    assert "govuk-password-input" in html and 'type="password"' in html
    assert 'autocomplete="current-password"' in html and "secret" not in html


def test_textarea():
    html = render("{% govuk_field form.details %}", form=ReportForm(data=INVALID))
    assert 'class="govuk-textarea govuk-textarea--error"' in html and 'rows="3"' in html
    assert 'aria-describedby="id_details-error"' in html


def test_radios_in_a_fieldset_with_the_first_option_linkable():
    html = render("{% govuk_field form.when %}", form=ReportForm(data=INVALID))
    assert "govuk-radios" in html and "govuk-fieldset__legend" in html
    assert 'id="id_when"' in html and 'id="id_when-2"' in html
    assert 'aria-describedby="id_when-error"' in html
    assert "When did it happen?" in html


def test_checkboxes_keep_what_was_ticked():
    html = render("{% govuk_field form.kinds %}", form=ReportForm(data=INVALID))
    assert "govuk-checkboxes" in html
    assert re.search(r'value="noise"\s+checked', html)
    assert not re.search(r'value="litter"\s+checked', html)


def test_select_keeps_the_choice():
    html = render("{% govuk_field form.area %}", form=ReportForm(data=INVALID))
    assert 'class="govuk-select"' in html and 'id="id_area"' in html
    assert re.search(r'value="north"\s+selected', html)


def test_single_checkbox():
    html = render("{% govuk_field form.agree %}", form=ReportForm(data=INVALID))
    assert "govuk-checkboxes" in html and 'id="id_agree"' in html
    assert "I agree to be contacted" in html and "govuk-error-message" in html


def test_hidden_field_is_a_plain_hidden_input():
    html = render("{% govuk_field form.token %}", form=ReportForm())
    assert html.startswith('<input type="hidden" name="token"')


def test_page_heading_label():
    html = render(
        '{% govuk_field form.email label_classes="govuk-label--l" is_page_heading=True %}',
        form=ReportForm(),
    )
    assert '<h1 class="govuk-label-wrapper">' in html and "govuk-label--l" in html
    assert "govuk-error-message" not in html


def test_legend_takes_the_label_size():
    html = render(
        '{% govuk_field form.when label_classes="govuk-label--l" is_page_heading=True %}',
        form=ReportForm(),
    )
    assert "govuk-fieldset__legend--l" in html and "govuk-fieldset__heading" in html


def test_user_text_is_escaped():
    form = ReportForm(data={**INVALID, "email": '"><script>alert(1)</script>'})
    html = render("{% govuk_field form.email %}", form=form)
    assert "<script>" not in html


# --- error summary ---------------------------------------------------------------------


def test_error_summary_links_each_error_to_its_field():
    html = render("{% govuk_error_summary form %}", form=ReportForm(data=INVALID))
    assert 'class="govuk-error-summary"' in html and "There is a problem" in html
    links = re.findall(r'<a href="([^"]+)">\s*([^<]+?)\s*</a>', html)
    assert links[0] == ("#id_email", "Check the answers below and try again")
    # Django's generic messages are replaced by ones built from the label.
    assert (
        "#id_email",
        "Enter email address in the correct format, like name@example.com",
    ) in links
    assert ("#id_details", "Enter your answer to: What happened?") in links
    assert ("#id_when", "Select an answer to: When did it happen?") in links
    assert ("#id_agree", "Select the box to confirm: I agree to be contacted") in links
    assert "This field is required." not in html


def test_error_summary_uses_the_form_prefix():
    form = ReportForm(data={"r-email": "x"}, prefix="r")
    html = render("{% govuk_error_summary form %}", form=form)
    assert 'href="#id_r-email"' in html


@pytest.mark.parametrize("form", [ReportForm(), forms.Form(data={})])
def test_no_error_summary_without_errors(form):
    assert render("{% govuk_error_summary form %}", form=form) == ""


# --- base layout -----------------------------------------------------------------------


def page_request(user=None, actor=ANONYMOUS, path="/"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.actor = actor
    return request


def test_base_layout_for_a_signed_out_visitor():
    request = page_request()
    html = loader.render_to_string("frontend/start.html", request=request)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert 'href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "govuk-header" not in html and "govuk-service-navigation" in html
    assert "govuk-footer" in html and "govuk-phase-banner" in html and "Demo" in html
    assert 'href="/account/sign-in/"' in html and "Sign out" not in html
    assert html.count("<h1") == 1
    assert inline_code(html) == []
    assert 'src="/static/lantern/init.js"' in html and 'href="/static/lantern/lantern.css"' in html


def test_base_layout_shows_messages_as_notification_banners():
    request = page_request()
    context = {
        "messages": [
            Message(message_levels.SUCCESS, "Your report was sent"),
            Message(message_levels.INFO, "Lantern will be down <b>tonight</b>"),
        ]
    }
    html = loader.render_to_string("frontend/start.html", context, request=request)
    assert "govuk-notification-banner--success" in html and "Your report was sent" in html
    assert "Lantern will be down &lt;b&gt;tonight&lt;/b&gt;" in html
    assert 'id="message-title-1"' in html and 'id="message-title-2"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected", "hidden"),
    [
        (Role.RESIDENT, ["Home"], ["Dashboard", "Audit log"]),
        (Role.POLICE_OFFICER, ["Dashboard"], ["Home", "Audit log"]),
        (Role.ADMIN, ["Dashboard", "Audit log"], ["Home"]),
    ],
)
def test_signed_in_navigation_and_sign_out_form(make_user, role, expected, hidden):
    user = make_user(role)
    org = None if role is Role.RESIDENT else uuid.uuid4()
    actor = Actor(
        user_id=user.pk, label=str(user.pk), memberships=frozenset({(org, role)}), verified=True
    )
    request = page_request(user, actor, path="/dashboard/")
    html = loader.render_to_string("frontend/base.html", request=request)
    texts = [item["text"] for item in navigation.items_for(request)]
    assert [t for t in texts if t in expected] == expected  # other apps add their own links
    assert not set(texts) & set(hidden)
    for text in expected:
        assert re.search(rf">\s*{text}\s*<", html)
    for text in hidden:
        assert not re.search(rf">\s*{text}\s*<", html)
    assert re.search(
        r'<form class="lantern-sign-out" method="post" action="/account/sign-out/">', html
    )
    assert 'name="csrfmiddlewaretoken"' in html and 'href="/account/sign-in/"' not in html
    assert inline_code(html) == []


def test_navigation_marks_the_current_page():
    actor = Actor(
        user_id=uuid.uuid4(),
        label="staff",
        memberships=frozenset({(None, Role.ADMIN)}),
        verified=True,
    )
    items = navigation.items_for(page_request(actor=actor, path="/audit/events/1/"))
    by_text = {item["text"]: item for item in items}
    assert by_text["Audit log"]["active"] and not by_text["Audit log"]["current"]
    assert not by_text["Dashboard"]["active"]


def test_navigation_is_empty_without_an_actor_and_skips_missing_urls(monkeypatch):
    request = RequestFactory().get("/")
    assert navigation.items_for(request) == []
    items = [
        navigation.NavItem("Nowhere", "frontend:no-such-page", navigation.Permission.AUDIT_VIEW)
    ]
    monkeypatch.setattr(navigation, "_ITEMS", items)
    assert navigation.items_for(page_request(actor=ANONYMOUS)) == []


# --- error pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Sorry, there is a problem with your request"),
        ("403.html", "You do not have permission to see this page"),
        ("404.html", "Page not found"),
    ],
)
def test_error_pages_render_in_the_layout(template, heading):
    html = loader.render_to_string(template, request=page_request())
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert 'id="main-content"' in html and "govuk-service-navigation" in html
    assert inline_code(html) == []


def test_500_renders_with_an_empty_context():
    html = loader.get_template("500.html").render()
    assert "There is a problem with the service" in html
    assert 'id="main-content"' in html and "/static/lantern/lantern.css" in html
    assert inline_code(html) == []
    assert server_error(RequestFactory().get("/")).status_code == 500


# --- static build ----------------------------------------------------------------------

BUILD = Path(settings.BASE_DIR) / "lantern" / "frontend" / "build"


@pytest.mark.skipif(not (BUILD / "lantern" / "lantern.css").exists(), reason="run make assets")
def test_built_assets_survive_the_manifest_storage(tmp_path):
    """collectstatic with the production storage rewrites every url() in the CSS and
    every source map the scripts name; a missing file would fail the deploy."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    css = next((tmp_path / "lantern").glob("lantern.*.css")).read_text()
    urls = re.findall(r"url\(\"?([^\")]+)", css)
    assert urls and all(re.search(r"\.[0-9a-f]{12}\.", url) for url in urls)
    assert all(url.startswith("../govuk/assets/") for url in urls)


def test_messages_do_not_cross_between_pages_rendered_at_once():
    """The package's template tags keep their values on the shared template node; the
    layout renders per-request components in Python instead, so threads cannot mix them."""
    template = loader.get_template("frontend/base.html")
    request = page_request()
    failures: list[int] = []

    def render_page(number: int) -> None:
        for _ in range(20):
            context = {"messages": [Message(message_levels.SUCCESS, f"Message {number}.")]}
            html = template.render(context, request)
            if re.findall(r"Message \d+\.", html) != [f"Message {number}."]:
                failures.append(number)

    threads = [threading.Thread(target=render_page, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_select_keeps_an_empty_first_option():
    """Without value="" the browser submits the option's text, which the form refuses."""

    class Filter(forms.Form):
        kind = forms.ChoiceField(choices=[("", "Any kind"), ("x", "X")], required=False)

    html = render("{% govuk_field form.kind %}", form=Filter())
    assert '<option value="">Any kind</option>' in html
