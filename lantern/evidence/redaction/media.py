"""Reading the original for a redaction: its picture size, length and frame rate; a still of
one frame (for the officer to place boxes on, and for the suggestions); and obscuring boxes in
a picture, in the copy's own pixel format (yuv420p) or in a photo's RGB. PyAV, OpenCV and
Pillow are imported here only, for the worker and the pages that need them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any

import numpy as np

from lantern.evidence.playable import MAX_SOURCE_PIXELS, _fit
from lantern.evidence.previews import MAX_PIXELS
from lantern.evidence.redaction.geometry import Box, Picture

BLOCKS = 6  # a blurred box keeps at most this many blocks across its shorter side
SOLID_YUV = (16, 128, 128)  # black


class Unreadable(Exception):
    """The original cannot be read as a picture or video."""


@dataclass(frozen=True)
class Probe:
    picture: Picture
    has_sound: bool


def probe_video(stream: IO[bytes]) -> Probe:
    """Picture size (as the copy has it), length, frame rate and frame count of a video."""
    import av

    try:
        with av.open(stream, mode="r") as container:
            if not container.streams.video:
                raise Unreadable("the file has no picture")
            video = container.streams.video[0]
            width, height = video.codec_context.width, video.codec_context.height
            if not width or not height or width * height > MAX_SOURCE_PIXELS:
                raise Unreadable("the picture has no size, or is too large")
            rate = float(video.average_rate or video.guessed_rate or Fraction(25))
            duration, base = video.duration, video.time_base
            seconds = float(duration * base) if duration and base else 0.0
            seconds = seconds or (container.duration or 0) / 1_000_000
            count = video.frames or 0
            if not count or not seconds:
                count = sum(1 for p in container.demux(video) if p.size)
                seconds = seconds or count / rate
            has_sound = bool(container.streams.audio)
    except (av.FFmpegError, OSError, ValueError, EOFError) as exc:
        raise Unreadable(str(exc)) from exc
    fit_w, fit_h = _fit(width, height)
    count = count or max(1, round(seconds * rate))
    seconds = max(seconds, (count - 1) / rate)
    return Probe(Picture(fit_w, fit_h, True, seconds, rate, count), has_sound)


def photo_array(stream: IO[bytes]) -> np.ndarray:
    """A photo as RGB pixels, turned the way its EXIF says (as the officer sees it)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(stream) as image:
            if image.width * image.height > MAX_PIXELS:
                raise Unreadable("the image is too large")
            upright = ImageOps.exif_transpose(image) or image
            return np.asarray(upright.convert("RGB")).copy()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise Unreadable(str(exc)) from exc


def probe_photo(stream: IO[bytes]) -> Probe:
    pixels = photo_array(stream)
    return Probe(Picture(pixels.shape[1], pixels.shape[0], False, 0.0, 1.0, 1), False)


def video_frames(stream: IO[bytes], times: Iterable[float]) -> Iterator[tuple[float, Any]]:
    """(time, yuv420p frame at the copy's size) of the first frame at or after each of
    ``times`` (seconds from the first frame, rising), decoding from the start."""
    import av

    wanted = iter(sorted(times))
    target = next(wanted, None)
    try:
        with av.open(stream, mode="r") as container:
            video = container.streams.video[0]
            width, height = _fit(video.codec_context.width, video.codec_context.height)
            start = None
            for frame in container.decode(video):
                if frame.time is None:
                    continue
                start = frame.time if start is None else start
                at = frame.time - start
                while target is not None and at + 1e-3 >= target:
                    yield at, frame.reformat(width=width, height=height, format="yuv420p")
                    target = next(wanted, None)
                if target is None:
                    return
    except (av.FFmpegError, OSError, ValueError, EOFError) as exc:
        raise Unreadable(str(exc)) from exc


def yuv_planes(pixels: np.ndarray, width: int, height: int) -> tuple[np.ndarray, ...]:
    """Views of the Y, U and V planes of a yuv420p array from PyAV's ``to_ndarray``."""
    flat = pixels.reshape(-1)
    size, quarter = width * height, (width // 2) * (height // 2)
    return (
        flat[:size].reshape(height, width),
        flat[size : size + quarter].reshape(height // 2, width // 2),
        flat[size + quarter : size + 2 * quarter].reshape(height // 2, width // 2),
    )


def _blur(area: np.ndarray) -> None:
    """A coarse mosaic of the area, smoothed: no detail of the original survives."""
    import cv2

    cv2.setNumThreads(1)  # small areas: threads cost more than they save, on a shared worker

    h, w = area.shape[:2]
    block = max(2, min(h, w) // BLOCKS)
    small = cv2.resize(area, (max(1, w // block), max(1, h // block)), interpolation=cv2.INTER_AREA)
    coarse = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    area[...] = coarse


def obscure_yuv(pixels: np.ndarray, width: int, height: int, boxes: list[Box], style: str) -> None:
    """Obscure ``boxes`` in a yuv420p array in place (each plane at its own scale)."""
    planes = yuv_planes(pixels, width, height)
    for box in boxes:
        for n, plane in enumerate(planes):
            scale = 1 if n == 0 else 2
            x0, y0 = box.x // scale, box.y // scale
            x1, y1 = -(-(box.x + box.w) // scale), -(-(box.y + box.h) // scale)
            area = plane[y0:y1, x0:x1]
            if area.size == 0:
                continue
            if style == "solid":
                area[...] = SOLID_YUV[n]
            else:
                _blur(area)


def obscure_rgb(pixels: np.ndarray, boxes: list[Box], style: str) -> None:
    """Obscure ``boxes`` in an RGB array in place."""
    for box in boxes:
        area = pixels[box.y : box.y + box.h, box.x : box.x + box.w]
        if style == "solid":
            area[...] = 0
        else:
            _blur(area)


def outlined_jpeg(rgb: np.ndarray, boxes: list[tuple[Box, str]]) -> bytes:
    """A JPEG of a still with each box outlined (yellow for regions, blue for suggestions),
    for the officer to see where the boxes are before anything is rendered."""
    import cv2

    canvas = np.ascontiguousarray(rgb)
    colours = {"region": (255, 221, 0), "suggestion": (29, 112, 184)}
    for box, kind in boxes:
        cv2.rectangle(canvas, (box.x, box.y), (box.x + box.w - 1, box.y + box.h - 1),
                      colours.get(kind, (255, 221, 0)), 2)  # fmt: skip
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(canvas).save(out, format="JPEG", quality=85)
    return out.getvalue()
