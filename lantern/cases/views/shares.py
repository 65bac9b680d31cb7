"""Sharing a case with another partnership (a form on the case's page) and withdrawing a
share (a page that asks to confirm). Thin: parse, call the service, go back to the case."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts.selectors import partnership_names
from lantern.cases import forms, selectors, services
from lantern.cases.models import Case
from lantern.cases.views.common import case_or_404, day, form_page, link
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import table
from lantern.frontend.forms import errors_to_form


def may_share(request: LanternRequest, case: Case) -> bool:
    """Whether the actor may share the case on: they manage it, in its own partnership."""
    actor = request.actor
    return can(actor, Permission.CASE_MANAGE, case) and case.partnership_id in actor.partnership_ids


def share_form(case: Case, data: Any = None) -> forms.ShareForm:
    """The form to share the case: every other partnership it is not shared with yet."""
    taken = selectors.case_partnership_ids(case=case)
    names = [(pk, name) for pk, name in partnership_names().items() if pk not in taken]
    return forms.ShareForm(data, partnerships=names)


def shares_section(request: LanternRequest, case: Case) -> dict[str, Any]:
    """What the case's page shows of its shares: the live ones (with a link to withdraw each,
    for those who may share it) and the form to share it."""
    shares = list(selectors.case_shares(case=case))
    sharing = may_share(request, case)

    def withdraw(share: Any) -> str:
        return link(
            reverse("cases:share-withdraw", args=[case.pk, share.pk]),
            format_html(
                'Withdraw<span class="govuk-visually-hidden"> the share with {}</span>',
                share.partnership.name,
            ),
        )

    head = ["Partnership", "Shared by", "On", "Why"] + (["Change"] if sharing else [])
    rows = [
        (
            s.partnership.name,
            s.shared_by.display_name if s.shared_by else "Lantern",
            day(s.created_at),
            s.reason,
            *([withdraw(s)] if sharing else []),
        )
        for s in shares
    ]
    return {
        "shares": shares,
        "shares_table": table(
            caption="Shared with other partnerships",
            caption_hidden=True,
            head=head,
            rows=rows,
            html_columns=frozenset({4}),
        ),
        "share_form": share_form(case) if sharing else None,
    }


@require_POST
@require_permission(Permission.CASE_MANAGE)
def case_share(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    if not may_share(request, case):
        raise Http404
    form = share_form(case, request.POST)
    back = reverse("cases:case", args=[case.pk])
    if form.is_valid():
        try:
            services.case_share(
                actor=request.actor,
                case_id=case.pk,
                to_partnership_id=form.cleaned_data["partnership"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        else:
            messages.success(
                request,
                "The case was shared. To let the other partnership's staff see it, add their "
                "organisation as a partner of the case.",
            )
            return redirect(back)
    return form_page(
        request,
        title="Share the case with another partnership",
        form=form,
        button="Share the case",
        back=back,
        caption=f"{case.reference}: {case.title}",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def share_withdraw(
    request: LanternRequest, case_id: uuid.UUID, share_id: uuid.UUID
) -> HttpResponse:
    case = case_or_404(request, case_id)
    share = selectors.case_shares(case=case).filter(pk=share_id).first()
    if share is None or not may_share(request, case):
        raise Http404
    form = django_forms.Form(request.POST if request.method == "POST" else None)
    back = reverse("cases:case", args=[case.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.case_share_withdraw(actor=request.actor, case_id=case.pk, share_id=share.pk)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        messages.success(request, f"The share with {share.partnership.name} was withdrawn.")
        return redirect(back)
    return form_page(
        request,
        title=f"Withdraw the share with {share.partnership.name}",
        form=form,
        button="Withdraw the share",
        back=back,
        caption=f"{case.reference}: {case.title}",
        intro="Its staff will no longer see the case, and its organisations stop being "
        "partners of it.",
    )
