"""Sharing an evidence item with another partnership (docs/adr/0015-partnership-is-the-scope.md):
an explicit act with a reason, by staff of the item's own partnership who may manage evidence.
The share itself is kept by the accounts app (``record_share``, audited as ``record.shared``
with the reason on the share); here it is also a custody event on the item
(``evidence.shared``), so the chain of custody shows who else was given sight of it. Staff of
the other partnership then see the item and its derived copies; withdrawing the share hides
them again (``evidence.share_withdrawn``)."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.accounts.models import Share
from lantern.accounts.selectors import shares_of
from lantern.accounts.services import record_share, share_withdraw
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.evidence.events import ITEM, ITEM_SHARE_WITHDRAWN, ITEM_SHARED
from lantern.evidence.models import EvidenceItem
from lantern.evidence.selectors import item_get_for_update, may_share_item


def _own_item_to_share(actor: Actor, item_id: uuid.UUID) -> EvidenceItem:
    """The item, locked, if the actor may manage it in its own partnership (a partnership
    it was only shared with cannot pass it on); NotFound where they may not see it."""
    item = item_get_for_update(actor=actor, item_id=item_id)
    if not may_share_item(actor=actor, item=item):
        raise PermissionDenied("only the item's own partnership shares it")
    return item


def item_share(
    *, actor: Actor, item_id: uuid.UUID, to_partnership_id: uuid.UUID, reason: str
) -> Share:
    """Share an original item (its derived copies go with it) with another partnership, for
    the reason given."""
    with transaction.atomic():
        item = _own_item_to_share(actor, item_id)
        if item.parent_id is not None:
            raise ValidationFailed(
                {"partnership": ["Share the original item: its copies go with it"]}
            )
        share = record_share(
            actor=actor,
            object_type=ITEM,
            object_id=item.pk,
            from_partnership_id=item.partnership_id,
            to_partnership_id=to_partnership_id,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=ITEM_SHARED,
            object_type=ITEM,
            object_id=item.pk,
            details={"partnership": str(to_partnership_id), "share": str(share.pk)},
        )
    return share


def item_share_withdraw(*, actor: Actor, item_id: uuid.UUID, share_id: uuid.UUID) -> Share:
    """Withdraw one of the item's shares; withdrawing it again changes nothing."""
    with transaction.atomic():
        item = _own_item_to_share(actor, item_id)
        share = shares_of(object_type=ITEM, object_id=item.pk).filter(pk=share_id).first()
        if share is None:
            raise NotFound("share")
        was_live = share.withdrawn_at is None
        share = share_withdraw(actor=actor, share_id=share.pk)
        if was_live:
            audit_record(
                actor=actor,
                action=ITEM_SHARE_WITHDRAWN,
                object_type=ITEM,
                object_id=item.pk,
                details={"partnership": str(share.partnership_id), "share": str(share.pk)},
            )
    return share
