"""People and vehicles: adding them to a case, and their pages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from lantern.cases import forms, selectors, services
from lantern.cases.models import FactProperty
from lantern.cases.views.common import case_or_404, day, form_page, link, when
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import display
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.frontend.panels import Page, panels_for


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def person_new(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("role")
        data["aliases"] = [a for a in data.pop("aliases").split(",") if a.strip()]
        try:
            services.person_link(
                actor=request.actor,
                case_id=case.pk,
                role=role,
                data=services.PersonInput(**data),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "The person was added to the case")
            return redirect("cases:case", case.pk)
    return form_page(
        request,
        title="Add a person",
        form=form,
        button="Add person",
        back=reverse("cases:case", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def vehicle_new(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms.VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vehicle_link(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "The vehicle was added to the case")
            return redirect("cases:case", case.pk)
    return form_page(
        request,
        title="Add a vehicle",
        form=form,
        button="Add vehicle",
        back=reverse("cases:case", args=[case.pk]),
    )


# --- people and vehicles ------------------------------------------------------------------------


@require_permission(Permission.CASE_VIEW)
def person_detail(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    try:
        person = selectors.person_get(actor=request.actor, person_id=person_id)
    except NotFound:
        raise Http404 from None
    cases = selectors.person_cases(actor=request.actor, person=person)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "summary": summary_list(
                [
                    ("Name", person.label),
                    ("Other names", ", ".join(person.aliases) or "None recorded"),
                    ("Date of birth", day(person.date_of_birth) or "Not known"),
                    ("Estimated age", person.estimated_age or "Not recorded"),
                    ("Description", person.description or "None"),
                ]
            ),
            "cases_table": table(
                caption="Cases",
                caption_hidden=True,
                head=["Case", "Title"],
                rows=[
                    (link(reverse("cases:case", args=[c.pk]), c.reference), c.title) for c in cases
                ],
                html_columns=frozenset({0}),
            ),
            "panels": panels_for(request, Page.PERSON, person_id=person.pk),
            # The intelligence app's entity of this person (one for all their cases).
            "may_record_intelligence": can(request.actor, Permission.INTELLIGENCE_RECORD),
        },
    )


def _statements_table(statements: Any, *, manage: bool) -> Any:
    """The statements an officer may read, one row each: what, the value, who says so, when
    and from what; their own organisation's may be withdrawn."""

    def withdraw(statement: Any) -> str:
        if not (manage and statement.own):
            return ""
        return link(
            reverse("cases:fact-withdraw", args=[statement.id]),
            format_html(
                'Withdraw<span class="govuk-visually-hidden"> the statement {}: {}</span>',
                statement.label,
                statement.text,
            ),
        )

    return table(
        caption="What organisations hold about the vehicle",
        caption_hidden=True,
        head=["What", "Value", "Who says so", "When", "From", "Change"],
        rows=[
            (s.label, s.text, s.organisation, when(s.asserted_at), s.source, withdraw(s))
            for s in statements
        ],
        html_columns=frozenset({5}),
    )


def keeper_note(held_by: Any) -> str:
    """Where others hold keeper details the reader may not read: who holds them."""
    if not held_by:
        return ""
    return (
        f"Keeper details held by {' and '.join(held_by)}. They came from a DVLA keeper "
        "enquiry made for that organisation's own work, so only it reads them: ask it if "
        "your work needs them."
    )


@require_permission(Permission.CASE_VIEW)
def vehicle_detail(request: LanternRequest, vehicle_id: uuid.UUID) -> HttpResponse:
    actor = request.actor
    try:
        vehicle = selectors.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    except NotFound:
        raise Http404 from None
    sightings = selectors.vehicle_sightings(actor=actor, registration=vehicle.registration)
    letters = list(selectors.vehicle_letters(actor=actor, vehicle=vehicle))
    cases = selectors.vehicle_cases(actor=actor, vehicle=vehicle)
    view = selectors.vehicle_view(actor=actor, vehicle=vehicle)
    return render(
        request,
        "cases/vehicle_detail.html",
        {
            "registration": display(vehicle.registration),
            "vehicle": vehicle,
            "summary": summary_list([("Registration", display(vehicle.registration))]),
            "statements": view.statements,
            "statements_table": _statements_table(
                view.statements, manage=can(actor, Permission.CASE_MANAGE)
            ),
            "keeper_note": keeper_note(view.keepers_held_by),
            "cases_table": table(
                caption="Cases",
                caption_hidden=True,
                head=["Case", "Title"],
                rows=[
                    (link(reverse("cases:case", args=[c.pk]), c.reference), c.title) for c in cases
                ],
                html_columns=frozenset({0}),
            ),
            "sightings_table": table(
                caption="Sightings",
                caption_hidden=True,
                head=["When", "Where", "Report"],
                rows=[(when(s.seen_at), s.place, s.reference) for s in sightings],
            ),
            "sightings": sightings,
            "letters_table": table(
                caption="Letters and actions",
                caption_hidden=True,
                head=["Action", "State", "Served"],
                rows=[
                    (
                        link(reverse("cases:action", args=[a.pk]), a.get_kind_display()),
                        a.get_state_display(),
                        day(a.served_on),
                    )
                    for a in letters
                ],
                html_columns=frozenset({0}),
            ),
            "letters": letters,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def fact_withdraw(request: LanternRequest, fact_id: uuid.UUID) -> HttpResponse:
    """Withdraw one of the officer's own organisation's statements about a vehicle."""
    try:
        fact = selectors.fact_get(actor=request.actor, fact_id=fact_id)
    except NotFound:
        raise Http404 from None
    if fact.organisation_id not in request.actor.organisation_ids:
        raise Http404
    back = reverse("cases:vehicle", args=[fact.subject_id])
    form = django_forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vehicle_fact_retract(actor=request.actor, fact_id=fact.pk)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        messages.success(request, "The statement was withdrawn.")
        return redirect(back)
    label = FactProperty(fact.property).label
    return form_page(
        request,
        title=f"Withdraw your statement: {label}",
        form=form,
        button="Withdraw the statement",
        back=back,
        intro="It stays in the record as withdrawn, with who withdrew it and when. Other "
        "organisations' statements are not changed.",
    )
