"""The disposal run: legal holds, tombstones, and the bytes of evidence."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock, processing
from lantern.core.actor import Actor
from lantern.core.permissions import Permission
from lantern.dataprotection.models import (
    BlobDeletion,
    Decision,
    ReviewItem,
    Tombstone,
)
from lantern.dataprotection.services.common import require
from lantern.dataprotection.services.events import (
    BLOB,
    BLOB_DEFERRED,
    BLOB_DELETED,
    DISPOSED,
    HELD,
    REVIEW_ITEM,
    RUN,
)


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
    require(actor, Permission.RETENTION_REVIEW)
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
