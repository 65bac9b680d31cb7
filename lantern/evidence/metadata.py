"""What a file says about itself: read in the background once an original item is stored
(``tasks.read_metadata``, queued on commit), and hourly for any still unread
(``tasks.read_missing_metadata``), or from ``lantern read-metadata`` for items stored before.

Recordings (and unrecognised files, and photos other than JPEG and PNG) are read with PyAV,
JPEG and PNG photos with Pillow's EXIF reader (``mediainfo``). The result is an
``ItemMetadata`` record with its ``evidence.metadata_read`` custody event; a location that
may identify the resident is marked personal when it is read (``metadata_selectors.
personal_reason``). A file that cannot be read gets ``status`` unreadable and the flag
``metadata_unreadable``, and the task ends cleanly: it is not tried again. The original is
only read, never changed (ACPO principle 1).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.events import ITEM, ITEM_FLAGGED, ITEM_METADATA_READ
from lantern.evidence.mediainfo import Facts, Unreadable, read_facts
from lantern.evidence.metadata_selectors import personal_reason, reports_of
from lantern.evidence.models import EvidenceItem, ItemFlag, ItemMetadata
from lantern.evidence.selectors import item_get_for_update

logger = logging.getLogger(__name__)

# Documents (PDF) say nothing of a device's time or place that this reads.
READABLE = (
    EvidenceItem.Category.VIDEO,
    EvidenceItem.Category.IMAGE,
    EvidenceItem.Category.AUDIO,
    EvidenceItem.Category.OPAQUE,
)
CATCH_UP_AFTER = timedelta(hours=1)  # left to the task queued on storing until then
CATCH_UP_BATCH = 50  # items read by one sweep (headers only: quick)


def _read(item: EvidenceItem) -> tuple[Facts | None, str]:
    """The file's facts, or None and why it could not be read. Never raises for what the
    file holds: FFmpeg and Pillow are given untrusted bytes, and a surprise from either is
    a file that could not be read, not a task that crashes."""
    try:
        with blob_store().open(item.blob.sha256) as stream:
            return read_facts(stream, media_type=item.media_type), ""
    except Unreadable as exc:
        return None, str(exc)
    except BlobStoreError:
        raise
    except Exception as exc:  # a surprise from FFmpeg or Pillow: see the docstring
        logger.warning(
            "metadata of evidence item %s: %s", item.pk, type(exc).__name__, exc_info=True
        )
        return None, f"the file could not be read ({type(exc).__name__})"


def metadata_read(*, actor: Actor, item_id: uuid.UUID) -> ItemMetadata | None:
    """Read and record what the original item's file says about itself (once); returns the
    record, or None for an item that is not read (a derived copy, a PDF) or whose bytes the
    store could not give now (the hourly sweep tries again)."""
    item = EvidenceItem.objects.select_related("blob").filter(pk=item_id).first()
    if item is None or item.parent_id is not None or item.category not in READABLE:
        return None
    existing = ItemMetadata.objects.filter(item=item).first()
    if existing is not None:
        return existing
    try:
        facts, problem = _read(item)
    except BlobStoreError as exc:
        logger.warning("metadata of evidence item %s not read: %s", item.pk, exc.message)
        return None
    values = asdict(facts) if facts is not None else {}
    reason = personal_reason(
        item=item,
        latitude=values.get("latitude"),
        longitude=values.get("longitude"),
        reports=reports_of(actor, item),
    )
    with transaction.atomic():
        item = item_get_for_update(actor=actor, item_id=item_id)
        if not can(actor, Permission.EVIDENCE_MANAGE, item):
            raise PermissionDenied("evidence metadata")
        metadata, created = ItemMetadata.objects.get_or_create(
            item=item,
            defaults={
                **values,
                "status": ItemMetadata.Status.READ if facts else ItemMetadata.Status.UNREADABLE,
                "reader": values.get("reader") or "PyAV or Pillow",
                "problem": problem[:300],
                "personal": bool(reason),
                "personal_reason": reason[:200],
            },
        )
        if not created:
            return metadata
        audit_record(
            actor=actor,
            action=ITEM_METADATA_READ,
            object_type=ITEM,
            object_id=item.pk,
            details={
                "status": str(metadata.status),
                "reader": metadata.reader,
                "location": metadata.has_location,
                "personal": metadata.personal,
            },
        )
        if not facts:
            _flag_unreadable(actor=actor, item=item, problem=problem)
    return metadata


def _flag_unreadable(*, actor: Actor, item: EvidenceItem, problem: str) -> None:
    code = ItemFlag.Code.METADATA_UNREADABLE
    if item.flags.filter(code=code).exists():
        return
    ItemFlag.objects.create(item=item, code=code, detail=problem.replace("\n", " ")[:300])
    audit_record(
        actor=actor,
        action=ITEM_FLAGGED,
        object_type=ITEM,
        object_id=item.pk,
        details={"flags": [str(code)], "found_by": "metadata"},
    )


def metadata_catch_up(
    *, actor: Actor, limit: int = CATCH_UP_BATCH, older_than: timedelta = CATCH_UP_AFTER
) -> int:
    """Read the metadata still missing: of items stored before it was read, or whose task
    was lost. Oldest first, at most ``limit``, only items stored more than ``older_than``
    ago (so as not to race their own task). Returns how many were read (or found
    unreadable)."""
    waiting = (
        EvidenceItem.objects.filter(
            parent__isnull=True,
            category__in=READABLE,
            metadata__isnull=True,
            created_at__lt=timezone.now() - older_than,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(metadata_read(actor=actor, item_id=pk) is not None for pk in list(waiting))
