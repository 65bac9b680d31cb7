"""A partnership's own retention periods."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission
from lantern.dataprotection.models import (
    RetentionOverride,
)
from lantern.dataprotection.schedule import RULES
from lantern.dataprotection.services.common import require
from lantern.dataprotection.services.events import (
    MAX_RETAIN_YEARS,
    OVERRIDE_SET,
)


def retention_override_set(
    *, actor: Actor, partnership_id: uuid.UUID, rule_id: str, period_days: int, reason: str
) -> RetentionOverride:
    """Set a partnership's own period for a rule (its retention policy)."""
    from lantern.accounts.selectors import partnership_get

    require(actor, Permission.RETENTION_POLICY_MANAGE)
    if not actor.is_system:
        partnership_get(actor=actor, partnership_id=partnership_id)  # NotFound if not theirs
    errors: dict[str, list[str]] = {}
    known = {r.value: r for r in RULES}
    if rule_id not in known or not RULES[known[rule_id]].overridable:
        errors["rule"] = ["Choose a retention rule a partnership may set."]
    if period_days < 0 or period_days > 365 * MAX_RETAIN_YEARS:
        errors["period_days"] = [f"Enter a period between 0 days and {MAX_RETAIN_YEARS} years."]
    if not reason.strip():
        errors["reason"] = ["Enter the policy or reason for this period."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        override, _ = RetentionOverride.objects.update_or_create(
            partnership_id=partnership_id,
            rule=rule_id,
            defaults={
                "period_days": period_days,
                "reason": reason.strip(),
                "set_by": actor.user_id or uuid.UUID(int=0),
            },
        )
        audit_record(
            actor=actor,
            action=OVERRIDE_SET,
            object_type="retention_override",
            object_id=override.pk,
            details={"rule": rule_id, "period_days": period_days},
        )
    return override
