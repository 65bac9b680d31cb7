"""Boxes in time: a region's box at any moment (linear between keyframes), which frames a time
range covers, and the checks on what an officer types (a box inside the picture, a range that
runs forwards and covers at least one frame). Pure Python: no media library."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

EPSILON = 1e-3  # seconds: frame times are compared to ranges with this slack


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    def clipped(self, width: int, height: int) -> Box | None:
        """The part of the box inside a ``width`` x ``height`` picture, or None."""
        x0, y0 = max(0, self.x), max(0, self.y)
        x1, y1 = min(width, self.x + self.w), min(height, self.y + self.h)
        if x1 <= x0 or y1 <= y0:
            return None
        return Box(x0, y0, x1 - x0, y1 - y0)

    def iou(self, other: Box) -> float:
        """Intersection over union: how much two boxes are the same box (0 to 1)."""
        x0, y0 = max(self.x, other.x), max(self.y, other.y)
        x1 = min(self.x + self.w, other.x + other.w)
        y1 = min(self.y + self.h, other.y + other.h)
        inter = max(0, x1 - x0) * max(0, y1 - y0)
        union = self.w * self.h + other.w * other.h - inter
        return inter / union if union else 0.0


Keyframe = Sequence[float]  # [seconds, x, y, width, height]


def box_at(keyframes: Sequence[Keyframe], at: float) -> Box:
    """The box at ``at`` seconds: the first keyframe's before it, the last's after it, and in
    between the two keyframes around it, interpolated linearly (rounded to whole pixels)."""
    frames = sorted(keyframes, key=lambda k: k[0])
    if at <= frames[0][0] or len(frames) == 1:
        return Box(*(round(v) for v in frames[0][1:5]))
    for before, after in itertools.pairwise(frames):
        if at <= after[0]:
            span = after[0] - before[0]
            share = (at - before[0]) / span if span else 1.0
            values = [b + (a - b) * share for b, a in zip(before[1:5], after[1:5], strict=True)]
            return Box(*(round(v) for v in values))
    return Box(*(round(v) for v in frames[-1][1:5]))


def active(start: float, end: float, at: float) -> bool:
    return start - EPSILON <= at <= end + EPSILON


def frames_covered(start: float, end: float, *, rate: float, count: int) -> range:
    """The numbers of the frames (0 first, every 1/rate seconds) from ``start`` to ``end``."""
    if rate <= 0:
        return range(0)
    first = max(0, math.ceil((start - EPSILON) * rate))
    last = min(count - 1, math.floor((end + EPSILON) * rate))
    return range(first, last + 1) if last >= first else range(0)


@dataclass(frozen=True)
class Picture:
    """What a redaction's boxes and times are checked against."""

    width: int
    height: int
    is_video: bool
    seconds: float
    rate: float
    count: int


def box_errors(box: Box, picture: Picture, field: str = "box") -> dict[str, list[str]]:
    """The message for a box that is empty or not wholly inside the picture."""
    if box.w < 1 or box.h < 1:
        return {field: ["Enter a width and height of at least 1 pixel"]}
    if box.x < 0 or box.y < 0:
        return {field: ["The box must start inside the picture: x and y are 0 or more"]}
    if box.x + box.w > picture.width or box.y + box.h > picture.height:
        return {
            field: [
                f"The box must be inside the picture, which is {picture.width} pixels wide "
                f"and {picture.height} pixels high: x plus width must be {picture.width} or "
                f"less, y plus height {picture.height} or less"
            ]
        }
    return {}


def range_errors(start: float, end: float, picture: Picture) -> dict[str, list[str]]:
    """The message for a time range that runs backwards, lies outside the recording, or covers
    no frame of it."""
    if start < 0:
        return {"start": ["Enter a start time of 0 seconds or more"]}
    if end < start:
        return {"end": ["The end time must be the same as or after the start time"]}
    if start > picture.seconds + EPSILON:
        return {"start": [f"The recording lasts {picture.seconds:.2f} seconds: start before then"]}
    if not frames_covered(start, end, rate=picture.rate, count=picture.count):
        return {
            "end": [
                f"These times cover no frame of the video: a frame is shown every "
                f"{1 / picture.rate:.3f} seconds, so widen the range"
            ]
        }
    return {}


def mute_errors(start: float, end: float, picture: Picture, *, has_sound: bool) -> dict:
    if not has_sound:
        return {"start": ["This recording has no sound to mute"]}
    if start < 0:
        return {"start": ["Enter a start time of 0 seconds or more"]}
    if end <= start:
        return {"end": ["The end time must be after the start time"]}
    if start >= picture.seconds:
        return {"start": [f"The recording lasts {picture.seconds:.2f} seconds: start before then"]}
    return {}
