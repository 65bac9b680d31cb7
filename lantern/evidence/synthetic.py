"""Synthetic media for the demo and the browser journeys: short clips made with PyAV and
photos made with Pillow, entirely local (no real footage, no real people)."""

from __future__ import annotations

import io
import math

import av
import numpy as np
from PIL import Image, ImageDraw


def clip_mp4(*, seconds: float = 2.0, width: int = 320, height: int = 240, seed: int = 0) -> bytes:
    """An MP4 (MPEG-4 Part 2 video) of a lit doorway with a shape crossing it, timestamped
    in the corner like a doorbell camera."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        frames = max(1, int(seconds * 10))
        for n in range(frames):
            image = Image.new("RGB", (width, height), (20 + seed % 30, 24, 40))
            draw = ImageDraw.Draw(image)
            draw.rectangle((width // 3, height // 5, 2 * width // 3, height), fill=(70, 60, 50))
            x = int((n / frames) * width)
            y = int(height * 0.6 + 10 * math.sin(n / 2))
            draw.ellipse((x - 12, y - 30, x + 12, y + 30), fill=(200, 200, 210))
            draw.text(
                (6, 6),
                f"2026-11-0{1 + seed % 9} 21:3{n // 10 % 10}:{n % 10}0",
                fill=(255, 255, 255),
            )
            frame = av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def photo_jpeg(*, width: int = 640, height: int = 480, seed: int = 0) -> bytes:
    """A JPEG of a street at night: lamps, a kerb and litter (no people)."""
    image = Image.new("RGB", (width, height), (15, 18, 35))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(height * 0.7), width, height), fill=(50, 50, 55))
    for i in range(4):
        x = 80 + i * 160 + seed % 20
        draw.line((x, int(height * 0.7), x, int(height * 0.25)), fill=(90, 90, 90), width=4)
        draw.ellipse((x - 14, int(height * 0.22), x + 14, int(height * 0.28)), fill=(250, 210, 120))
    for i in range(12):
        x = (i * 53 + seed * 7) % width
        draw.rectangle(
            (x, int(height * 0.8) + i % 5 * 8, x + 6, int(height * 0.8) + i % 5 * 8 + 3),
            fill=(220, 220, 220),
        )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()
