"""Derived copies, and the ones made for officers to look at: a thumbnail of each photo
(Pillow) and a poster frame of each video (PyAV). A derived copy is stored as a blob of its
own and recorded as a derived item that names its parent (``item_derive``), with a
``derived`` custody event on both. The original is only read, never changed (ACPO
principle 1).

Files handed over are untrusted: decoding is bounded (image pixels, frames read) and any
failure just means no preview; the original stays as it was received. Runs in the background
(``tasks.make_previews``) once an item is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import tempfile
import uuid
from pathlib import Path

from django.db import transaction
from PIL import Image, ImageOps

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.events import ITEM, ITEM_DERIVED
from lantern.evidence.filetypes import Verdict, classify
from lantern.evidence.models import POSTER, PREVIEW_PURPOSES, THUMBNAIL, Blob, EvidenceItem
from lantern.evidence.partials import upload_dir
from lantern.evidence.selectors import item_get_for_update

logger = logging.getLogger(__name__)

EDGE = 480  # the longest side of a preview, in pixels
MAX_PIXELS = 80_000_000  # a larger image is refused (a decompression bomb, or not a photo)
MAX_FRAMES = 300  # frames decoded while looking for the first picture of a video


def item_derive(
    *,
    actor: Actor,
    parent_id: uuid.UUID,
    source: Path,
    sha256: str,
    size: int,
    verdict: Verdict,
    purpose: str,
    audio_recorded: bool | None = None,
    details: dict[str, str | int | float | bool] | None = None,
) -> EvidenceItem:
    """Record a derived copy (playable, redacted, thumbnail) as a new item naming its parent,
    in its parent's partnership. The parent is never changed (ACPO principle 1).
    ``audio_recorded`` says whether the copy has sound, when the maker knows (else the
    parent's answer is kept); ``details`` are added to both custody events."""
    key = blob_store().put(source, sha256=sha256, size=size)
    with transaction.atomic():
        parent = item_get_for_update(actor=actor, item_id=parent_id)
        if not can(actor, Permission.EVIDENCE_MANAGE, parent):
            raise PermissionDenied("derive")
        same = parent.derivatives.filter(derived_purpose=purpose[:40], blob_id=sha256).first()
        if same is not None:  # made already (a task that ran twice): nothing new
            return same
        blob, _ = Blob.objects.get_or_create(
            sha256=sha256, defaults={"size": size, "storage_key": key}
        )
        child = EvidenceItem.objects.create(
            blob=blob,
            partnership_id=parent.partnership_id,
            filename="",
            media_type=verdict.media_type,
            category=verdict.category,
            submitted_by=actor.user_id,
            parent=parent,
            derived_purpose=purpose[:40],
            device_kind=parent.device_kind,
            claimed_capture_at=parent.claimed_capture_at,
            clock_offset_seconds=parent.clock_offset_seconds,
            audio_recorded=parent.audio_recorded if audio_recorded is None else audio_recorded,
        )
        for item, role in ((parent, "parent"), (child, "child")):
            audit_record(
                actor=actor,
                action=ITEM_DERIVED,
                object_type=ITEM,
                object_id=item.pk,
                details={
                    "role": role,
                    "parent": str(parent.pk),
                    "child": str(child.pk),
                    "purpose": purpose[:40],
                    "sha256": sha256,
                    **(details or {}),
                },
            )
    return child


class NoPreview(Exception):
    """This file gives no preview (an unreadable or unsupported file): nothing is made."""


def _jpeg(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image) or image
    image = image.convert("RGB")
    image.thumbnail((EDGE, EDGE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue()


def image_thumbnail(stream) -> bytes:
    """A JPEG at most EDGE pixels on its longest side, from a photo (JPEG or PNG)."""
    try:
        with Image.open(stream) as image:
            if image.width * image.height > MAX_PIXELS:
                raise NoPreview("the image is too large to preview")
            image.load()
            return _jpeg(image)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise NoPreview(str(exc)) from exc


def video_poster(stream) -> bytes:
    """A JPEG of the first picture of a video's first video stream."""
    import av

    try:
        with av.open(stream, mode="r") as container:
            if not container.streams.video:
                raise NoPreview("no video stream")
            video = container.streams.video[0]
            video.thread_type = "NONE"
            for n, frame in enumerate(container.decode(video)):
                if n >= MAX_FRAMES:
                    break
                return _jpeg(frame.to_image())
    except (av.FFmpegError, OSError, ValueError, MemoryError) as exc:
        raise NoPreview(str(exc)) from exc
    raise NoPreview("no picture in the first frames")


def preview_of(item: EvidenceItem) -> tuple[str, bytes] | None:
    """(purpose, JPEG bytes) for an item that can have a preview, else None."""
    if item.parent_id is not None:
        return None  # previews are made of originals only
    if item.category == EvidenceItem.Category.IMAGE and item.media_type != "image/heic":
        maker, purpose = image_thumbnail, THUMBNAIL
    elif item.category in (EvidenceItem.Category.VIDEO, EvidenceItem.Category.OPAQUE):
        maker, purpose = video_poster, POSTER
    else:
        return None
    try:
        with blob_store().open(item.blob.sha256) as stream:
            return purpose, maker(stream)
    except NoPreview as exc:
        logger.info("no preview for evidence item %s: %s", item.pk, exc)
    except BlobStoreError as exc:
        logger.warning("evidence item %s not readable for a preview: %s", item.pk, exc.message)
    return None


def previews_make(*, actor: Actor, item_id: uuid.UUID) -> EvidenceItem | None:
    """Make the item's preview (if it can have one and has none yet); returns the derived
    item, or None."""
    item = EvidenceItem.objects.select_related("blob").filter(pk=item_id).first()
    if item is None:
        return None
    existing = item.derivatives.filter(derived_purpose__in=PREVIEW_PURPOSES).first()
    if existing is not None:
        return existing
    made = preview_of(item)
    if made is None:
        return None
    purpose, data = made
    sha256 = hashlib.sha256(data).hexdigest()
    verdict = classify(data[:8192])
    with tempfile.NamedTemporaryFile(dir=upload_dir(), suffix=".preview", delete=False) as tmp:
        tmp.write(data)
        path = Path(tmp.name)
    try:
        return item_derive(
            actor=actor,
            parent_id=item.pk,
            source=path,
            sha256=sha256,
            size=len(data),
            verdict=verdict,
            purpose=purpose,
        )
    except BlobStoreError as exc:
        logger.warning("preview of evidence item %s not stored: %s", item.pk, exc.message)
        return None
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
