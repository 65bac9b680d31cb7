"""People and vehicles: adding them to a case, and their pages."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lantern.cases import forms, selectors, services
from lantern.cases.views.common import (
    apply_errors,
    case_or_404,
    day,
    form_page,
    link,
    when,
)
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.core.registration import display
from lantern.frontend.components import summary_list, table
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
            apply_errors(form, exc)
        else:
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
            apply_errors(form, exc)
        else:
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
        },
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
    keeper = ", ".join(filter(None, [vehicle.keeper_name, vehicle.keeper_address]))
    if keeper and vehicle.keeper_person_id:
        keeper += " (a person on a case: letters to them wait for safeguarding's gate)"
    return render(
        request,
        "cases/vehicle_detail.html",
        {
            "registration": display(vehicle.registration),
            "vehicle": vehicle,
            "summary": summary_list(
                [
                    ("Registration", display(vehicle.registration)),
                    (
                        "Description",
                        " ".join(filter(None, [vehicle.colour, vehicle.make, vehicle.model]))
                        or "Not recorded",
                    ),
                    ("Registered keeper", keeper or "Not recorded"),
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
