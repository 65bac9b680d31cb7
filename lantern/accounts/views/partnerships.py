"""The partnership pages: every partnership (administrators) or one's own (other staff), a
partnership's area and member organisations, and the administrator's forms to create one,
set its area and change its members. Thin: parse, call a service, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from lantern.accounts import selectors, services
from lantern.accounts.forms import PartnershipAreaForm, PartnershipForm, PartnershipMemberForm
from lantern.accounts.models import Organisation, Partnership
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import table
from lantern.frontend.forms import errors_to_form


def _partnership_or_404(request: LanternRequest, partnership_id: uuid.UUID) -> Partnership:
    try:
        return selectors.partnership_get(actor=request.actor, partnership_id=partnership_id)
    except NotFound:
        raise Http404 from None


@require_permission(Permission.ORGANISATION_VIEW)
def partnership_list(request: LanternRequest) -> HttpResponse:
    partnerships = list(selectors.partnership_list(actor=request.actor))
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("accounts:partnership", args=[p.pk]),
                p.name,
            ),
            ", ".join(o.name for o in selectors.partnership_members(partnership=p)) or "None",
            "Drawn" if p.boundary else "Not drawn: it takes no report by place",
        )
        for p in partnerships
    ]
    return render(
        request,
        "accounts/partnership_list.html",
        {
            "rows": rows,
            "may_manage": can(request.actor, Permission.ORGANISATION_MANAGE),
            "table": table(
                caption="Partnerships",
                caption_hidden=True,
                head=["Partnership", "Member organisations", "Area"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
        },
    )


@require_permission(Permission.ORGANISATION_MANAGE)
def partnership_new(request: LanternRequest) -> HttpResponse:
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_create(
                actor=request.actor,
                name=form.cleaned_data["name"],
                boundary=form.cleaned_data["boundary"],
                members=list(form.cleaned_data["members"]),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"{partnership.name} was created.")
            return redirect("accounts:partnership", partnership.pk)
    return render(
        request,
        "accounts/partnership_form.html",
        {"form": form, "heading": "New partnership", "button": "Create the partnership"},
        status=422 if form.errors else 200,
    )


@require_permission(Permission.ORGANISATION_VIEW)
def partnership_detail(request: LanternRequest, partnership_id: uuid.UUID) -> HttpResponse:
    partnership = _partnership_or_404(request, partnership_id)
    members = list(selectors.partnership_members(partnership=partnership).order_by("name"))
    may_manage = can(request.actor, Permission.ORGANISATION_MANAGE)
    add_form = None
    if may_manage:
        add_form = PartnershipMemberForm(
            organisations=Organisation.objects.exclude(pk__in=[o.pk for o in members])
        )
    return render(
        request,
        "accounts/partnership_detail.html",
        {
            "partnership": partnership,
            "members": members,
            "may_manage": may_manage,
            "add_form": add_form,
        },
    )


@require_permission(Permission.ORGANISATION_MANAGE)
def partnership_area(request: LanternRequest, partnership_id: uuid.UUID) -> HttpResponse:
    partnership = _partnership_or_404(request, partnership_id)
    form = PartnershipAreaForm(request.POST or None, initial={"boundary": partnership.boundary})
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_set_area(
                actor=request.actor,
                partnership_id=partnership.pk,
                boundary=form.cleaned_data["boundary"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"The area of {partnership.name} was saved.")
            return redirect("accounts:partnership", partnership.pk)
    return render(
        request,
        "accounts/partnership_form.html",
        {
            "form": form,
            "partnership": partnership,
            "heading": "Area",
            "button": "Save the area",
        },
        status=422 if form.errors else 200,
    )


@require_POST
@require_permission(Permission.ORGANISATION_MANAGE)
def partnership_member_add(request: LanternRequest, partnership_id: uuid.UUID) -> HttpResponse:
    partnership = _partnership_or_404(request, partnership_id)
    form = PartnershipMemberForm(request.POST, organisations=Organisation.objects.all())
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        services.partnership_add_member(
            actor=request.actor, partnership_id=partnership.pk, organisation_id=organisation.pk
        )
        messages.success(request, f"{organisation.name} joined {partnership.name}.")
    else:
        messages.error(request, "Choose the organisation to add")
    return redirect("accounts:partnership", partnership.pk)


@require_POST
@require_permission(Permission.ORGANISATION_MANAGE)
def partnership_member_remove(
    request: LanternRequest, partnership_id: uuid.UUID, organisation_id: uuid.UUID
) -> HttpResponse:
    partnership = _partnership_or_404(request, partnership_id)
    try:
        services.partnership_remove_member(
            actor=request.actor, partnership_id=partnership.pk, organisation_id=organisation_id
        )
    except NotFound:
        raise Http404 from None
    messages.success(request, f"The organisation left {partnership.name}.")
    return redirect("accounts:partnership", partnership.pk)
