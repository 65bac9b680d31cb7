"""The still the officer places boxes on: one frame of the original (or the photo), at the size
the boxes are measured in, with the boxes that apply at that moment outlined (yellow: to be
obscured; blue: suggested, not yet decided). Nothing is obscured here."""

from __future__ import annotations

from lantern.evidence.blobstore import blob_store
from lantern.evidence.redaction.geometry import Box, active, box_at
from lantern.evidence.redaction.media import Unreadable, outlined_jpeg, photo_array, video_frames
from lantern.evidence.redaction.models import Redaction, RedactionSuggestion


def boxes_at(redaction: Redaction, at: float) -> list[tuple[Box, str]]:
    found: list[tuple[Box, str]] = []
    for region in redaction.regions.all():
        if not redaction.is_video or active(region.start, region.end, at):
            found.append((box_at(region.keyframes, at), "region"))
    pending = redaction.suggestions.filter(decision=RedactionSuggestion.Decision.PENDING)
    for suggestion in pending:
        if not redaction.is_video or active(suggestion.start, suggestion.end, at):
            found.append((box_at(suggestion.keyframes, at), "suggestion"))
    return found


def still(redaction: Redaction, at: float) -> tuple[float, bytes | None]:
    """(the frame's time, a JPEG of it with its boxes outlined), or (at, None) when the
    original gives no picture there."""
    with blob_store().open(redaction.item.blob.sha256) as stream:
        try:
            if not redaction.is_video:
                return 0.0, outlined_jpeg(photo_array(stream), boxes_at(redaction, 0.0))
            for shown_at, frame in video_frames(stream, [at]):
                rgb = frame.to_ndarray(format="rgb24")
                return shown_at, outlined_jpeg(rgb, boxes_at(redaction, shown_at))
        except Unreadable:
            return at, None
    return at, None
