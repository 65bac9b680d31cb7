"""Derived copies: a thumbnail of each photo and a poster frame of each video, stored as blobs
of their own, linked to the original with a ``derived`` custody event, shown to officers on
the item's page. The original's bytes and record never change."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.evidence import previews
from lantern.evidence.blobstore import blob_store
from lantern.evidence.models import EvidenceItem
from lantern.evidence.synthetic import clip_mp4, photo_jpeg
from lantern.evidence.tests.factories import clip, sha, upload_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(make_user):
    return actor_of(make_user(Role.RESIDENT))


def _hand_over(resident, data: bytes, django_capture_on_commit_callbacks) -> EvidenceItem:
    # The preview is made by the background task queued when the item is stored.
    with django_capture_on_commit_callbacks(execute=True):
        upload = upload_bytes(actor=resident, data=data, metadata={"filename": "x"})
    return EvidenceItem.objects.get(pk=upload.item_id)


def _events(item: EvidenceItem) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="evidence_item", object_id=str(item.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def _picture(item: EvidenceItem) -> Image.Image:
    with blob_store().open(item.blob.sha256) as stream:
        image = Image.open(io.BytesIO(stream.read()))
        image.load()
    return image


def test_photo_gets_a_thumbnail_and_the_original_is_unchanged(
    local_store, resident, django_capture_on_commit_callbacks
):
    photo = photo_jpeg(width=1600, height=1200, seed=2)
    item = _hand_over(resident, photo, django_capture_on_commit_callbacks)
    thumb = item.derivatives.get()
    assert thumb.derived_purpose == previews.THUMBNAIL
    assert (thumb.media_type, thumb.category) == ("image/jpeg", "image")
    assert thumb.blob.sha256 != item.blob.sha256
    assert max(_picture(thumb).size) == previews.EDGE and _picture(thumb).size[0] > 0
    # The original: the same bytes, the same record, its own blob.
    with blob_store().open(item.blob.sha256) as stream:
        assert sha(stream.read()) == sha(photo) == item.blob.sha256
    item.refresh_from_db()
    assert item.parent_id is None and item.media_type == "image/jpeg"
    # Custody: the original and the copy each record the derivation, naming each other
    # (then the original's metadata is read, its task queued after the preview's).
    assert _events(item)[-2:] == ["evidence.derived", "evidence.metadata_read"]
    assert _events(thumb) == ["evidence.derived"]
    event = AuditEvent.objects.get(object_id=str(item.pk), action="evidence.derived")
    assert str(thumb.pk) in event.details and "thumbnail" in event.details


def test_video_gets_a_poster_frame(local_store, resident, django_capture_on_commit_callbacks):
    item = _hand_over(resident, clip_mp4(seconds=1, seed=3), django_capture_on_commit_callbacks)
    assert item.category == "video"
    poster = item.derivatives.get(derived_purpose=previews.POSTER)
    assert poster.derived_purpose == previews.POSTER
    assert _picture(poster).size == (320, 240)
    assert "evidence.derived" in _events(item)


def test_unreadable_or_unsuitable_files_get_no_preview(
    local_store, resident, django_capture_on_commit_callbacks
):
    # An MP4 header followed by noise: accepted as a video, but no picture can be decoded.
    broken = _hand_over(resident, clip(), django_capture_on_commit_callbacks)
    pdf = _hand_over(resident, b"%PDF-1.4\n" + bytes(300), django_capture_on_commit_callbacks)
    assert not EvidenceItem.objects.filter(parent__in=[broken, pdf]).exists()
    assert "evidence.derived" not in _events(broken)


def test_making_previews_twice_makes_one(local_store, resident, django_capture_on_commit_callbacks):
    item = _hand_over(resident, photo_jpeg(seed=8), django_capture_on_commit_callbacks)
    again = previews.previews_make(actor=SYSTEM, item_id=item.pk)
    assert again == item.derivatives.get()
    thumb = again
    assert previews.previews_make(actor=SYSTEM, item_id=thumb.pk) is None  # no preview of one


def test_officers_see_the_preview_on_the_item_page(
    local_store, make_user, signed_in, django_capture_on_commit_callbacks
):
    owner = actor_of(make_user(Role.RESIDENT))
    item = _hand_over(owner, photo_jpeg(seed=9), django_capture_on_commit_callbacks)
    thumb = item.derivatives.get()
    officer = signed_in(Role.POLICE_OFFICER)
    page = officer.get(reverse("evidence:item", args=[item.pk])).content.decode()
    preview_url = reverse("evidence:item-preview", args=[item.pk])
    assert preview_url in page and "Derived copies" in page and thumb.blob.sha256 in page
    shown = officer.get(preview_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert sha(b"".join(shown.streaming_content)) == thumb.blob.sha256
    assert "evidence.viewed" in _events(thumb)
    # The copy's own page names its original; the list shows originals only.
    copy_page = officer.get(reverse("evidence:item", args=[thumb.pk])).content.decode()
    assert reverse("evidence:item", args=[item.pk]) in copy_page
    listing = officer.get(reverse("evidence:items")).content.decode()
    assert reverse("evidence:item", args=[item.pk]) in listing
    assert reverse("evidence:item", args=[thumb.pk]) not in listing


def test_residents_do_not_get_previews(local_store, signed_in, django_capture_on_commit_callbacks):
    client = signed_in(Role.RESIDENT)
    item = _hand_over(
        actor_of(client.user), photo_jpeg(seed=10), django_capture_on_commit_callbacks
    )
    assert client.get(reverse("evidence:item-preview", args=[item.pk])).status_code in (403, 404)
