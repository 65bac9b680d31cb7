"""The review queue: records whose retention period has run (the daily task)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.core import clock, processing
from lantern.core.actor import Actor
from lantern.core.permissions import Permission
from lantern.dataprotection.models import (
    ReviewItem,
    Tombstone,
)
from lantern.dataprotection.services.common import periods, require
from lantern.dataprotection.services.events import (
    QUEUED,
)


def retention_queue_refresh(*, actor: Actor, now: datetime | None = None) -> dict[str, int]:
    """Put on the queue every record whose period has run and that is not already queued,
    disposed of, or retained until a later date. Returns how many were queued, by class."""
    require(actor, Permission.RETENTION_REVIEW)
    now = now or clock.now()
    today = timezone.localdate(now)
    queued: Counter[str] = Counter()
    with transaction.atomic():
        for subject in processing.retention_subjects():
            declared = processing.declaration(subject.model)
            if declared is None or not declared.personal_data:
                continue
            default, overrides = periods(declared.retention)
            if default is None:
                continue
            shortest = min([default, *overrides.values()])
            started_by = now - timedelta(days=shortest)
            closed = _not_for_queue(subject.model, today)
            for candidate in subject.candidates(started_by):
                if candidate.record_id in closed:
                    continue
                period = overrides.get(candidate.partnership_id, default)  # type: ignore[arg-type]
                due = candidate.clock_start + timedelta(days=period)
                if due > now:
                    continue
                ReviewItem.objects.create(
                    record_class=subject.model,
                    record_id=candidate.record_id,
                    label=subject.describe(candidate.record_id)[:120],
                    partnership_id=candidate.partnership_id,
                    rule=declared.retention,
                    period_days=period,
                    due_on=timezone.localdate(due),
                )
                queued[subject.model] += 1
        if queued:
            audit_record(
                actor=actor, action=QUEUED, details={"queued": dict(sorted(queued.items()))}
            )
    return dict(queued)


def _not_for_queue(model_label: str, today: date) -> set[uuid.UUID]:
    """Records of this class already queued, decided for disposal, disposed of, or retained
    until after today."""
    items = ReviewItem.objects.filter(record_class=model_label)
    ids = set(
        items.filter(status__in=[ReviewItem.Status.PENDING, ReviewItem.Status.DISPOSE]).values_list(
            "record_id", flat=True
        )
    )
    ids |= set(
        items.filter(status=ReviewItem.Status.RETAINED, retain_until__gt=today).values_list(
            "record_id", flat=True
        )
    )
    ids |= set(
        Tombstone.objects.filter(record_class=model_label).values_list("record_id", flat=True)
    )
    return ids
