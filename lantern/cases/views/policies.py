"""A local authority's enforcement policy: the thresholds and periods it publishes, with the
deployment's defaults for what it leaves empty. Administrators edit it; the pages that apply
it show it (docs/adr/0014-enforcement-policy-per-authority.md)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.cases import selectors, services
from lantern.cases.forms_policy import PolicyForm
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import summary_list
from lantern.frontend.forms import errors_to_form


@require_http_methods(["GET", "POST"])
@require_permission(Permission.ORGANISATION_MANAGE)
def policy_edit(request: LanternRequest, organisation_id: uuid.UUID) -> HttpResponse:
    try:
        authority = selectors.authority_get(actor=request.actor, organisation_id=organisation_id)
    except NotFound:
        raise Http404 from None
    in_force = selectors.authority_policy(authority=authority)
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_from(in_force))
    if request.method == "POST" and form.is_valid():
        try:
            services.enforcement_policy_set(
                actor=request.actor,
                organisation_id=authority.pk,
                data=services.PolicyInput(**form.values()),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"The enforcement policy of {authority.name} was saved.")
            return redirect("accounts:organisation", authority.pk)
    return render(
        request,
        "cases/policy_form.html",
        {
            "authority": authority,
            "summary": summary_list(in_force.rows()),
            "form": form,
        },
        status=422 if form.errors else 200,
    )
