"""Sharing a case with another partnership, and withdrawing the share: an explicit act with a
reason, audited by lantern.accounts (``record.shared``, ``record.share_withdrawn``) and put on
the case's timeline (docs/adr/0015-partnership-is-the-scope.md). A share lets the other
partnership's organisations be made partners of the case; their staff then see it as the
case's own partners do."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.accounts.models import Share
from lantern.accounts.selectors import partnership_names
from lantern.accounts.services import record_share, share_withdraw
from lantern.cases.models import Case, CaseNote
from lantern.cases.selectors.cases import (
    case_list,
    case_shares,
    lead_officer_choices,
    partner_choices,
)
from lantern.cases.services.common import CASE_UPDATED, case_changed, require
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.permissions import Permission


def _case_to_share(actor: Actor, case_id: uuid.UUID) -> Case:
    """The case, locked, if the actor may see and manage it and belongs to its partnership
    (only the owning partnership shares it on)."""
    case = case_list(actor=actor).select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None:
        raise NotFound("case")
    require(actor, Permission.CASE_MANAGE, case)
    if not actor.is_system and case.partnership_id not in actor.partnership_ids:
        raise PermissionDenied("Only the case's own partnership shares it")
    return case


def case_share(
    *, actor: Actor, case_id: uuid.UUID, to_partnership_id: uuid.UUID, reason: str
) -> Share:
    """Share the case with another partnership, saying why. Closed cases may be shared too
    (their history is what the other partnership may need)."""
    with transaction.atomic():
        case = _case_to_share(actor, case_id)
        share = record_share(
            actor=actor,
            object_type="case",
            object_id=case.pk,
            from_partnership_id=case.partnership_id,
            to_partnership_id=to_partnership_id,
            reason=reason,
        )
        name = partnership_names().get(to_partnership_id, "another partnership")
        CaseNote.objects.create(
            case=case, kind="share", text=f"Shared with {name}", author_id=actor.user_id
        )
    return share


def case_share_withdraw(*, actor: Actor, case_id: uuid.UUID, share_id: uuid.UUID) -> Share:
    """Withdraw one of the case's live shares. Its partnership's organisations stop being
    partners of the case (and its lead officer, if one of theirs, stops leading it): without
    the share, nothing of theirs may reach it."""
    with transaction.atomic():
        case = _case_to_share(actor, case_id)
        share = case_shares(case=case).filter(pk=share_id).first()
        if share is None:
            raise NotFound("share")
        share = share_withdraw(actor=actor, share_id=share.pk)
        name = partnership_names().get(share.partnership_id, "another partnership")
        notes, fields = [f"Share with {name} withdrawn"], ["share"]
        eligible = set(dict(partner_choices(case=case)))
        gone = [org for org in case.partners.all() if org.pk not in eligible]
        if gone:
            case.partners.remove(*gone)
            names = ", ".join(sorted(org.name for org in gone))
            notes.append(f"Partner organisations no longer with access: {names}")
            fields.append("partners")
        if case.lead_officer_id and case.lead_officer_id not in dict(
            lead_officer_choices(case=case)
        ):
            case.lead_officer_id = None
            notes.append("Lead officer: none (theirs no longer has access)")
            fields.append("lead_officer")
        case_changed(
            actor,
            case,
            event=CASE_UPDATED,
            note_kind="share",
            notes=notes,
            details={"fields": fields, "share": str(share.pk)},
        )
    return share
