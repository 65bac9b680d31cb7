"""Reads of redactions, for the actor: those who may redact see the redactions of the items
they may see (their partnerships' and those shared with them); anyone else sees none."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.evidence.models import EvidenceItem
from lantern.evidence.redaction.models import Redaction
from lantern.evidence.selectors import item_in_scope, item_list


def _redaction_policy(actor: Actor, permission: Permission, record: Redaction) -> bool:
    return permission is Permission.EVIDENCE_REDACT and item_in_scope(actor, record.item)


register_object_policy(Redaction, _redaction_policy)

CAN_REDACT = (EvidenceItem.Category.VIDEO, EvidenceItem.Category.IMAGE)


def may_redact(*, actor: Actor, item: EvidenceItem) -> bool:
    """Whether the actor may redact this item: an original video or photo they may see."""
    return (
        item.parent_id is None
        and item.category in CAN_REDACT
        and can(actor, Permission.EVIDENCE_REDACT, item)
    )


def redaction_list(*, actor: Actor) -> QuerySet[Redaction]:
    if not can(actor, Permission.EVIDENCE_REDACT):
        return Redaction.objects.none()
    items = item_list(actor=actor).values("pk")
    return Redaction.objects.select_related("item__blob", "result__blob").filter(item__in=items)


def redaction_get(*, actor: Actor, redaction_id: uuid.UUID, for_update: bool = False) -> Redaction:
    found = redaction_list(actor=actor).filter(pk=redaction_id)
    if for_update:
        found = found.select_for_update(of=("self",))
    redaction = found.first()
    if redaction is None or not can(actor, Permission.EVIDENCE_REDACT, redaction):
        raise NotFound("redaction")
    return redaction


def redactions_of(*, actor: Actor, item: EvidenceItem) -> QuerySet[Redaction]:
    """The redactions of an item, newest first."""
    return redaction_list(actor=actor).filter(item=item)
