"""Sign in and out, two-factor set-up and check, resident registration, and the
administrators' organisation pages (the public contact details the documents print). Thin:
parse, call a service, render."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from govuk_frontend_django.components.summary_list import GovUKSummaryList

from lantern.accounts import selectors, services
from lantern.accounts.forms import OrganisationDetailsForm, RegisterForm, SignInForm, TokenForm
from lantern.accounts.models import Organisation, User
from lantern.accounts.selectors import actor_for
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table
from lantern.frontend.panels import Page, panels_for


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        login(self.request, user)
        actor = actor_for(user)
        services.user_signed_in(actor=actor)
        if actor.is_staff:
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
            next_url = self.get_redirect_url()
            if next_url:
                self.request.session["after_two_factor"] = next_url
            return redirect(target)
        return redirect(self.get_success_url())


@require_POST
def sign_out(request: LanternRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.user_signed_out(actor=request.actor)
    logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign-in")


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """Lockouts count per account, however the address is capitalised or spaced."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def locked_out(request: LanternRequest, response=None, credentials=None) -> HttpResponse:
    """Called by django-axes while an account or address is locked out."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    services.user_locked_out(username=username)
    return render(request, "accounts/locked_out.html", status=429)


def _after_two_factor(request: LanternRequest) -> HttpResponse:
    target = request.session.pop("after_two_factor", None)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("frontend:home")


def _wrong_code_message(allowed: bool) -> str:
    if not allowed:
        # django-otp slows down guessing: each failure doubles the wait before the next try.
        return "Too many wrong codes: wait a few seconds, then enter the code your app shows now"
    return "The security code is not right: check the code in your app"


def two_factor_setup(request: LanternRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    user: User = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two-factor-verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = TokenForm(request.POST or None)
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=user)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        token = form.cleaned_data["token"]
        if allowed and services.totp_device_confirm(user=user, device=device, token=token):
            otp_login(request, device)
            services.two_factor_verified(actor=actor_for(user, verified=True))
            messages.success(request, "Two-factor authentication is set up")
            return _after_two_factor(request)
        form.add_error("token", _wrong_code_message(allowed))
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_data_uri": qr.svg_data_uri(scale=4, title="QR code for your authenticator app"),
        },
    )


def two_factor_verify(request: LanternRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            services.two_factor_verified(actor=actor_for(request.user, verified=True))
            return _after_two_factor(request)
        form.add_error("token", _wrong_code_message(allowed))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def register(request: LanternRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_register(**form.cleaned_data)
        except ValidationFailed as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            request.session["registered_email_sent"] = True
            return redirect("accounts:register-sent")
    return render(request, "accounts/register.html", {"form": form})


def register_sent(request: LanternRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


def confirm_email(request: LanternRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, ValidationError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    services.user_confirm_email(user=user)
    messages.success(request, "Your email address is confirmed: you can now sign in")
    return redirect("accounts:sign-in")


# --- organisations (administrators) ------------------------------------------------------------


@require_permission(Permission.ORGANISATION_MANAGE)
def organisation_list(request: LanternRequest) -> HttpResponse:
    """Every organisation, with what its documents would still need."""
    organisations = list(selectors.organisation_list(actor=request.actor).order_by("name"))
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("accounts:organisation", args=[org.pk]),
                org.name,
            ),
            org.get_kind_display(),
            ", ".join(selectors.organisation_details_missing(org)).capitalize() or "Nothing",
        )
        for org in organisations
    ]
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "rows": rows,
            "table": table(
                caption="Organisations",
                caption_hidden=True,
                head=["Organisation", "Kind", "Missing for its documents"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
        },
    )


def _organisation_or_404(request: LanternRequest, organisation_id: uuid.UUID) -> Organisation:
    try:
        return selectors.organisation_get(actor=request.actor, organisation_id=organisation_id)
    except NotFound:
        raise Http404 from None


def _lines(value: str) -> str:
    """A multi-line value as HTML lines (escaped), or "Not recorded"."""
    lines = [line for line in value.splitlines() if line.strip()]
    if not lines:
        return "Not recorded"
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


def _details_summary(org: Organisation) -> GovUKSummaryList:
    rows = [
        ("Kind", org.get_kind_display()),
        ("Postal address", _lines(org.address)),
        ("Telephone", org.telephone or "Not recorded"),
        ("Email address", org.email or "Not recorded"),
        ("How to pay a fixed penalty", _lines(org.payment_methods)),
        ("Data protection officer's contact", _lines(org.data_protection_contact)),
        (
            "How long a registered keeper's details are kept",
            org.keeper_data_kept_for or "Not recorded",
        ),
    ]
    items: Any = [
        {"key": {"text": key}, "value": {"html": format_html("{}", value)}} for key, value in rows
    ]
    return GovUKSummaryList(rows=items)


@require_permission(Permission.ORGANISATION_MANAGE)
def organisation_detail(request: LanternRequest, organisation_id: uuid.UUID) -> HttpResponse:
    """An organisation's public contact details, and what other apps add (a council's
    enforcement policy)."""
    org = _organisation_or_404(request, organisation_id)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": org,
            "summary": _details_summary(org),
            "missing": selectors.organisation_details_missing(org),
            "panels": panels_for(request, Page.ORGANISATION, organisation_id=org.pk),
        },
    )


@require_permission(Permission.ORGANISATION_MANAGE)
def organisation_details_edit(request: LanternRequest, organisation_id: uuid.UUID) -> HttpResponse:
    org = _organisation_or_404(request, organisation_id)
    fields = list(OrganisationDetailsForm.base_fields)
    form = OrganisationDetailsForm(
        request.POST or None, initial={name: getattr(org, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_details(
                actor=request.actor,
                organisation_id=org.pk,
                details=services.OrganisationDetails(**form.cleaned_data),
            )
        except ValidationFailed as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"The contact details of {org.name} were saved.")
            return redirect("accounts:organisation", org.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"organisation": org, "form": form},
        status=422 if form.errors else 200,
    )
