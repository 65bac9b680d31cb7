"""Suggestions: faces and number plates found on sampled frames with the Haar cascades that
ship inside opencv-python-headless 4.x (``cv2.data.haarcascades``): frontal and profile faces,
and two number-plate models. Detection only: a box where something looks like a face or a
plate, never who or whose it is. Detections on successive samples that overlap are joined
into one suggestion whose keyframes follow the face; the officer accepts or rejects each.

Runs in the background (``tasks.suggest_redaction``). Sampling is bounded (``MAX_SAMPLES``
frames, at most one every ``SAMPLE_SECONDS``), and the picture is searched at no more than
``SEARCH_WIDTH`` pixels wide.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.redaction.events import REDACTION, REDACTION_SUGGESTED
from lantern.evidence.redaction.geometry import Box
from lantern.evidence.redaction.models import Redaction, RedactionSuggestion, RegionLabel

logger = logging.getLogger(__name__)

CASCADES = {
    RegionLabel.FACE: ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml"),
    RegionLabel.PLATE: (
        "haarcascade_russian_plate_number.xml",
        "haarcascade_license_plate_rus_16stages.xml",
    ),
}
SAMPLE_SECONDS = 0.5
MAX_SAMPLES = 120
SEARCH_WIDTH = 960
PAD = 0.15  # a suggested box is widened by this share of its size on each side
SAME = 0.2  # overlap (IoU) above which two detections are the same thing


@cache
def _classifiers() -> dict[str, list[Any]]:
    import cv2

    folder = cv2.data.haarcascades  # type: ignore[attr-defined]
    return {
        str(label): [cv2.CascadeClassifier(folder + name) for name in names]
        for label, names in CASCADES.items()
    }


def detect(gray: np.ndarray) -> list[tuple[str, Box]]:
    """(label, box) of each face or number plate found in a greyscale picture, in its pixels,
    widened by PAD and kept inside the picture; overlapping finds of one label merged."""
    import cv2

    height, width = gray.shape
    scale = min(1.0, SEARCH_WIDTH / width)
    small = cv2.resize(gray, (round(width * scale), round(height * scale))) if scale < 1 else gray
    small = cv2.equalizeHist(small)
    found: list[tuple[str, Box]] = []
    for label, classifiers in _classifiers().items():
        boxes: list[Box] = []
        for classifier in classifiers:
            hits = classifier.detectMultiScale(small, scaleFactor=1.1, minNeighbors=4,
                                               minSize=(20, 20))  # fmt: skip
            for x, y, w, h in np.asarray(hits).reshape(-1, 4).tolist():
                box = _padded(Box(*(round(v / scale) for v in (x, y, w, h))), width, height)
                if box is not None and all(box.iou(b) < SAME for b in boxes):
                    boxes.append(box)
        found.extend((str(label), box) for box in boxes)
    return found


def _padded(box: Box, width: int, height: int) -> Box | None:
    dx, dy = round(box.w * PAD), round(box.h * PAD)
    return Box(box.x - dx, box.y - dy, box.w + 2 * dx, box.h + 2 * dy).clipped(width, height)


@dataclass
class Track:
    label: str
    keyframes: list[list[float]] = field(default_factory=list)

    @property
    def last(self) -> Box:
        return Box(*(int(v) for v in self.keyframes[-1][1:5]))


def track(samples: list[tuple[float, list[tuple[str, Box]]]]) -> list[Track]:
    """Join detections on successive samples into tracks: each detection continues the open
    track of its label it overlaps most (seen on the sample before), else starts one."""
    tracks: list[Track] = []
    open_: list[Track] = []
    for at, finds in samples:
        still_open = []
        for label, box in finds:
            best = max(
                (t for t in open_ if t.label == label and t not in still_open),
                key=lambda t: t.last.iou(box),
                default=None,
            )
            if best is None or best.last.iou(box) < SAME:
                best = Track(label)
                tracks.append(best)
            best.keyframes.append([round(at, 3), box.x, box.y, box.w, box.h])
            still_open.append(best)
        open_ = still_open
    return tracks


def _samples(redaction: Redaction) -> list[float]:
    if not redaction.is_video:
        return [0.0]
    count = min(MAX_SAMPLES, int(redaction.seconds / SAMPLE_SECONDS) + 1)
    step = redaction.seconds / max(1, count - 1) if count > 1 else 0.0
    return [round(n * step, 3) for n in range(count)]


def find(redaction: Redaction) -> tuple[list[Track], float]:
    """The tracks found in the redaction's original, and the time between samples."""
    from lantern.evidence.redaction.media import photo_array, video_frames, yuv_planes

    times = _samples(redaction)
    step = times[1] - times[0] if len(times) > 1 else 0.0
    samples = []
    with blob_store().open(redaction.item.blob.sha256) as stream:
        if redaction.is_video:
            for at, frame in video_frames(stream, times):
                gray = yuv_planes(frame.to_ndarray(), frame.width, frame.height)[0]
                samples.append((at, detect(np.ascontiguousarray(gray))))
        else:
            import cv2

            samples.append((0.0, detect(cv2.cvtColor(photo_array(stream), cv2.COLOR_RGB2GRAY))))
    return track(samples), step


def suggestions_make(*, actor: Actor, redaction_id: uuid.UUID) -> int:
    """Look for faces and number plates in a redaction's original and store what is found as
    suggestions (replacing undecided ones); returns how many."""
    from lantern.evidence.redaction.media import Unreadable

    redaction = Redaction.objects.select_related("item__blob").filter(pk=redaction_id).first()
    if redaction is None or redaction.search != Redaction.Search.SEARCHING:
        return 0
    try:
        tracks, step = find(redaction)
    except (Unreadable, BlobStoreError) as exc:
        logger.info("no suggestions for redaction %s: %s", redaction.pk, type(exc).__name__)
        Redaction.objects.filter(pk=redaction.pk).update(search=Redaction.Search.FAILED)
        return 0
    half = step / 2
    with transaction.atomic():
        redaction.suggestions.filter(decision=RedactionSuggestion.Decision.PENDING).delete()
        RedactionSuggestion.objects.bulk_create(
            RedactionSuggestion(
                redaction=redaction,
                label=t.label,
                start=max(0.0, round(t.keyframes[0][0] - half, 3)),
                end=min(redaction.seconds, round(t.keyframes[-1][0] + half, 3)),
                keyframes=t.keyframes,
            )
            for t in tracks
        )
        Redaction.objects.filter(pk=redaction.pk).update(search=Redaction.Search.READY)
        audit_record(
            actor=actor,
            action=REDACTION_SUGGESTED,
            object_type=REDACTION,
            object_id=redaction.pk,
            details={label: sum(t.label == label for t in tracks) for label in map(str, CASCADES)},
        )
    return len(tracks)
