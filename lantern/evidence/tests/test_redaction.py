"""Redaction: boxes (following keyframes) obscured in a new derived copy that names the
original, sound muted, photos redacted, suggestions of faces and number plates accepted or
rejected, the pages that do it and their refusals; the original is never changed."""

from __future__ import annotations

import html
import io
import math
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from django.urls import reverse
from PIL import Image

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import ValidationFailed
from lantern.evidence import selectors
from lantern.evidence.blobstore import blob_store
from lantern.evidence.models import EvidenceItem
from lantern.evidence.playable import transcode
from lantern.evidence.redaction import services
from lantern.evidence.redaction.detect import detect, suggestions_make, track
from lantern.evidence.redaction.geometry import Box, box_at, frames_covered
from lantern.evidence.redaction.models import REDACTED, Redaction, RedactionSuggestion
from lantern.evidence.redaction.render import redaction_render
from lantern.evidence.tests.factories import sha, upload_bytes

pytestmark = pytest.mark.django_db

W, H, FRAMES, RATE = 64, 48, 10, 10


def texture(n: int) -> np.ndarray:
    """A busy picture (fine stripes and a gradient) that blurring visibly changes."""
    ys, xs = np.mgrid[0:H, 0:W]
    picture = np.zeros((H, W, 3), np.uint8)
    picture[..., 0] = 60 + 120 * ((xs // 4 + ys // 4 + n) % 2)
    picture[..., 1] = (xs * 3 + n * 5) % 200 + 30
    picture[..., 2] = (ys * 4) % 200 + 30
    return picture


def clip(*, sound: bool = False, seconds: float = FRAMES / RATE) -> bytes:
    """A tiny H.264 MP4 (64 x 48, 10 frames a second), with a tone when ``sound``."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        video = container.add_stream("libx264", rate=RATE)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        video.options = {"crf": "10", "preset": "ultrafast"}
        audio = container.add_stream("aac", rate=48_000) if sound else None
        for n in range(round(seconds * RATE)):
            frame = av.VideoFrame.from_ndarray(texture(n), format="rgb24")
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if audio is not None:
            size, rate = audio.codec_context.frame_size or 1024, 48_000
            for start in range(0, round(seconds * rate), size):
                tone = np.sin(2 * math.pi * 440 * np.arange(start, start + size) / rate)
                chunk = av.AudioFrame.from_ndarray(
                    (tone * 0.3).astype(np.float32).reshape(1, -1), format="fltp", layout="mono"
                )
                chunk.sample_rate, chunk.pts, chunk.time_base = rate, start, Fraction(1, rate)
                container.mux(audio.encode(chunk))
            container.mux(audio.encode(None))
    return buffer.getvalue()


def reencoded(data: bytes) -> bytes:
    """The clip decoded and encoded again as a playable copy is, with nothing obscured."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "plain.mp4"
        transcode(io.BytesIO(data), target, keep_sound=False)
        return target.read_bytes()


def stored(item: EvidenceItem) -> bytes:
    with blob_store().open(item.blob.sha256) as stream:
        return stream.read()


def frames_of(data: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(data), mode="r") as container:
        return [f.to_ndarray(format="rgb24").astype(int) for f in container.decode(video=0)]


def sound_of(data: bytes) -> np.ndarray:
    with av.open(io.BytesIO(data), mode="r") as container:
        parts = [f.to_ndarray()[0] for f in container.decode(audio=0)]
    return np.concatenate(parts)


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


@pytest.fixture
def hand_over(make_user, local_store):
    resident = actor_of(make_user(Role.RESIDENT))

    def hand(data: bytes, filename: str = "door.mp4") -> EvidenceItem:
        upload = upload_bytes(actor=resident, data=data, metadata={"filename": filename})
        return EvidenceItem.objects.get(pk=upload.item_id)

    return hand


def render(officer, redaction: Redaction) -> EvidenceItem:
    services.render_ask(actor=officer, redaction_id=redaction.pk)
    copy = redaction_render(actor=SYSTEM, redaction_id=redaction.pk)
    assert copy is not None
    return copy


def box(x, y, w, h, start=0.0, end=0.9, end_box=None, label="face"):
    return services.RegionInput(
        label=label, box=Box(x, y, w, h), start=start, end=end, end_box=end_box
    )


# --- geometry ------------------------------------------------------------------------------


def test_a_box_moves_linearly_between_keyframes():
    keyframes = [[0.0, 0, 0, 10, 10], [1.0, 40, 20, 20, 10]]
    assert box_at(keyframes, 0.0) == Box(0, 0, 10, 10)
    assert box_at(keyframes, 0.5) == Box(20, 10, 15, 10)
    assert box_at(keyframes, 2.0) == Box(40, 20, 20, 10)  # holds after the last
    assert frames_covered(0.25, 0.45, rate=10, count=10) == range(3, 5)
    assert not frames_covered(0.31, 0.39, rate=10, count=10)


# --- rendering -----------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["solid", "blur"])
def test_inside_the_box_differs_outside_matches_and_the_original_is_untouched(
    hand_over, officer, style
):
    original = clip()
    item = hand_over(original)
    redaction = services.redaction_create(
        actor=officer, item_id=item.pk, reason="Bystander's face, for the defence", style=style
    )
    assert (redaction.width, redaction.height, redaction.frame_count) == (W, H, FRAMES)
    services.region_add(actor=officer, redaction_id=redaction.pk, data=box(16, 8, 24, 24))
    copy = render(officer, redaction)

    assert (copy.parent_id, copy.derived_purpose, copy.media_type) == (
        item.pk,
        REDACTED,
        "video/mp4",
    )
    data = stored(copy)
    assert copy.blob.sha256 == sha(data) != item.blob.sha256
    item.refresh_from_db()
    assert stored(item) == original and item.blob.sha256 == sha(original)

    before, after = frames_of(original), frames_of(data)
    plain = frames_of(reencoded(original))  # the same clip through the same encoder, unredacted
    assert len(before) == len(after) == len(plain) == FRAMES
    outside = np.ones((H, W), bool)
    outside[8 - 4 : 32 + 4, 16 - 4 : 40 + 4] = False  # the box and a margin for codec blocks
    for old, new, same in zip(before, after, plain, strict=True):
        if style == "solid":
            assert np.abs(old[8:32, 16:40] - new[8:32, 16:40]).mean() > 20
        else:  # the stripes (red) inside are gone: far less variation than in the original
            assert new[8:32, 16:40, 0].std() < old[8:32, 16:40, 0].std() / 2
        noise = np.abs(old[outside] - same[outside]).mean()  # what re-encoding alone changes
        assert np.abs(old[outside] - new[outside]).mean() <= noise * 1.25 + 1
        if style == "solid":
            assert new[10:30, 18:38].max() < 40

    redaction.refresh_from_db()
    assert (redaction.status, redaction.progress, redaction.result_id) == ("done", 100, copy.pk)
    assert selectors.playable_source(actor=officer, item=copy) == (copy, "video/mp4")
    log = redaction.log
    assert log["original_sha256"] == item.blob.sha256 and log["copy_sha256"] == copy.blob.sha256
    assert log["reason"] == "Bystander's face, for the defence"
    assert log["requested_by"] == str(officer.user_id)
    assert log["regions"][0]["frames_obscured"] == {"first": 0, "last": 9, "count": 10}
    actions = set(
        AuditEvent.objects.filter(object_id=str(redaction.pk)).values_list("action", flat=True)
    )
    assert {"redaction.created", "redaction.region_added", "redaction.render_asked",
            "redaction.rendered"} <= actions  # fmt: skip


def test_a_box_follows_its_keyframes_frame_by_frame(hand_over, officer):
    item = hand_over(clip())
    redaction = services.redaction_create(
        actor=officer, item_id=item.pk, reason="Follows a face", style="solid"
    )
    services.region_add(
        actor=officer,
        redaction_id=redaction.pk,
        data=box(0, 0, 16, 16, start=0.0, end=0.9, end_box=Box(48, 32, 16, 16)),
    )
    after = frames_of(stored(render(officer, redaction)))
    for n, frame in enumerate(after):
        expected = box_at([[0.0, 0, 0, 16, 16], [0.9, 48, 32, 16, 16]], n / RATE)
        cx, cy = expected.x + 8, expected.y + 8
        assert frame[cy - 3 : cy + 3, cx - 3 : cx + 3].max() < 40, n  # black where it should be
    assert after[9][2:6, 2:6].max() > 40  # and gone from where it started


def test_a_box_on_part_of_the_clip_leaves_the_other_frames(hand_over, officer):
    original = clip()
    item = hand_over(original)
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="solid")
    services.region_add(
        actor=officer, redaction_id=redaction.pk, data=box(16, 8, 24, 24, start=0.3, end=0.5)
    )
    copy = render(officer, redaction)
    plain, after = frames_of(reencoded(original)), frames_of(stored(copy))
    changed = [
        n
        for n in range(FRAMES)
        if np.abs(plain[n][8:32, 16:40] - after[n][8:32, 16:40]).mean() > 20
    ]
    assert changed == [3, 4, 5]
    redaction.refresh_from_db()
    assert redaction.log["regions"][0]["frames_obscured"] == {"first": 3, "last": 5, "count": 3}


def test_muted_sound_is_silent_and_the_rest_is_not(hand_over, officer):
    original = clip(sound=True, seconds=2.0)
    item = hand_over(original)
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")
    assert redaction.has_sound
    services.mute_add(actor=officer, redaction_id=redaction.pk, start=0.5, end=1.2)
    copy = render(officer, redaction)
    samples = sound_of(stored(copy))
    rate = 48_000

    def loudness(a: float, b: float) -> float:
        return float(np.sqrt(np.mean(samples[int(a * rate) : int(b * rate)] ** 2)))

    assert loudness(0.6, 1.1) < 0.005
    assert loudness(0.1, 0.4) > 0.1 and loudness(1.35, 1.8) > 0.1
    assert sha(stored(item)) == item.blob.sha256


def test_a_photo_is_redacted_into_a_png_without_its_metadata(hand_over, officer):
    picture = Image.fromarray(texture(0))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    original = out.getvalue()
    item = hand_over(original, "photo.png")
    assert item.category == "image"
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="solid")
    assert not redaction.is_video and (redaction.width, redaction.height) == (W, H)
    services.region_add(actor=officer, redaction_id=redaction.pk, data=box(10, 10, 20, 10))
    copy = render(officer, redaction)
    assert (copy.media_type, copy.category, copy.parent_id) == ("image/png", "image", item.pk)
    new = np.asarray(Image.open(io.BytesIO(stored(copy)))).astype(int)
    old = texture(0).astype(int)
    assert new[10:20, 10:30].max() == 0
    mask = np.ones((H, W), bool)
    mask[10:20, 10:30] = False
    assert (new[mask] == old[mask]).all()  # lossless outside the box
    assert stored(item) == original


# --- what the copy carries of the original's metadata ----------------------------------------

HOME_TAGS = {
    "creation_time": "2026-11-27T21:30:00.000000Z",
    "location": "+51.5412+000.7183+010.000/",
    "make": "Acme",
    "model": "Doorbell 2",
}


def tagged_clip() -> bytes:
    """The test clip as a phone's QuickTime file: its time, its GPS (a resident's home) and
    its make and model in the container's tags, and a creation time on the stream too."""
    buffer = io.BytesIO()
    with (
        av.open(io.BytesIO(clip()), mode="r") as source,
        av.open(buffer, mode="w", format="mov") as target,
    ):
        target.metadata.update(HOME_TAGS)
        stream = target.add_stream_from_template(source.streams.video[0])
        stream.metadata["creation_time"] = HOME_TAGS["creation_time"]
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is None:
                continue
            packet.stream = stream
            target.mux(packet)
    return buffer.getvalue()


def tags_of(data: bytes) -> dict[str, str]:
    """Every tag PyAV finds in a file: the container's and each stream's."""
    with av.open(io.BytesIO(data), mode="r") as container:
        found = {str(k): str(v) for k, v in container.metadata.items()}
        for stream in container.streams:
            found.update({f"stream:{k}": str(v) for k, v in stream.metadata.items()})
    return found


def test_a_redacted_video_carries_no_gps_time_or_device_tags_of_the_original(hand_over, officer):
    original = tagged_clip()
    before = tags_of(original)
    assert before["location"] == HOME_TAGS["location"] and "stream:creation_time" in before
    item = hand_over(original, "door.mov")
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")
    services.region_add(actor=officer, redaction_id=redaction.pk, data=box(4, 4, 16, 16))
    copy = render(officer, redaction)
    after = tags_of(stored(copy))
    leaked = {
        key: value
        for key, value in after.items()
        if any(word in key.lower() for word in ("location", "xyz", "creation", "make", "model"))
        or value in HOME_TAGS.values()
        or "51.5412" in value
    }
    assert leaked == {}, leaked
    assert stored(item) == original  # the original keeps its tags: it is never changed


def test_a_redacted_photo_carries_none_of_the_originals_exif(hand_over, officer):
    from PIL import ExifTags

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    exif[ExifTags.Base.DateTime] = "2026:11:27 21:30:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 32.0, 28.3)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 43.0, 5.9)
    out = io.BytesIO()
    Image.fromarray(texture(0)).save(out, format="JPEG", exif=exif)
    item = hand_over(out.getvalue(), "photo.jpg")
    assert Image.open(io.BytesIO(stored(item))).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="solid")
    services.region_add(actor=officer, redaction_id=redaction.pk, data=box(10, 10, 20, 10))
    copy = render(officer, redaction)
    with Image.open(io.BytesIO(stored(copy))) as redacted:
        assert redacted.format == "PNG"
        assert not redacted.getexif() and not redacted.info.get("exif")
        assert not redacted.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Acme" not in stored(copy)


# --- bad input -----------------------------------------------------------------------------


def test_bad_boxes_and_times_are_refused_in_words(hand_over, officer):
    item = hand_over(clip())
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")

    def refused(data) -> dict:
        with pytest.raises(ValidationFailed) as caught:
            services.region_add(actor=officer, redaction_id=redaction.pk, data=data)
        return caught.value.errors

    assert "inside the picture" in refused(box(50, 8, 24, 24))["box"][0]
    assert "same as or after the start" in refused(box(0, 0, 8, 8, start=0.5, end=0.2))["end"][0]
    assert "cover no frame" in refused(box(0, 0, 8, 8, start=0.31, end=0.39))["end"][0]
    assert "lasts" in refused(box(0, 0, 8, 8, start=5, end=6))["start"][0]
    with pytest.raises(ValidationFailed) as caught:
        services.render_ask(actor=officer, redaction_id=redaction.pk)
    assert "at least one box" in caught.value.errors["redaction"][0]
    with pytest.raises(ValidationFailed) as caught:
        services.mute_add(actor=officer, redaction_id=redaction.pk, start=0.1, end=0.5)
    assert "no sound" in caught.value.errors["start"][0]


def test_a_file_whose_pictures_cannot_be_read_is_refused_in_words(hand_over, officer):
    from lantern.evidence.tests.factories import clip as boxes_of_noise

    data = clip()
    for broken in (boxes_of_noise(2000), data[: len(data) // 3]):
        item = hand_over(broken, "door.mp4")
        with pytest.raises(ValidationFailed) as caught:
            services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")
        assert caught.value.errors == {
            "item": ["Lantern cannot read this file's pictures, so it cannot be redacted"]
        }
    assert not Redaction.objects.exists()


def test_a_recording_cut_short_is_redacted_as_far_as_it_goes_and_says_so(hand_over, officer):
    whole = reencoded(clip(seconds=3.0))  # faststart: the index survives the cut
    item = hand_over(whole[: len(whole) * 2 // 3], "door.mp4")
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")
    services.region_add(actor=officer, redaction_id=redaction.pk, data=box(4, 4, 16, 16))
    copy = render(officer, redaction)
    redaction.refresh_from_db()
    assert redaction.status == Redaction.Status.DONE
    assert redaction.log.get("stopped", "").startswith("the original")
    assert 0 < len(frames_of(stored(copy))) < 30


# --- suggestions ---------------------------------------------------------------------------


def plate_picture() -> np.ndarray:
    """A grey picture with a white number plate (dark characters) drawn on it."""
    gray = np.full((240, 400), 90, np.uint8)
    (tw, th), _ = cv2.getTextSize("A123BC77", cv2.FONT_HERSHEY_SIMPLEX, 1.0, 3)
    cv2.rectangle(gray, (30, 120 - th - 10), (50 + tw, 132), 255, -1)
    cv2.rectangle(gray, (30, 120 - th - 10), (50 + tw, 132), 0, 2)
    cv2.putText(gray, "A123BC77", (40, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 3)
    return gray


def test_the_cascades_find_a_drawn_plate_as_a_box_inside_the_picture():
    found = detect(plate_picture())
    assert found and all(label in ("face", "plate") for label, _ in found)
    plate = Box(30, 120 - 40, 200, 60)
    labels = [label for label, b in found if b.iou(plate) > 0.2]
    assert "plate" in labels
    for _, b in found:
        assert b.clipped(400, 240) == b and b.w > 0 and b.h > 0


def test_detections_on_successive_samples_join_into_one_track():
    tracks = track(
        [
            (0.0, [("face", Box(0, 0, 20, 20)), ("plate", Box(100, 100, 40, 10))]),
            (0.5, [("face", Box(4, 2, 20, 20))]),
            (1.0, [("face", Box(8, 4, 20, 20)), ("face", Box(200, 200, 20, 20))]),
        ]
    )
    faces = [t.keyframes for t in tracks if t.label == "face"]
    assert faces[0] == [[0.0, 0, 0, 20, 20], [0.5, 4, 2, 20, 20], [1.0, 8, 4, 20, 20]]
    assert len(faces) == 2 and len(tracks) == 3


def test_suggestions_on_a_photo_then_accept_and_reject_from_the_page(
    hand_over, officer, signed_in, django_capture_on_commit_callbacks
):
    out = io.BytesIO()
    Image.fromarray(cv2.cvtColor(plate_picture(), cv2.COLOR_GRAY2RGB)).save(out, format="PNG")
    item = hand_over(out.getvalue(), "car.png")
    client = signed_in(Role.POLICE_OFFICER)
    start = client.post(
        reverse("evidence:item-redact", args=[item.pk]), {"reason": "Plates", "style": "solid"}
    )
    redaction = Redaction.objects.get(item=item)
    assert start.status_code == 302 and start["Location"] == reverse(
        "evidence:redaction", args=[redaction.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:redaction-suggest", args=[redaction.pk]))
    suggestions = list(redaction.suggestions.all())
    assert any(s.label == "plate" for s in suggestions)
    for s in suggestions:
        assert s.keyframes[0][0] == 0.0 and len(s.keyframes[0]) == 5
    page = html.unescape(
        client.get(reverse("evidence:redaction", args=[redaction.pk])).content.decode()
    )
    assert "Suggestion 1: a number plate" in page or "Suggestion 1: a face" in page
    decide = reverse("evidence:redaction-decide", args=[redaction.pk])
    first = suggestions[0]
    client.post(decide, {"suggestion": str(first.pk), "decision": "accept"})
    first.refresh_from_db()
    assert first.decision == "accepted" and first.region.keyframes == first.keyframes
    if len(suggestions) > 1:
        client.post(decide, {"suggestion": str(suggestions[1].pk), "decision": "reject"})
        suggestions[1].refresh_from_db()
        assert suggestions[1].decision == "rejected" and suggestions[1].region_id is None
    again = client.post(decide, {"suggestion": str(first.pk), "decision": "reject"})
    assert again.status_code == 302
    assert redaction.regions.count() == 1  # deciding twice changes nothing
    actions = list(
        AuditEvent.objects.filter(object_id=str(redaction.pk)).values_list("action", flat=True)
    )
    assert "redaction.suggestions_asked" in actions and "redaction.suggested" in actions
    assert "redaction.suggestion_accepted" in actions
    # A re-run replaces only undecided suggestions.
    Redaction.objects.filter(pk=redaction.pk).update(search="searching")
    suggestions_make(actor=SYSTEM, redaction_id=redaction.pk)
    assert redaction.suggestions.filter(decision=RedactionSuggestion.Decision.ACCEPTED).count() == 1


# --- pages ---------------------------------------------------------------------------------


def test_the_editor_adds_boxes_shows_errors_and_progress(hand_over, signed_in):
    item = hand_over(clip())
    client = signed_in(Role.POLICE_OFFICER)
    item_page = client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert reverse("evidence:item-redact", args=[item.pk]) in item_page
    missing = client.post(reverse("evidence:item-redact", args=[item.pk]), {"style": "blur"})
    assert "Say why you are redacting this item" in html.unescape(missing.content.decode())
    client.post(reverse("evidence:item-redact", args=[item.pk]), {"reason": "x", "style": "blur"})
    redaction = Redaction.objects.get(item=item)
    url = reverse("evidence:redaction", args=[redaction.pk])
    page = client.get(url + "?at=0.5")
    assert page.status_code == 200 and "Frame at 0.50 seconds" in page.content.decode()
    # Drawing a box needs the page's script, which shows its words; the form needs none.
    assert "data-redaction-draw hidden" in page.content.decode()

    frame = client.get(reverse("evidence:redaction-frame", args=[redaction.pk]) + "?at=0.5")
    assert frame["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(frame.content)).size == (W, H)
    viewed = AuditEvent.objects.filter(object_id=str(item.pk), action="evidence.viewed")
    assert any("redaction frame" in str(e.details) for e in viewed)

    add = reverse("evidence:redaction-box", args=[redaction.pk])
    fields = {"label": "face", "x": "50", "y": "0", "width": "30", "height": "10",
              "start": "0", "end": "0.5"}  # fmt: skip
    outside = html.unescape(client.post(add, fields).content.decode())
    assert "There is a problem" in outside and "The box must be inside the picture" in outside
    backwards = html.unescape(
        client.post(add, {**fields, "x": "0", "start": "0.6"}).content.decode()
    )
    assert "The end time must be the same as or after the start time" in backwards
    assert client.post(add, {**fields, "x": "0"}).status_code == 302
    assert redaction.regions.count() == 1

    check = reverse("evidence:redaction-check", args=[redaction.pk])
    assert "Check the redaction" in client.get(check).content.decode()
    sent = client.post(check)
    assert sent.status_code == 302  # the render task is queued on commit
    redaction.refresh_from_db()
    assert redaction.status == "rendering"
    Redaction.objects.filter(pk=redaction.pk).update(progress=40)
    progress = html.unescape(client.get(url).content.decode())
    assert 'max="100"' in progress and 'value="40"' in progress and "data-redaction-bar" in progress
    status = progress[progress.index('role="status"') :]
    assert status.index("Making the redacted copy: 40% done.") < status.index("</div>")
    assert 'http-equiv="refresh"' not in progress and "hx-trigger" not in progress
    assert "Refresh the page to see how far it has got" in progress  # the way without scripts
    progress_url = reverse("evidence:redaction-progress", args=[redaction.pk])
    assert f'data-progress-url="{progress_url}"' in progress
    assert client.get(progress_url).json() == {
        "status": "rendering",
        "progress": 40,
        "words": "Making the redacted copy: 40% done.",
    }
    assert client.post(progress_url).status_code == 405
    late = html.unescape(client.post(add, {**fields, "x": "0"}).content.decode())
    assert "start a new one to change it" in late and redaction.regions.count() == 1  # frozen


def test_only_officers_of_the_items_partnership_may_redact(hand_over, signed_in, officer, far):
    item = hand_over(clip())
    redaction = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")
    for role, org in ((Role.SAFEGUARDING_LEAD, "default"), (Role.POLICE_OFFICER, "far_police")):
        client = signed_in(role, org)
        assert client.get(reverse("evidence:item-redact", args=[item.pk])).status_code in (403, 404)
        for name in (
            "evidence:redaction",
            "evidence:redaction-frame",
            "evidence:redaction-progress",
        ):
            assert client.get(reverse(name, args=[redaction.pk])).status_code in (403, 404)
        posted = client.post(
            reverse("evidence:redaction-box", args=[redaction.pk]),
            {"label": "face", "x": "0", "y": "0", "width": "8", "height": "8", "start": "0",
             "end": "0.5"},
        )  # fmt: skip
        assert posted.status_code in (403, 404)
    assert not redaction.regions.exists()


def test_a_box_mute_or_suggestion_of_another_redaction_is_refused(hand_over, signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    item = hand_over(clip())
    mine = services.redaction_create(actor=officer, item_id=item.pk, reason="x", style="blur")
    other = services.redaction_create(actor=officer, item_id=item.pk, reason="y", style="blur")
    region = services.region_add(actor=officer, redaction_id=other.pk, data=box(0, 0, 8, 8))
    suggestion = RedactionSuggestion.objects.create(
        redaction=other, label="face", keyframes=[[0.0, 0, 0, 8, 8]], end=0.5
    )
    decide = client.post(
        reverse("evidence:redaction-decide", args=[mine.pk]),
        {"suggestion": str(suggestion.pk), "decision": "accept"},
    )
    remove = client.post(
        reverse("evidence:redaction-remove", args=[mine.pk]), {"region": str(region.pk)}
    )
    assert decide.status_code == remove.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.decision == "pending" and other.regions.count() == 1
