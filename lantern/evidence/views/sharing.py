"""Sharing an evidence item with another partnership, and withdrawing a share, from the
item's page (docs/adr/0015-partnership-is-the-scope.md)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import selectors, sharing
from lantern.evidence.forms import ShareForm
from lantern.evidence.views.common import errors_to_form, share_choices
from lantern.evidence.views.items import item_or_404, item_page


@require_permission(Permission.EVIDENCE_MANAGE)
@require_POST
def item_share(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    item = item_or_404(request, item_id)
    if not selectors.may_share_item(actor=request.actor, item=item):
        raise Http404
    shared_with = {s.partnership_id for s in selectors.item_shares(actor=request.actor, item=item)}
    form = ShareForm(request.POST, partnerships=share_choices(item, shared_with))
    if form.is_valid():
        try:
            share = sharing.item_share(
                actor=request.actor,
                item_id=item.pk,
                to_partnership_id=uuid.UUID(form.cleaned_data["partnership"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"The item is now shared with {share.partnership.name}")
            return redirect("evidence:item", item.pk)
    return item_page(request, item, share_form=form)


@require_permission(Permission.EVIDENCE_MANAGE)
@require_POST
def item_share_withdraw(
    request: LanternRequest, item_id: uuid.UUID, share_id: uuid.UUID
) -> HttpResponse:
    try:
        share = sharing.item_share_withdraw(actor=request.actor, item_id=item_id, share_id=share_id)
    except (NotFound, PermissionDenied):
        raise Http404 from None
    messages.success(request, f"The share with {share.partnership.name} is withdrawn")
    return redirect("evidence:item", item_id)
