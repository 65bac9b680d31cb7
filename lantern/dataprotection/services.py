"""Retention review and disposal (issue 23, docs/data-protection.md).

A daily task puts the records whose retention period has run on the review queue; the data
protection officer decides "retain until DATE, because REASON" or "dispose"; a disposal run
disposes of what was decided, unless a legal hold stops it, leaving a tombstone. Every step
is audited with no personal data: events name record classes, ids and rules, never content.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock, processing
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.dataprotection.models import (
    BlobDeletion,
    Decision,
    RetentionOverride,
    ReviewItem,
    Tombstone,
)
from lantern.dataprotection.schedule import RULES, rule
from lantern.dataprotection.selectors import review_item_get

E = catalogue.declare
QUEUED = E(
    "retention.queued",
    "Records whose retention period has run were put on the review queue; details give how"
    " many, by record class.",
)
DECIDED = E(
    "retention.decided",
    "A reviewer decided on a record due for review: retain until a date, or dispose of it;"
    " details give the decision, the date, the record class and the rule, never the reason.",
)
DISPOSED = E(
    "retention.disposed",
    "A record was disposed of at the end of its retention and a tombstone left; details give"
    " the record class and the rule.",
)
HELD = E(
    "retention.held",
    "A disposal run left a record decided for disposal because a legal hold stops it; details"
    " give the record class and the holds (an open case, a pending appeal...).",
)
RUN = E(
    "retention.disposal_run",
    "A disposal run ended; details give how many records were disposed of, held, or already gone.",
)
OVERRIDE_SET = E(
    "retention.override_set",
    "A partnership's retention period for one rule was set; details give the rule and the"
    " period in days, never the reason.",
)
BLOB_DELETED = E(
    "retention.blob_deleted",
    "A disposed record's evidence bytes were deleted from the store.",
)
BLOB_DEFERRED = E(
    "retention.blob_deferred",
    "A disposed record's evidence bytes are under an S3 Object Lock: their deletion is"
    " scheduled for when the lock ends (details give that time).",
)

REVIEW_ITEM = "retention_review_item"
BLOB = "evidence_blob"
MAX_RETAIN_YEARS = 100


def _require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(permission.value)


def _periods(rule_id: str) -> tuple[int | None, dict[uuid.UUID, int]]:
    """The rule's default period in days, and each partnership's override."""
    overrides = dict(
        RetentionOverride.objects.filter(rule=rule_id).values_list("partnership_id", "period_days")
    )
    return rule(rule_id).default_days, overrides


# --- the queue ---------------------------------------------------------------------------


def retention_queue_refresh(*, actor: Actor, now: datetime | None = None) -> dict[str, int]:
    """Put on the queue every record whose period has run and that is not already queued,
    disposed of, or retained until a later date. Returns how many were queued, by class."""
    _require(actor, Permission.RETENTION_REVIEW)
    now = now or clock.now()
    today = timezone.localdate(now)
    queued: Counter[str] = Counter()
    with transaction.atomic():
        for subject in processing.retention_subjects():
            declared = processing.declaration(subject.model)
            if declared is None or not declared.personal_data:
                continue
            default, overrides = _periods(declared.retention)
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


# --- decisions ---------------------------------------------------------------------------


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
    _require(actor, Permission.RETENTION_REVIEW)
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


# --- disposal ----------------------------------------------------------------------------


@dataclass
class DisposalRun:
    dry_run: bool
    disposed: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)
    gone: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "disposed": self.disposed,
            "held": self.held,
            "already_gone": self.gone,
        }


def _followers(item: ReviewItem) -> list[tuple[str, uuid.UUID]]:
    return [
        (subject.model, follower)
        for subject in processing.retention_subjects()
        if subject.model != item.record_class
        for follower in subject.followers(item.record_class, item.record_id)
    ]


def _holds(records: list[tuple[str, uuid.UUID]]) -> list[str]:
    reasons: list[str] = []
    by_class: dict[str, list[uuid.UUID]] = {}
    for model_label, record_id in records:
        by_class.setdefault(model_label, []).append(record_id)
    for model_label, ids in sorted(by_class.items()):
        for found in processing.holds(model_label, ids).values():
            reasons.extend(r for r in found if r not in reasons)
    return reasons


def retention_dispose(
    *, actor: Actor, dry_run: bool = False, now: datetime | None = None
) -> DisposalRun:
    """Dispose of every record decided for disposal that no legal hold stops. A dry run
    asks the same holds and says what would happen, and writes nothing. A record already
    disposed of is a no-op."""
    _require(actor, Permission.RETENTION_REVIEW)
    now = now or clock.now()
    run = DisposalRun(dry_run=dry_run)
    from lantern.dataprotection.selectors import review_queue

    item_ids = list(
        review_queue(actor=actor, status=ReviewItem.Status.DISPOSE).values_list("pk", flat=True)
    )
    for item_id in item_ids:
        with transaction.atomic():
            item = (
                ReviewItem.objects.select_for_update()
                .filter(pk=item_id, status=ReviewItem.Status.DISPOSE)
                .first()
            )
            if item is None:  # another run got there first
                continue
            _dispose_item(actor, item, run, now=now)
    if not dry_run:
        audit_record(
            actor=actor,
            action=RUN,
            details={
                "disposed": len(run.disposed),
                "held": len(run.held),
                "already_gone": len(run.gone),
            },
        )
        blob_deletions_run(actor=actor, now=now)
    return run


def _dispose_item(actor: Actor, item: ReviewItem, run: DisposalRun, *, now: datetime) -> None:
    entry = {
        "item": str(item.pk),
        "record_class": item.record_class,
        "record_id": str(item.record_id),
        "label": item.label,
        "rule": item.rule,
    }
    decision = item.decisions.filter(kind=Decision.Kind.DISPOSE).last()
    if Tombstone.objects.filter(record_class=item.record_class, record_id=item.record_id).exists():
        if run.dry_run:
            run.gone.append(entry)
            return
        item.status = ReviewItem.Status.DISPOSED
        item.save(update_fields=["status", "updated_at"])
        run.gone.append(entry)
        return
    followers = _followers(item)
    reasons = _holds([(item.record_class, item.record_id), *followers])
    if reasons:
        run.held.append({**entry, "holds": reasons})
        if not run.dry_run:
            audit_record(
                actor=actor,
                action=HELD,
                object_type=REVIEW_ITEM,
                object_id=item.pk,
                details={"record_class": item.record_class, "holds": reasons},
            )
        return
    subject = processing.retention_subject(item.record_class)
    if subject is None:
        raise LookupError(f"no retention subject registered for {item.record_class}")
    if run.dry_run:  # say what would go, touch nothing
        run.disposed.append({**entry, "with": len(followers), "blobs": None})
        return
    tombstone = Tombstone.objects.create(
        record_class=item.record_class,
        record_id=item.record_id,
        rule=item.rule,
        disposed_at=now,
        decision=decision,
        partnership_id=item.partnership_id,
    )
    hashes: list[str] = []
    disposed_followers = 0
    for model_label, follower_id in followers:
        follower_subject = processing.retention_subject(model_label)
        if (
            follower_subject is None
            or Tombstone.objects.filter(record_class=model_label, record_id=follower_id).exists()
        ):
            continue
        result = follower_subject.dispose(actor, follower_id)
        if result is None:
            continue
        hashes.extend(result.blob_hashes)
        disposed_followers += 1
        Tombstone.objects.create(
            record_class=model_label,
            record_id=follower_id,
            rule=item.rule,
            disposed_at=now,
            decision=decision,
            followed=tombstone,
            partnership_id=item.partnership_id,
        )
        audit_record(
            actor=actor,
            action=DISPOSED,
            object_type=model_label,
            object_id=follower_id,
            details={"record_class": model_label, "rule": item.rule, "with": item.record_class},
        )
    result = subject.dispose(actor, item.record_id)
    if result is not None:
        hashes.extend(result.blob_hashes)
    for sha256 in sorted(set(hashes)):
        BlobDeletion.objects.get_or_create(sha256=sha256, defaults={"not_before": now})
    item.status = ReviewItem.Status.DISPOSED
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=DISPOSED,
        object_type=item.record_class,
        object_id=item.record_id,
        details={"record_class": item.record_class, "rule": item.rule},
    )
    (run.disposed if result is not None else run.gone).append(
        {**entry, "with": disposed_followers, "blobs": len(set(hashes))}
    )


def blob_deletions_run(*, actor: Actor, now: datetime | None = None) -> dict[str, int]:
    """Delete from the evidence store the bytes of disposed records that are due, unless a
    new item has since stored the same bytes; a blob under an S3 Object Lock waits for the
    lock's end (its deletion is rescheduled then)."""
    from lantern.evidence.blobstore import blob_store
    from lantern.evidence.retention import blob_in_use

    now = now or clock.now()
    store = blob_store()
    counts = {"deleted": 0, "deferred": 0, "kept": 0}
    for deletion in BlobDeletion.objects.filter(done_at__isnull=True, not_before__lte=now):
        with transaction.atomic():
            if blob_in_use(deletion.sha256):
                deletion.done_at = now
                deletion.save(update_fields=["done_at", "updated_at"])
                counts["kept"] += 1
                continue
            until = store.remove(deletion.sha256, now=now)
            if until is not None:
                deletion.not_before = until
                deletion.save(update_fields=["not_before", "updated_at"])
                audit_record(
                    actor=actor,
                    action=BLOB_DEFERRED,
                    object_type=BLOB,
                    object_id=deletion.sha256,
                    details={"until": until.isoformat()},
                )
                counts["deferred"] += 1
                continue
            deletion.done_at = now
            deletion.save(update_fields=["done_at", "updated_at"])
            audit_record(
                actor=actor, action=BLOB_DELETED, object_type=BLOB, object_id=deletion.sha256
            )
            counts["deleted"] += 1
    return counts


# --- overrides ---------------------------------------------------------------------------


def retention_override_set(
    *, actor: Actor, partnership_id: uuid.UUID, rule_id: str, period_days: int, reason: str
) -> RetentionOverride:
    """Set a partnership's own period for a rule (its retention policy)."""
    from lantern.accounts.selectors import partnership_get

    _require(actor, Permission.RETENTION_POLICY_MANAGE)
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
