"""Playable copies: each video handed over gets a copy that plays in any browser, H.264 video
and AAC sound in an MP4 whose index (``moov``) comes first ("faststart"), so playback starts
at once and seeks with HTTP Range requests. Made with PyAV (FFmpeg) by the background task
``tasks.make_playable`` once an item is stored, and recorded as a derived item naming its
parent (``previews.item_derive``, purpose ``playable``). The original is only read, never
changed (ACPO principle 1).

Every video is decoded and encoded again, even one that is already H.264/AAC in an MP4: one
path, tested once; the copy's timestamps start at zero and rise; a recording cut short is
decoded up to the cut; and sound that the uploader said was not recorded can be left out.

Files handed over are untrusted, so decoding is bounded: the picture size, the length of
footage copied and the number of damaged packets skipped. A file that gives no picture gets
the flag ``no_playable_copy`` instead of a copy; one that stops early gets a copy of what
could be decoded and the flag ``playable_copy_partial``. Either way the task ends cleanly.

Sound (docs/evidence.md "Playable copies"): kept when the uploader said sound was recorded,
or did not say; left out when they said it was not, with the flag ``sound_not_declared``
when the file has a sound track all the same. The original keeps its sound either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.evidence.blobstore import CHUNK, BlobStoreError, blob_store
from lantern.evidence.contentchecks import Flag
from lantern.evidence.events import ITEM, ITEM_FLAGGED
from lantern.evidence.filetypes import Verdict
from lantern.evidence.models import PLAYABLE, EvidenceItem, ItemFlag
from lantern.evidence.partials import upload_dir
from lantern.evidence.previews import item_derive
from lantern.evidence.selectors import item_get_for_update

logger = logging.getLogger(__name__)

MAX_WIDTH, MAX_HEIGHT = 1920, 1080  # a larger picture is scaled down to fit, keeping its shape
MAX_SOURCE_PIXELS = 8192 * 8192  # a larger picture is refused (a bomb, or not footage)
MAX_SECONDS = 4 * 3600  # footage copied; a longer recording's copy stops there (and says so)
MAX_DAMAGED = 200  # damaged packets skipped before the copy gives up on the rest
TIME_BASE = Fraction(1, 1000)  # the copy's video timestamps, in milliseconds
SOUND_RATE = 48_000
CAN_PLAY = (EvidenceItem.Category.VIDEO, EvidenceItem.Category.OPAQUE)


class NotPlayable(Exception):
    """No picture could be decoded from this file: no copy is made."""


@dataclass
class Outcome:
    frames: int = 0
    seconds: float = 0.0
    sound: bool = False  # the copy has a sound track
    sound_left_out: bool = False  # the original has one that the copy leaves out
    stopped: str = ""  # why the copy stops before the end of the original, in words


def _fit(width: int, height: int) -> tuple[int, int]:
    """The copy's picture size: the original's, scaled down to fit MAX_WIDTH x MAX_HEIGHT,
    in even numbers (H.264 in 4:2:0 needs them)."""
    scale = min(1.0, MAX_WIDTH / width, MAX_HEIGHT / height)
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


class _Copier:
    """Decodes one input container and encodes the copy into another."""

    def __init__(self, source: Any, target: Any, *, keep_sound: bool) -> None:
        import av

        self.av = av
        self.source, self.target = source, target
        if not source.streams.video:
            raise NotPlayable("the file has no picture")
        self.video_in = source.streams.video[0]
        width, height = self.video_in.codec_context.width, self.video_in.codec_context.height
        if not width or not height:
            raise NotPlayable("the picture has no size")
        if width * height > MAX_SOURCE_PIXELS:
            raise NotPlayable(f"the picture is too large ({width} x {height})")
        self.width, self.height = _fit(width, height)
        rate = self.video_in.average_rate or self.video_in.guessed_rate or Fraction(25)
        self.rate = rate
        self.video_out = target.add_stream("libx264", rate=rate)
        self.video_out.width, self.video_out.height = self.width, self.height
        self.video_out.pix_fmt = "yuv420p"
        self.video_out.time_base = TIME_BASE
        self.video_out.codec_context.time_base = TIME_BASE
        self.video_out.options = {"preset": "veryfast", "crf": "20", "profile": "high"}
        has_sound = bool(source.streams.audio)
        self.outcome = Outcome(sound_left_out=has_sound and not keep_sound)
        self.audio_in = source.streams.audio[0] if has_sound and keep_sound else None
        self.audio_out = None
        self.resampler = None
        if self.audio_in is not None:
            self.audio_out = target.add_stream("aac", rate=SOUND_RATE)
            self.audio_out.layout = "stereo"
            self.resampler = av.AudioResampler(
                format="fltp", layout="stereo", rate=SOUND_RATE, frame_size=1024
            )
            self.outcome.sound = True
        self.start: float | None = None
        self.last_ms = -1
        self.damaged = 0

    def run(self) -> Outcome:
        streams = [s for s in (self.video_in, self.audio_in) if s is not None]
        try:
            for packet in self.source.demux(streams):
                if not self._packet(packet):
                    break
        except self.av.FFmpegError as exc:  # a file cut short, or damaged past reading
            self.outcome.stopped = f"the original could not be read past this point ({_why(exc)})"
        self._flush()
        if self.outcome.frames == 0:
            raise NotPlayable(self.outcome.stopped or "no picture could be decoded")
        declared = (self.source.duration or 0) / 1_000_000  # microseconds, when the file says
        slack = max(0.5, 2 / float(self.rate))  # the last frame's own length
        if not self.outcome.stopped and declared - self.outcome.seconds > slack:
            self.outcome.stopped = (
                f"the original says it lasts {declared:.1f} seconds, but no more could be decoded"
            )
        return self.outcome

    def _packet(self, packet: Any) -> bool:
        """Decode and copy one packet; False once the copy must stop."""
        try:
            frames = packet.decode()
        except self.av.FFmpegError:
            self.damaged += 1
            if self.damaged > MAX_DAMAGED:
                self.outcome.stopped = f"more than {MAX_DAMAGED} damaged pieces of the recording"
                return False
            return True
        for frame in frames:
            if packet.stream is self.video_in:
                if not self._video(frame):
                    return False
            else:
                self._audio(frame)
        return True

    def _seconds(self, frame: Any) -> float | None:
        if frame.time is None:
            return None
        if self.start is None:
            self.start = frame.time
        return frame.time - self.start

    def _video(self, frame: Any) -> bool:
        at = self._seconds(frame)
        at = at if at is not None else (self.last_ms + 1) / 1000
        if at > MAX_SECONDS:
            self.outcome.stopped = f"copies stop after {MAX_SECONDS // 3600} hours of footage"
            return False
        ms = round(at * 1000)
        if ms <= self.last_ms:  # a repeated or out-of-order time: keep them rising
            ms = self.last_ms + 1
        self.last_ms = ms
        picture = frame.reformat(width=self.width, height=self.height, format="yuv420p")
        picture = self.treat_picture(picture, at)
        picture.pts, picture.time_base = ms, TIME_BASE
        self.target.mux(self.video_out.encode(picture))
        self.outcome.frames += 1
        self.outcome.seconds = at
        return True

    def _audio(self, frame: Any) -> None:
        if self.audio_out is None or self.resampler is None:
            return
        at = self._seconds(frame)
        if at is not None and at < 0:  # sound from before the first picture
            return
        frame.pts = None  # the resampler counts samples from zero: sound starts with picture
        for chunk in self.resampler.resample(frame):
            self.target.mux(self.audio_out.encode(self.treat_sound(chunk)))

    def treat_picture(self, picture: Any, at: float) -> Any:
        """Each picture (yuv420p, the copy's size) before it is encoded, ``at`` seconds in:
        as it is here; a redacted copy obscures its boxes (``redaction.render``)."""
        return picture

    def treat_sound(self, chunk: Any) -> Any:
        """Each chunk of sound (48 kHz stereo) before it is encoded: as it is here."""
        return chunk

    def _flush(self) -> None:
        with contextlib.suppress(self.av.FFmpegError):
            self.target.mux(self.video_out.encode(None))
        if self.audio_out is not None and self.resampler is not None:
            with contextlib.suppress(self.av.FFmpegError):
                for chunk in self.resampler.resample(None):
                    self.target.mux(self.audio_out.encode(self.treat_sound(chunk)))
                self.target.mux(self.audio_out.encode(None))


def transcode(source: Any, target: Path, *, keep_sound: bool) -> Outcome:
    """Write a faststart H.264/AAC MP4 at ``target`` from the recording readable at
    ``source`` (a file object). Raises NotPlayable when no picture can be decoded."""
    import av

    try:
        with (
            av.open(source, mode="r") as container,
            av.open(str(target), mode="w", format="mp4", options={"movflags": "+faststart"}) as out,
        ):
            return _Copier(container, out, keep_sound=keep_sound).run()
    except (av.FFmpegError, OSError, ValueError, MemoryError, EOFError) as exc:
        raise NotPlayable(f"FFmpeg could not read it: {_why(exc)}") from exc


def _why(exc: BaseException) -> str:
    """FFmpeg's reason in words, without the error number or the file's name."""
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).rstrip(".")


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


PLAYABLE_VERDICT = Verdict(
    accepted=True, category=EvidenceItem.Category.VIDEO, media_type="video/mp4"
)


def playable_make(*, actor: Actor, item_id: uuid.UUID) -> EvidenceItem | None:
    """Make the item's playable copy (a video, or an unrecognised recording FFmpeg can read,
    that has none yet); returns the derived item, or None, having flagged the item when no
    copy, or only part of one, could be made."""
    item = EvidenceItem.objects.select_related("blob").filter(pk=item_id).first()
    if item is None or item.parent_id is not None or item.category not in CAN_PLAY:
        return None
    existing = item.derivatives.filter(derived_purpose=PLAYABLE).first()
    if existing is not None:
        return existing
    if item.flags.filter(code=ItemFlag.Code.NO_PLAYABLE_COPY).exists():
        return None  # tried already
    keep_sound = item.audio_recorded is not False
    with tempfile.NamedTemporaryFile(dir=upload_dir(), suffix=".mp4", delete=False) as tmp:
        path = Path(tmp.name)
    try:
        try:
            with blob_store().open(item.blob.sha256) as stream:
                outcome = transcode(stream, path, keep_sound=keep_sound)
        except NotPlayable as exc:
            logger.info("no playable copy of evidence item %s: %s", item.pk, exc)
            item_flag_add(
                actor=actor,
                item_id=item.pk,
                flag=Flag(ItemFlag.Code.NO_PLAYABLE_COPY, _detail(str(exc))),
            )
            return None
        sha256, size = _sha256(path)
        copy = item_derive(
            actor=actor,
            parent_id=item.pk,
            source=path,
            sha256=sha256,
            size=size,
            verdict=PLAYABLE_VERDICT,
            purpose=PLAYABLE,
            audio_recorded=outcome.sound,
            details={"seconds": round(outcome.seconds, 1), "sound": outcome.sound},
        )
        _flag_outcome(actor=actor, item=item, outcome=outcome)
        return copy
    except BlobStoreError as exc:
        logger.warning("playable copy of evidence item %s not made: %s", item.pk, exc.message)
        return None
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


CATCH_UP_AFTER = timedelta(hours=1)  # left to the task queued on storing until then
CATCH_UP_BATCH = 20  # recordings copied by one sweep


def playables_catch_up(*, actor: Actor, limit: int = CATCH_UP_BATCH) -> int:
    """Make the playable copies that are missing: of recordings stored before copies were
    made, or whose task was lost (a worker stopped). Oldest first, at most ``limit`` per
    sweep, only items stored over an hour ago (so as not to race their own task), never one
    already flagged ``no_playable_copy``. Returns how many copies were made."""
    waiting = (
        EvidenceItem.objects.filter(
            parent__isnull=True,
            category__in=CAN_PLAY,
            created_at__lt=timezone.now() - CATCH_UP_AFTER,
        )
        .exclude(derivatives__derived_purpose=PLAYABLE)
        .exclude(flags__code=ItemFlag.Code.NO_PLAYABLE_COPY)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(playable_make(actor=actor, item_id=pk) is not None for pk in list(waiting))


def item_flag_add(*, actor: Actor, item_id: uuid.UUID, flag: Flag) -> bool:
    """Add a flag found after the item arrived (while making its playable copy), with its
    ``evidence.flagged`` custody event in the same transaction. The item itself is not
    changed; a flag it has already is not added again. True if added."""
    with transaction.atomic():
        item = item_get_for_update(actor=actor, item_id=item_id)
        if not can(actor, Permission.EVIDENCE_MANAGE, item):
            raise PermissionDenied("evidence flag")
        if item.flags.filter(code=flag.code).exists():
            return False
        ItemFlag.objects.create(item=item, code=flag.code, detail=flag.detail[:300])
        audit_record(
            actor=actor,
            action=ITEM_FLAGGED,
            object_type=ITEM,
            object_id=item.pk,
            details={"flags": [str(flag.code)], "found_by": "playable copy"},
        )
    return True


def _detail(text: str) -> str:
    return text.replace("\n", " ")[:300]


def _flag_outcome(*, actor: Actor, item: EvidenceItem, outcome: Outcome) -> None:
    if outcome.stopped:
        item_flag_add(
            actor=actor,
            item_id=item.pk,
            flag=Flag(
                ItemFlag.Code.PLAYABLE_COPY_PARTIAL,
                _detail(f"the copy stops after {outcome.seconds:.1f} seconds: {outcome.stopped}"),
            ),
        )
    if outcome.sound_left_out:
        item_flag_add(
            actor=actor,
            item_id=item.pk,
            flag=Flag(
                ItemFlag.Code.SOUND_NOT_DECLARED,
                "the file has a sound track; the playable copy leaves it out",
            ),
        )
