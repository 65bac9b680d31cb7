"""Playable copies and playback: each recording handed over gets an H.264/AAC MP4 copy
(faststart) naming its parent, made in the background; unreadable or cut-short files are
flagged, never crash the task; the copy streams with HTTP Range requests behind the same
permission layer as the item's download, one custody event per playback start."""

from __future__ import annotations

import io
import math
from datetime import timedelta

import av
import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.evidence import playable, selectors
from lantern.evidence.blobstore import blob_store
from lantern.evidence.models import PLAYABLE, POSTER, EvidenceItem, ItemFlag
from lantern.evidence.tests.factories import sha, upload_bytes
from lantern.evidence.views.playback import Unsatisfiable, byte_range

pytestmark = pytest.mark.django_db
# Transcoding is the same whatever the database: these run in the SQLite pass alone.
MEDIA_ONLY = pytest.mark.database_independent


def recording(fmt: str = "webm", *, seconds: int = 2, sound: bool = True) -> bytes:
    """A few frames of VP8 in WebM (or MPEG-4 Part 2 in AVI), with a tone as sound."""
    video_codec, audio_codec = {"webm": ("libvpx", "libopus"), "avi": ("mpeg4", "mp3")}[fmt]
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as container:
        video = container.add_stream(video_codec, rate=10)
        assert isinstance(video, av.VideoStream)
        video.width, video.height, video.pix_fmt = 320, 240, "yuv420p"
        audio = container.add_stream(audio_codec, rate=48_000) if sound else None
        assert isinstance(audio, av.AudioStream | None)
        for n in range(seconds * 10):
            picture = np.full((240, 320, 3), 30, np.uint8)
            picture[:, (n * 13) % 300 : (n * 13) % 300 + 20] = 230
            container.mux(video.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        container.mux(video.encode(None))
        if audio is not None:
            size, rate = audio.codec_context.frame_size or 1152, 48_000
            for start in range(0, seconds * rate, size):
                tone = np.sin(2 * math.pi * 440 * np.arange(start, start + size) / rate)
                frame = av.AudioFrame.from_ndarray(
                    (tone * 0.2).astype(np.float32).reshape(1, -1), format="flt", layout="mono"
                )
                frame.sample_rate, frame.pts = rate, start
                container.mux(audio.encode(frame))
            container.mux(audio.encode(None))
    return buffer.getvalue()


def streams_of(data: bytes) -> list[tuple[str, str]]:
    with av.open(io.BytesIO(data)) as container:
        return [(s.type, s.codec_context.name) for s in container.streams]


def stored(item: EvidenceItem) -> bytes:
    with blob_store().open(item.blob.sha256) as stream:
        return stream.read()


@pytest.fixture
def hand_over(make_user, local_store, django_capture_on_commit_callbacks):
    """A resident hands a file over; the background tasks queued on commit run at once."""
    resident = actor_of(make_user(Role.RESIDENT))

    def hand(data: bytes, audio: str = "yes") -> EvidenceItem:
        with django_capture_on_commit_callbacks(execute=True):
            upload = upload_bytes(
                actor=resident, data=data, metadata={"filename": "door.webm", "audio": audio}
            )
        return EvidenceItem.objects.get(pk=upload.item_id)

    hand.resident = resident
    return hand


def _events(item: EvidenceItem, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(item.pk), action=action).order_by("seq"))


# --- making the copy ----------------------------------------------------------------------------


@MEDIA_ONLY
@pytest.mark.parametrize("fmt", ["webm", "avi"])
def test_a_recording_gets_an_h264_aac_faststart_copy_naming_its_parent(hand_over, fmt):
    original = recording(fmt)
    item = hand_over(original)
    copy = item.derivatives.get(derived_purpose=PLAYABLE)
    data = stored(copy)
    assert streams_of(data) == [("video", "h264"), ("audio", "aac")]
    assert data[4:8] == b"ftyp" and data.find(b"moov") < data.find(b"mdat")  # faststart
    assert (copy.parent_id, copy.media_type, copy.category) == (item.pk, "video/mp4", "video")
    assert copy.blob.sha256 == sha(data) and copy.blob.size == len(data)
    assert copy.partnership_id == item.partnership_id and copy.has_audio
    # The original: the same bytes and record, no flag.
    assert stored(item) == original and item.blob.sha256 == sha(original)
    assert not item.flags.exists()
    derived = _events(item, "evidence.derived")
    assert any(str(copy.pk) in str(e.details) and PLAYABLE in str(e.details) for e in derived)
    # Made once: a second run finds it.
    assert playable.playable_make(actor=SYSTEM, item_id=item.pk) == copy


@MEDIA_ONLY
def test_sound_the_uploader_said_was_not_recorded_is_left_out_and_flagged(hand_over):
    item = hand_over(recording(), audio="no")
    copy = item.derivatives.get(derived_purpose=PLAYABLE)
    assert streams_of(stored(copy)) == [("video", "h264")]
    assert not copy.has_audio
    assert list(item.flags.values_list("code", flat=True)) == ["sound_not_declared"]
    assert streams_of(stored(item))[1][0] == "audio"  # the original keeps its sound


def test_no_sound_track_no_flag(hand_over):
    item = hand_over(recording(sound=False), audio="no")
    assert streams_of(stored(item.derivatives.get(derived_purpose=PLAYABLE))) == [("video", "h264")]
    assert not item.flags.exists()


@MEDIA_ONLY
def test_a_cut_short_recording_gets_a_partial_copy_and_a_flag(hand_over):
    whole = recording(seconds=6)
    item = hand_over(whole[: len(whole) // 2])
    copy = item.derivatives.get(derived_purpose=PLAYABLE)
    assert streams_of(stored(copy))[0] == ("video", "h264")
    flag = item.flags.get(code=ItemFlag.Code.PLAYABLE_COPY_PARTIAL)
    assert "the copy stops after" in flag.detail
    assert "playable_copy_partial" in str(_events(item, "evidence.flagged")[-1].details)


@MEDIA_ONLY
def test_an_unreadable_recording_is_flagged_and_the_task_ends_cleanly(hand_over):
    # An MP4 cut before its index: accepted (and flagged on arrival), but nothing decodes.
    whole = recording()
    broken = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + whole[200:400]
    item = hand_over(broken)
    assert not item.derivatives.filter(derived_purpose=PLAYABLE).exists()
    flag = item.flags.get(code=ItemFlag.Code.NO_PLAYABLE_COPY)
    assert flag.detail
    assert stored(item) == broken
    # Tried once: a second run gives up at once, and adds nothing.
    assert playable.playable_make(actor=SYSTEM, item_id=item.pk) is None
    assert item.flags.filter(code=ItemFlag.Code.NO_PLAYABLE_COPY).count() == 1
    assert selectors.playback_for(actor=SYSTEM, items=[item])[item.pk].failed


def test_the_hourly_sweep_makes_missing_copies(make_user, local_store):
    import time_machine

    resident = actor_of(make_user(Role.RESIDENT))
    waiting = upload_bytes(actor=resident, data=recording(seconds=1)).item  # its task was lost
    assert waiting is not None
    assert playable.playables_catch_up(actor=SYSTEM) == 0  # too new: its own task may run
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert playable.playables_catch_up(actor=SYSTEM) == 1
        assert playable.playables_catch_up(actor=SYSTEM) == 0  # nothing left
    assert waiting.derivatives.filter(derived_purpose=PLAYABLE).count() == 1


def test_only_recordings_get_a_copy(hand_over):
    from lantern.evidence.synthetic import photo_jpeg

    photo = hand_over(photo_jpeg(seed=1))
    assert playable.playable_make(actor=SYSTEM, item_id=photo.pk) is None
    assert not photo.derivatives.filter(derived_purpose=PLAYABLE).exists()


# --- Range requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=10-", (10, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-5000", (990, 999)),
        ("bytes=5-2", None),  # not valid: the whole file
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
    ],
)
def test_byte_ranges(header, expected):
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=2000-3000", "bytes=-0"])
def test_unsatisfiable_ranges(header):
    with pytest.raises(Unsatisfiable):
        byte_range(header, 1000)


@pytest.fixture
def played(hand_over):
    item = hand_over(recording())
    copy = item.derivatives.get(derived_purpose=PLAYABLE)
    return item, copy, stored(copy)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_copy_streams_with_ranges(played, signed_in):
    item, _copy, data = played
    officer = signed_in(Role.POLICE_OFFICER)
    url = reverse("evidence:item-play", args=[item.pk])
    assert url == f"/evidence/items/{item.pk}/play/"
    whole = officer.get(url)
    assert whole.status_code == 200 and _body(whole) == data
    assert whole["Accept-Ranges"] == "bytes" and whole["Content-Type"] == "video/mp4"
    assert whole["Content-Disposition"] == "inline"
    assert whole["Cache-Control"].startswith("private, no-store")
    assert whole["Content-Length"] == str(len(data))
    size = len(data)
    for header, first, last in [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, size - 1),
        ("bytes=-50", size - 50, size - 1),
        (f"bytes=10-{size + 100}", 10, size - 1),
    ]:
        part = officer.get(url, headers={"Range": header})
        assert part.status_code == 206, header
        assert part["Content-Range"] == f"bytes {first}-{last}/{size}"
        assert _body(part) == data[first : last + 1]
        assert part["Content-Length"] == str(last - first + 1)
    refused = officer.get(url, headers={"Range": f"bytes={size}-"})
    assert refused.status_code == 416 and refused["Content-Range"] == f"bytes */{size}"
    # A player that had another copy (If-Range) is sent this one whole.
    stale = officer.get(url, headers={"Range": "bytes=5-", "If-Range": '"other"'})
    assert stale.status_code == 200 and _body(stale) == data


def test_one_custody_event_per_playback_start(played, signed_in):
    item, copy, _ = played
    officer = signed_in(Role.POLICE_OFFICER)
    url = reverse("evidence:item-play", args=[item.pk])
    before = len(_events(item, "evidence.viewed"))
    _body(officer.get(url, headers={"Range": "bytes=0-"}))  # the player starts
    for header in ("bytes=1000-1999", "bytes=2000-", "bytes=-100"):  # and seeks
        _body(officer.get(url, headers={"Range": header}))
    viewed = _events(item, "evidence.viewed")[before:]
    assert len(viewed) == 1
    assert "playback" in str(viewed[0].details) and str(copy.pk) in str(viewed[0].details)
    _body(officer.get(url))  # played again from the start
    assert len(_events(item, "evidence.viewed")[before:]) == 2


def test_playback_is_behind_the_permission_layer(played, signed_in, far):
    item, _copy, _ = played
    url = reverse("evidence:item-play", args=[item.pk])
    assert signed_in(Role.POLICE_OFFICER, "far_police").get(url).status_code == 404
    # Residents play nothing, their own uploads included, as with downloads (403).
    client = signed_in(Role.RESIDENT)
    client.force_login(hand_over_user(item))
    assert client.get(url).status_code == 403
    assert client.get(reverse("evidence:item-download", args=[item.pk])).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    assert not [e for e in _events(item, "evidence.viewed") if "playback" in str(e.details)]


def hand_over_user(item: EvidenceItem):
    from django.contrib.auth import get_user_model

    assert item.submitted_by is not None
    return get_user_model().objects.get(pk=item.submitted_by)


def test_an_item_with_nothing_to_play_is_404(hand_over, signed_in):
    from lantern.evidence.synthetic import photo_jpeg

    photo = hand_over(photo_jpeg(seed=2))
    officer = signed_in(Role.POLICE_OFFICER)
    assert officer.get(reverse("evidence:item-play", args=[photo.pk])).status_code == 404


def test_ranges_on_s3(s3_store, make_user, django_capture_on_commit_callbacks, signed_in):
    resident = actor_of(make_user(Role.RESIDENT))
    with django_capture_on_commit_callbacks(execute=True):
        upload = upload_bytes(actor=resident, data=recording(), metadata={"audio": "yes"})
    item = EvidenceItem.objects.get(pk=upload.item_id)
    data = stored(item.derivatives.get(derived_purpose=PLAYABLE))
    officer = signed_in(Role.POLICE_OFFICER)
    url = reverse("evidence:item-play", args=[item.pk])
    part = officer.get(url, headers={"Range": "bytes=100-4195"})
    assert part.status_code == 206 and _body(part) == data[100:4196]
    assert b"".join(blob_store().read_range(sha(data), 0, len(data) - 1)) == data


# --- the player -----------------------------------------------------------------------------------


def test_the_item_page_plays_the_copy(played, signed_in):
    item, _copy, _ = played
    page = signed_in(Role.POLICE_OFFICER).get(reverse("evidence:item", args=[item.pk]))
    html = page.content.decode()
    assert '<video class="lantern-player__video" controls preload="metadata"' in html
    assert f'src="{reverse("evidence:item-play", args=[item.pk])}"' in html
    assert f'poster="{reverse("evidence:item-preview", args=[item.pk])}"' in html
    assert reverse("evidence:item-download", args=[item.pk]) in html
    assert "being made" not in html


def test_while_the_copy_is_made_the_page_says_so(make_user, local_store, signed_in):
    resident = actor_of(make_user(Role.RESIDENT))
    upload = upload_bytes(actor=resident, data=recording())  # the tasks have not run
    page = signed_in(Role.POLICE_OFFICER).get(reverse("evidence:item", args=[upload.item_id]))
    html = page.content.decode()
    assert "A playable copy is being made: refresh in a minute." in html
    assert "<video" not in html


def test_playback_for_many_items_in_a_fixed_number_of_queries(
    hand_over, make_user, django_assert_max_num_queries
):
    items = [hand_over(recording(seconds=1)) for _ in range(3)]
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    with django_assert_max_num_queries(6):
        found = selectors.playback_for(actor=officer, items=items)
    for item in items:
        assert found[item.pk].playable == item.derivatives.get(derived_purpose=PLAYABLE)
        assert found[item.pk].poster is item.derivatives.filter(derived_purpose=POSTER).exists()
    resident = hand_over.resident
    assert not any(p.playable for p in selectors.playback_for(actor=resident, items=items).values())
