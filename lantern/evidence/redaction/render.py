"""Rendering a redaction: the original decoded once, each frame's boxes (at their place at that
moment) obscured, muted sound silenced, and the result encoded like a playable copy (H.264/AAC,
faststart MP4) or, for a photo, saved as a PNG (which carries none of the original's metadata,
GPS included). The copy is stored as a derived item naming the original (purpose
``redacted``); the original is only read. Progress is stored as the frames go by, for the page.

Runs in the background (``tasks.render_redaction``), as the system, for the officer who asked
(``Redaction.requested_by``, named in the log and the custody events).
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.filetypes import Verdict
from lantern.evidence.models import EvidenceItem
from lantern.evidence.partials import upload_dir
from lantern.evidence.playable import (
    PLAYABLE_VERDICT,
    SOUND_RATE,
    NotPlayable,
    _Copier,
    _sha256,
)
from lantern.evidence.previews import item_derive
from lantern.evidence.redaction.events import REDACTION, REDACTION_FAILED, REDACTION_RENDERED
from lantern.evidence.redaction.geometry import Box, active, box_at, frames_covered
from lantern.evidence.redaction.models import REDACTED, Redaction, RedactionRegion

logger = logging.getLogger(__name__)

PNG_VERDICT = Verdict(accepted=True, category=EvidenceItem.Category.IMAGE, media_type="image/png")
PROGRESS_STEP = 2  # per cent between stored progress updates


class Plan:
    """What to obscure: each region's box at a given time, and the muted sample ranges."""

    def __init__(self, regions: list[RedactionRegion], mutes: list[tuple[float, float]]) -> None:
        self.regions = [(r.pk, r.start, r.end, r.keyframes) for r in regions]
        self.mutes = [(round(a * SOUND_RATE), round(b * SOUND_RATE)) for a, b in mutes]
        self.touched: dict[uuid.UUID, list[int]] = {r[0]: [] for r in self.regions}

    def boxes(self, at: float, frame: int, width: int, height: int) -> list[Box]:
        found = []
        for pk, start, end, keyframes in self.regions:
            if active(start, end, at):
                box = box_at(keyframes, at).clipped(width, height)
                if box is not None:
                    found.append(box)
                    self.touched[pk].append(frame)
        return found


class _Redactor(_Copier):
    """The playable copier, with boxes obscured and sound muted on the way through."""

    def __init__(
        self, source: Any, target: Any, *, plan: Plan, style: str, progress, keep_sound: bool
    ) -> None:
        super().__init__(source, target, keep_sound=keep_sound)
        self.plan, self.style, self.progress = plan, style, progress
        self.samples = 0

    def treat_picture(self, picture: Any, at: float) -> Any:
        from lantern.evidence.redaction.media import obscure_yuv

        frame = self.outcome.frames  # the number of this frame, from 0
        self.progress(frame + 1)
        boxes = self.plan.boxes(at, frame, self.width, self.height)
        if not boxes:
            return picture
        pixels = picture.to_ndarray()
        obscure_yuv(pixels, self.width, self.height, boxes, self.style)
        return self.av.VideoFrame.from_ndarray(pixels, format="yuv420p")

    def treat_sound(self, chunk: Any) -> Any:
        first, self.samples = self.samples, self.samples + chunk.samples
        hits = [(a, b) for a, b in self.plan.mutes if a < self.samples and b > first]
        if not hits:
            return chunk
        pixels = chunk.to_ndarray()
        for a, b in hits:
            pixels[:, max(0, a - first) : max(0, b - first)] = 0
        quiet = self.av.AudioFrame.from_ndarray(pixels, format="fltp", layout="stereo")
        quiet.sample_rate, quiet.pts, quiet.time_base = SOUND_RATE, chunk.pts, chunk.time_base
        return quiet


def render_video(
    source: Any, target: Path, *, plan: Plan, style: str, progress, keep_sound: bool = True
) -> Any:
    """Write the redacted MP4 at ``target``; returns the copier's Outcome."""
    import av

    try:
        with (
            av.open(source, mode="r") as container,
            av.open(str(target), mode="w", format="mp4", options={"movflags": "+faststart"}) as out,
        ):
            redactor = _Redactor(
                container, out, plan=plan, style=style, progress=progress, keep_sound=keep_sound
            )
            return redactor.run()
    except (av.FFmpegError, OSError, ValueError, MemoryError, EOFError) as exc:
        raise NotPlayable(f"FFmpeg could not read it: {exc}") from exc


def render_photo(source: Any, target: Path, *, plan: Plan, style: str) -> None:
    from PIL import Image

    from lantern.evidence.redaction.media import obscure_rgb, photo_array

    pixels = photo_array(source)
    height, width = pixels.shape[:2]
    obscure_rgb(pixels, plan.boxes(0.0, 0, width, height), style)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    target.write_bytes(out.getvalue())


class _Progress:
    """Stores the redaction's progress each PROGRESS_STEP per cent (a plain update: the task's
    own bookkeeping, not a change to evidence)."""

    def __init__(self, redaction: Redaction) -> None:
        self.pk, self.total, self.shown = redaction.pk, max(1, redaction.frame_count), 0

    def __call__(self, frames: int) -> None:
        percent = min(99, frames * 100 // self.total)
        if percent >= self.shown + PROGRESS_STEP:
            self.shown = percent
            Redaction.objects.filter(pk=self.pk).update(progress=percent)


def redaction_render(*, actor: Actor, redaction_id: uuid.UUID) -> EvidenceItem | None:
    """Render a redaction that is waiting to be rendered; returns the redacted copy, or None
    (the redaction then says why it failed)."""
    redaction = Redaction.objects.select_related("item__blob").filter(pk=redaction_id).first()
    if redaction is None or redaction.status != Redaction.Status.RENDERING:
        return None
    regions = list(redaction.regions.all())
    plan = Plan(regions, list(redaction.mutes.values_list("start", "end")))
    with tempfile.NamedTemporaryFile(dir=upload_dir(), suffix=".out", delete=False) as tmp:
        path = Path(tmp.name)
    try:
        with blob_store().open(redaction.item.blob.sha256) as stream:
            if redaction.is_video:
                outcome = render_video(
                    stream,
                    path,
                    plan=plan,
                    style=redaction.style,
                    progress=_Progress(redaction),
                    keep_sound=redaction.has_sound,
                )
                stopped = outcome.stopped
            else:
                render_photo(stream, path, plan=plan, style=redaction.style)
                stopped = ""
        sha256, size = _sha256(path)
        copy = item_derive(
            actor=actor,
            parent_id=redaction.item_id,
            source=path,
            sha256=sha256,
            size=size,
            verdict=PLAYABLE_VERDICT if redaction.is_video else PNG_VERDICT,
            purpose=REDACTED,
            audio_recorded=redaction.has_sound if redaction.is_video else False,
            details={"redaction": str(redaction.pk)},
        )
    except Exception as exc:
        logger.warning("redaction %s failed: %s", redaction.pk, type(exc).__name__)
        _failed(actor=actor, redaction=redaction, problem=_problem(exc))
        return None
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    _done(actor=actor, redaction=redaction, copy=copy, plan=plan, regions=regions, stopped=stopped)
    return copy


def _problem(exc: BaseException) -> str:
    if isinstance(exc, BlobStoreError):
        return exc.message
    return "The original could not be read to make the redacted copy"


def redaction_log(
    redaction: Redaction, copy: EvidenceItem, plan: Plan, regions: list[RedactionRegion]
) -> dict[str, Any]:
    """Who redacted what, in which frames, and why: kept with the redaction and shown on its
    page; the custody events name the redaction."""
    rate, count = redaction.frame_rate or 1.0, redaction.frame_count
    return {
        "redaction": str(redaction.pk),
        "original": str(redaction.item_id),
        "original_sha256": redaction.item.blob.sha256,
        "copy": str(copy.pk),
        "copy_sha256": copy.blob.sha256,
        "requested_by": str(redaction.requested_by or ""),
        "reason": redaction.reason,
        "style": redaction.style,
        "regions": [
            {
                "label": region.label,
                "start": region.start,
                "end": region.end,
                "keyframes": region.keyframes,
                "frames_planned": _span(
                    frames_covered(region.start, region.end, rate=rate, count=count)
                ),
                "frames_obscured": _span(plan.touched.get(region.pk, [])),
            }
            for region in regions
        ],
        "mutes": [{"start": a / SOUND_RATE, "end": b / SOUND_RATE} for a, b in plan.mutes],
    }


def _span(frames) -> dict[str, int]:
    frames = list(frames)
    if not frames:
        return {"count": 0}
    return {"first": min(frames), "last": max(frames), "count": len(frames)}


def _done(*, actor, redaction, copy, plan, regions, stopped: str) -> None:
    log = redaction_log(redaction, copy, plan, regions)
    if stopped:
        log["stopped"] = stopped
    with transaction.atomic():
        Redaction.objects.filter(pk=redaction.pk).update(
            status=Redaction.Status.DONE,
            progress=100,
            result=copy,
            log=log,
            problem="",
            updated_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=REDACTION_RENDERED,
            object_type=REDACTION,
            object_id=redaction.pk,
            details={
                "item": str(redaction.item_id),
                "copy": str(copy.pk),
                "sha256": copy.blob.sha256,
                "regions": len(regions),
                "mutes": len(plan.mutes),
            },
        )


def _failed(*, actor: Actor, redaction: Redaction, problem: str) -> None:
    with transaction.atomic():
        Redaction.objects.filter(pk=redaction.pk).update(
            status=Redaction.Status.FAILED, problem=problem[:300], updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=REDACTION_FAILED,
            object_type=REDACTION,
            object_id=redaction.pk,
            details={"item": str(redaction.item_id)},
        )
