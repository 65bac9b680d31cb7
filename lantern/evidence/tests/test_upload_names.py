"""A file keeps the name its uploader's client sent in the tus Upload-Metadata header
(``filename``, tusd's key, or ``name``, Uppy's), and a file sent without one is called
"upload": never "undefined", which Uppy once sent for a meta field the file did not have."""

from __future__ import annotations

import base64

import pytest

from lantern.core.actor import SYSTEM
from lantern.evidence import services
from lantern.evidence.models import EvidenceItem, Upload
from lantern.evidence.tests.factories import clip, new_id
from lantern.evidence.upload_checks import (
    DEFAULT_FILENAME,
    clean_filename,
    filename_from_metadata,
)

pytestmark = pytest.mark.django_db

OFFSET_TYPE = "application/offset+octet-stream"


def _meta(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


@pytest.fixture
def token(orgs):
    return services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=new_id())


def _upload(client, token: str, metadata: str) -> EvidenceItem:
    """Create and finish a tus upload in one request (creation-with-upload), as Uppy does
    for a small file."""
    data = clip()
    headers = {
        "HTTP_TUS_RESUMABLE": "1.0.0",
        "HTTP_LANTERN_UPLOAD_TOKEN": token,
        "HTTP_UPLOAD_LENGTH": str(len(data)),
    }
    if metadata:
        headers["HTTP_UPLOAD_METADATA"] = metadata
    answer = client.post("/uploads/", data, content_type=OFFSET_TYPE, **headers)
    assert answer.status_code == 201, answer.content
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.COMPLETE
    assert upload.item_id is not None
    return EvidenceItem.objects.get(pk=upload.item_id)


def test_the_filename_metadata_names_the_item(client, local_store, token):
    item = _upload(client, token, _meta(filename="doorbell 27 Nov.mp4", filetype="video/mp4"))
    assert item.filename == "doorbell 27 Nov.mp4"


def test_what_uppy_sends_names_the_item(client, local_store, token):
    """Uppy's tus plugin sends the file's "name" and "type" meta fields and copies them to
    "filename" and "filetype"."""
    meta = _meta(name="hallway.mp4", type="video/mp4", filename="hallway.mp4", link_kind="")
    assert _upload(client, token, meta).filename == "hallway.mp4"


def test_name_alone_names_the_item(client, local_store, token):
    assert _upload(client, token, _meta(name="garden.mp4")).filename == "garden.mp4"


def test_a_file_sent_without_a_name_is_called_upload(client, local_store, token):
    assert _upload(client, token, "").filename == DEFAULT_FILENAME == "upload"


def test_undefined_is_never_a_name(client, local_store, token):
    """What the old page sent: "filename" as the text "undefined", with no "name"."""
    item = _upload(client, token, _meta(filename="undefined", filetype="undefined"))
    assert item.filename == "upload"


def test_undefined_filename_gives_way_to_the_name(client, local_store, token):
    assert _upload(client, token, _meta(filename="undefined", name="car.mp4")).filename == (
        "car.mp4"
    )


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("clip.mp4", "clip.mp4"),
        ("  clip.mp4  ", "clip.mp4"),
        ("../../etc/clip.mp4", "../../etc/clip.mp4"),  # metadata only, never a path
        ("undefined", ""),
        ("NULL", ""),
        ("   ", ""),
        ("", ""),
    ],
)
def test_clean_filename(sent, kept):
    assert clean_filename(sent) == kept


def test_a_long_name_keeps_its_extension():
    kept = clean_filename("a" * 300 + ".mp4")
    assert len(kept) == 255 and kept.endswith(".mp4")


def test_filename_from_metadata_prefers_filename():
    assert filename_from_metadata({"filename": "one.mp4", "name": "two.mp4"}) == "one.mp4"
    assert filename_from_metadata({}) == "upload"
