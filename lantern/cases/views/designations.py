"""Designations: the powers to issue notices that a role alone does not give (a PCSO
designated by the chief officer, a person designated by the council, an authorised social
landlord). Supervisors grant and revoke them for their organisations' people."""

from __future__ import annotations

import uuid

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from lantern.cases import forms_manage, selectors, services
from lantern.cases.views.common import day, form_page, link
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table
from lantern.frontend.forms import errors_to_form


@require_http_methods(["GET", "POST"])
@require_permission(Permission.DESIGNATION_MANAGE)
def designation_list(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    people = selectors.designation_people(actor=actor)
    form = forms_manage.DesignationForm(
        request.POST if request.method == "POST" else None,
        people=people,
        bodies=selectors.granting_bodies(actor=actor),
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            services.designation_grant(
                actor=actor,
                user_id=form.cleaned_data["user"],
                kind=form.cleaned_data["kind"],
                organisation_id=form.cleaned_data["organisation"],
            )
        except RuleRefused as exc:
            refusal = exc
            form.add_error("organisation", exc.message)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except NotFound:
            form.add_error("user", "Choose a person from the list")
        else:
            messages.success(request, "The designation was granted.")
            return redirect("cases:designations")
    rows = [
        (
            name,
            d.get_kind_display(),
            d.organisation.name if d.organisation else "Not recorded: grant it again",
            day(d.created_at),
            link(
                reverse("cases:designation-revoke", args=[d.pk]),
                format_html('Revoke<span class="govuk-visually-hidden"> for {}</span>', name),
            ),
        )
        for d, name in selectors.designation_list(actor=actor)
    ]
    return render(
        request,
        "cases/designations.html",
        {
            "rows": rows,
            "table": table(
                caption="Designations in force",
                caption_hidden=True,
                head=["Person", "Designation", "Designated by", "Since", "Revoke"],
                rows=rows,
                html_columns=frozenset({4}),
            ),
            "form": form,
            "refusal": refusal,
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.DESIGNATION_MANAGE)
def designation_revoke(request: LanternRequest, designation_id: uuid.UUID) -> HttpResponse:
    found = {d.pk: name for d, name in selectors.designation_list(actor=request.actor)}
    if designation_id not in found:
        raise Http404
    if request.method == "POST":
        try:
            services.designation_revoke(actor=request.actor, designation_id=designation_id)
        except NotFound:
            raise Http404 from None
        messages.success(request, "The designation was revoked.")
        return redirect("cases:designations")
    return form_page(
        request,
        title=f"Revoke the designation of {found[designation_id]}?",
        form=django_forms.Form(),
        button="Revoke the designation",
        back=reverse("cases:designations"),
        intro="They will no longer be able to serve the notices it allowed.",
    )
