"""Sharing a person's safeguarding records with another partnership (a form on the person's
page, for a safeguarding lead of the person's partnership) and withdrawing a share (a page
that asks to confirm). Thin: parse, call the service, go back to the person."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.decorators import found, require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.frontend.components import table
from lantern.frontend.dates import format_date
from lantern.frontend.forms import errors_to_form
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.views.common import P, form_page, link, person_label


def may_share(request: LanternRequest, person_id: uuid.UUID) -> bool:
    """A safeguarding lead of the partnership that holds the person's records."""
    actor = request.actor
    return selectors.is_safeguarding_lead(actor) and selectors.person_writable(actor, person_id)


def share_form(request: LanternRequest, person_id: uuid.UUID, data: Any = None):
    choices = selectors.share_choices(actor=request.actor, person_id=person_id)
    return forms.SharePersonForm(data, partnerships=choices)


def shares_section(request: LanternRequest, person_id: uuid.UUID) -> dict[str, Any]:
    """What the person's page shows a lead who may share: the live shares, each with a link to
    withdraw it, and the form to share. Nothing for anyone else."""
    if not may_share(request, person_id):
        return {}
    shares = selectors.person_shares(actor=request.actor, person_id=person_id)

    def withdraw(share: Any) -> str:
        return link(
            reverse("safeguarding:share-withdraw", args=[person_id, share.pk]),
            format_html(
                'Withdraw<span class="govuk-visually-hidden"> the share with {}</span>',
                share.partnership.name,
            ),
        )

    rows = [
        (
            s.partnership.name,
            s.shared_by.display_name if s.shared_by else "Lantern",
            format_date(s.created_at),
            s.reason,
            withdraw(s),
        )
        for s in shares
    ]
    return {
        "may_share": True,
        "shares": shares,
        "shares_table": table(
            caption="Shared with other partnerships",
            head=["Partnership", "Shared by", "On", "Why", "Change"],
            rows=rows,
            html_columns=frozenset({4}),
        ),
        "share_form": share_form(request, person_id),
    }


@require_POST
@require_permission(P.SAFEGUARDING_QUEUE_VIEW)
@found
def person_share(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    selectors.person_to_write_about(actor=request.actor, person_id=person_id)  # else 404
    if not may_share(request, person_id):
        raise NotFound("person")
    form = share_form(request, person_id, request.POST)
    if form.is_valid():
        try:
            services.safeguarding_person_share(
                actor=request.actor,
                person_id=person_id,
                to_partnership_id=form.cleaned_data["partnership"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "The person's safeguarding records were shared")
            return redirect("safeguarding:person", person_id)
    return form_page(
        request,
        form,
        title="Share these safeguarding records with another partnership",
        button="Share the records",
        caption=person_label(request, person_id),
    )


@require_http_methods(["GET", "POST"])
@require_permission(P.SAFEGUARDING_QUEUE_VIEW)
@found
def share_withdraw(
    request: LanternRequest, person_id: uuid.UUID, share_id: uuid.UUID
) -> HttpResponse:
    shares = selectors.person_shares(actor=request.actor, person_id=person_id)
    share = next((s for s in shares if s.pk == share_id), None)
    if share is None or not may_share(request, person_id):
        raise NotFound("share")
    form = django_forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.safeguarding_person_share_withdraw(
            actor=request.actor, person_id=person_id, share_id=share.pk
        )
        messages.success(request, f"The share with {share.partnership.name} was withdrawn")
        return redirect("safeguarding:person", person_id)
    return form_page(
        request,
        form,
        title=f"Withdraw the share with {share.partnership.name}",
        button="Withdraw the share",
        caption=person_label(request, person_id),
        intro="Its staff will no longer see this person's safeguarding records.",
    )
