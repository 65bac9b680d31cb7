"""What the retention services share: the permission check and the periods in force."""

from __future__ import annotations

import uuid

from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.dataprotection.models import (
    RetentionOverride,
)
from lantern.dataprotection.schedule import rule


def require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(permission.value)


def periods(rule_id: str) -> tuple[int | None, dict[uuid.UUID, int]]:
    """The rule's default period in days, and each partnership's override."""
    overrides = dict(
        RetentionOverride.objects.filter(rule=rule_id).values_list("partnership_id", "period_days")
    )
    return rule(rule_id).default_days, overrides
