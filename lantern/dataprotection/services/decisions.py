"""The reviewer's decisions: retain until a date, because; or dispose."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission
from lantern.dataprotection.models import (
    Decision,
    ReviewItem,
)
from lantern.dataprotection.selectors import review_item_get
from lantern.dataprotection.services.common import require
from lantern.dataprotection.services.events import (
    DECIDED,
    MAX_RETAIN_YEARS,
    REVIEW_ITEM,
)


def retention_decide(
    *,
    actor: Actor,
    item_id: uuid.UUID,
    kind: str,
    retain_until: date | None = None,
    reason: str = "",
) -> Decision:
    """Record a reviewer's decision. Retain needs a later date and a reason (decisions to
    retain must be recorded: College of Policing APP, DOMAIN.md 6.3); dispose may give one."""
    require(actor, Permission.RETENTION_REVIEW)
    reason = reason.strip()
    today = timezone.localdate(clock.now())
    errors: dict[str, list[str]] = {}
    if kind not in Decision.Kind.values:
        errors["kind"] = ["Choose whether to retain the record or dispose of it."]
    elif kind == Decision.Kind.RETAIN:
        if retain_until is None:
            errors["retain_until"] = ["Enter the date to retain the record until."]
        elif retain_until <= today:
            errors["retain_until"] = ["The date to retain the record until must be in the future."]
        elif retain_until > today + timedelta(days=365 * MAX_RETAIN_YEARS):
            errors["retain_until"] = [f"Retain for at most {MAX_RETAIN_YEARS} years at a time."]
        if not reason:
            errors["reason"] = ["Enter why the record is retained."]
    if len(reason) > 2000:
        errors["reason"] = ["The reason must be 2,000 characters or fewer."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        item = review_item_get(actor=actor, item_id=item_id)
        item = ReviewItem.objects.select_for_update().get(pk=item.pk)
        if item.status not in (ReviewItem.Status.PENDING, ReviewItem.Status.DISPOSE):
            raise ValidationFailed(
                {"kind": ["This record has already been decided and dealt with."]}
            )
        retain = kind == Decision.Kind.RETAIN
        decision = Decision.objects.create(
            item=item,
            kind=kind,
            retain_until=retain_until if retain else None,
            reason=reason,
            decided_by=actor.user_id or uuid.UUID(int=0),
        )
        item.status = ReviewItem.Status.RETAINED if retain else ReviewItem.Status.DISPOSE
        item.retain_until = retain_until if retain else None
        item.save(update_fields=["status", "retain_until", "updated_at"])
        audit_record(
            actor=actor,
            action=DECIDED,
            object_type=REVIEW_ITEM,
            object_id=item.pk,
            details={
                "decision": kind,
                "retain_until": retain_until.isoformat() if retain and retain_until else None,
                "record_class": item.record_class,
                "rule": item.rule,
            },
        )
    return decision
