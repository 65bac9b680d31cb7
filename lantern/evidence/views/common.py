"""Helpers shared by the evidence pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms

from lantern.accounts.selectors import partnership_names
from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.evidence import scope, selectors
from lantern.evidence.forms import ShareForm, add_scope_fields
from lantern.evidence.models import EvidenceItem
from lantern.frontend import forms as forms_helper
from lantern.frontend.components import summary_list
from lantern.frontend.dates import format_datetime


def when(value) -> str:
    return format_datetime(value, seconds=True) if value else ""


def errors_to_form(form, exc: ValidationFailed) -> None:
    """The shared helper, with the service's names for what an item is about shown on the
    form's "about" question."""
    forms_helper.errors_to_form(form, exc, rename=SCOPE_ERROR_FIELDS)


def scope_choices(request: LanternRequest, form: forms.Form) -> bool:
    """Add to ``form`` what the maker must say about where their files or statement go: a
    resident chooses what it is about, a member of staff in several partnerships chooses
    one. False when a resident has nothing to choose (no report, no footage request)."""
    actor = request.actor
    if actor.is_staff:
        if len(actor.partnership_ids) > 1:
            names = partnership_names()
            mine = [(str(pk), names[pk]) for pk in actor.partnership_ids if pk in names]
            add_scope_fields(form, about=None, partnerships=sorted(mine, key=lambda c: c[1]))
        return True
    choices = [(c.value, c.label) for c in scope.resident_choices(actor)]
    add_scope_fields(form, about=choices, partnerships=None)
    return bool(choices)


def chosen_scope(data: dict[str, Any]) -> dict[str, Any]:
    """The service arguments for a valid form's "about" or "partnership" answer."""
    found = scope.parse_choice(data.get("about", ""))
    if found is not None:
        return {"link_kind": found[0], "link_id": found[1]}
    if data.get("partnership"):
        return {"partnership_id": uuid.UUID(data["partnership"])}
    return {}


# Where a service's scope errors go on a form that asked for them.
SCOPE_ERROR_FIELDS = {"link": "about", "link_id": "about", "link_kind": "about"}


@dataclass(frozen=True)
class ShareRow:
    id: Any
    summary: Any
    button: str  # says which share it withdraws, for screen readers too


def share_choices(item: EvidenceItem, shared_with: set[Any]) -> list[tuple[str, str]]:
    """The partnerships an item can be shared with: every other one it is not shared with."""
    return [
        (str(pk), name)
        for pk, name in partnership_names().items()
        if pk != item.partnership_id and pk not in shared_with
    ]


def sharing_context(
    request: LanternRequest, item: EvidenceItem, share_form: ShareForm | None
) -> dict[str, Any]:
    """The item page's sharing section, for those who may share it: its live shares, each
    with a withdraw button, and the form to share an original with another partnership."""
    actor = request.actor
    if not selectors.may_share_item(actor=actor, item=item):
        return {"may_share": False}
    shares = list(selectors.item_shares(actor=actor, item=item))
    rows = [
        ShareRow(
            id=share.pk,
            summary=summary_list(
                [
                    ("Shared with", share.partnership.name),
                    ("Why", share.reason),
                    ("Shared by", share.shared_by.display_name if share.shared_by else "Lantern"),
                    ("When", when(share.created_at)),
                ]
            ),
            button=f"Withdraw the share with {share.partnership.name}",
        )
        for share in shares
    ]
    choices = share_choices(item, {share.partnership_id for share in shares})
    if share_form is None and choices and item.parent_id is None:
        share_form = ShareForm(partnerships=choices)
    return {"may_share": True, "shares": rows, "share_form": share_form}
