"""Benchmark: redacting a 1080p clip with five tracked boxes, against decoding and encoding the
same clip again with nothing obscured, in the same run (PyAV, the same encoder settings).

Generates a synthetic 1920 x 1080 H.264 clip (``--seconds``, 25 frames a second, moving
texture) in a temporary folder, then measures, alternating ``--rounds`` times and keeping
each side's best:

* value: frames per second of ``redaction.render.render_video`` (the redacted copy: decode,
  five boxes each moving between two keyframes, blurred in the yuv420p planes, encode as the
  playable copy is: libx264 veryfast, CRF 20, faststart MP4);
* baseline: frames per second of ``playable.transcode`` on the same clip (decode, encode).

Goal: ratio value/baseline at least 0.7. The last line printed is one JSON object.

    .venv/bin/python bench/redact.py                 # 5 s of 1080p
    .venv/bin/python bench/redact.py --seconds 1     # quick check
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

WIDTH, HEIGHT, RATE = 1920, 1080, 25


def make_clip(path: Path, seconds: float) -> int:
    """A textured picture that moves every frame (so the encoder has real work)."""
    import av
    import numpy as np

    frames = round(seconds * RATE)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH]
    rng = np.random.default_rng(7)
    noise = rng.integers(0, 40, (HEIGHT, WIDTH), dtype=np.uint8)
    with av.open(str(path), mode="w", format="mp4") as container:
        video = container.add_stream("libx264", rate=RATE)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {"preset": "ultrafast", "crf": "18"}
        for n in range(frames):
            picture = np.empty((HEIGHT, WIDTH, 3), np.uint8)
            picture[..., 0] = ((xs + 4 * n) // 16 % 2) * 120 + noise
            picture[..., 1] = (ys + 3 * n) % 200 + noise // 2
            picture[..., 2] = ((xs + ys + 2 * n) // 24 % 2) * 90 + 60
            container.mux(video.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        container.mux(video.encode(None))
    return frames


def five_tracks(seconds: float):
    """Five face-sized boxes, each moving across the picture between two keyframes."""
    from lantern.evidence.redaction.models import RedactionRegion

    regions = []
    for n in range(5):
        start = [0.0, 100 + n * 330, 100 + n * 60, 180, 220]
        end = [seconds, 300 + n * 300, 600 - n * 40, 200, 240]
        regions.append(
            RedactionRegion(
                id=uuid.uuid4(), label="face", start=0.0, end=seconds, keyframes=[start, end]
            )
        )
    return regions


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import django

    django.setup()
    from lantern.evidence.playable import transcode
    from lantern.evidence.redaction.render import Plan, render_video

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "clip.mp4"
        frames = make_clip(source, args.seconds)
        regions = five_tracks(args.seconds)
        plain_best = redact_best = float("inf")
        obscured = 0
        for _ in range(args.rounds):
            with source.open("rb") as stream:
                plain_best = min(
                    plain_best,
                    timed(lambda s=stream: transcode(s, work / "plain.mp4", keep_sound=True)),
                )
            plan = Plan(regions, [])
            with source.open("rb") as stream:
                redact_best = min(
                    redact_best,
                    timed(
                        lambda s=stream, p=plan: render_video(
                            s, work / "redacted.mp4", plan=p, style="blur", progress=lambda n: None
                        )
                    ),
                )
            obscured = sum(len(v) for v in plan.touched.values())
        value, baseline = frames / redact_best, frames / plain_best
        ratio = value / baseline
        print(
            f"{frames} frames of {WIDTH}x{HEIGHT}: redacted (5 tracked boxes, blur) "
            f"{value:.1f} fps, plain decode and encode {baseline:.1f} fps, ratio {ratio:.3f}"
        )
        print(
            json.dumps(
                {
                    "name": "redact_1080p_five_boxes",
                    "value": round(value, 2),
                    "baseline": round(baseline, 2),
                    "ratio": round(ratio, 3),
                    "goal": 0.7,
                    "unit": "frames/s",
                    "frames": frames,
                    "boxes_obscured": obscured,
                    "python": platform.python_version(),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
