"""Flags from the content checks, end to end: the bytes are stored unchanged; the flags are
kept on the item and in its chain of custody; the uploader is told in the tus answer and on
the receipt; officers see them explained on the item's page and in the API."""

from __future__ import annotations

import base64
import io
import json
import uuid

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.core.media import MediaFile
from lantern.evidence import selectors, services
from lantern.evidence.blobstore import blob_store
from lantern.evidence.intake import KEEPER
from lantern.evidence.models import EvidenceItem, ItemFlag
from lantern.evidence.tests.factories import clip, new_id, sha, upload_bytes
from lantern.evidence.tests.test_contentchecks import ACTIVE_PDF, jpeg, zip_bytes

POLYGLOT = jpeg() + zip_bytes()
PHOTO_EXPLAINED = "This photo has other data hidden after the picture."
OFFSET_TYPE = "application/offset+octet-stream"


@pytest.fixture
def resident(make_user):
    return actor_of(make_user(Role.RESIDENT))


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


def test_a_polyglot_photo_is_kept_byte_for_byte_and_flagged_in_its_custody(
    local_store, resident, officer
):
    item = upload_bytes(actor=resident, data=POLYGLOT, metadata={"filename": "p.jpg"}).item
    assert item.media_type == "image/jpeg"
    assert item.blob.sha256 == sha(POLYGLOT)
    with blob_store().open(item.blob.sha256) as stored:
        assert stored.read() == POLYGLOT
    (flag,) = selectors.item_flags(actor=officer, item=item)
    assert flag.code == ItemFlag.Code.IMAGE_TRAILING_DATA
    assert f"from byte {len(jpeg()):,}" in flag.detail
    events = selectors.custody_timeline(actor=officer, item=item)
    assert [e.action for e in events] == [
        "evidence.received",
        "evidence.hashed",
        "evidence.stored",
        "evidence.flagged",
        "evidence.linked",  # to the report it came with
    ]
    assert json.loads(events[3].details) == {"flags": ["image_trailing_data"]}


def test_a_clean_upload_has_no_flags_and_no_flag_event(local_store, resident, officer):
    item = upload_bytes(actor=resident, data=jpeg()).item
    assert not selectors.item_flags(actor=officer, item=item).exists()
    actions = [e.action for e in selectors.custody_timeline(actor=officer, item=item)]
    assert "evidence.flagged" not in actions


def test_only_those_who_may_see_the_item_see_its_flags(local_store, resident, make_user):
    item = upload_bytes(actor=resident, data=POLYGLOT).item
    assert selectors.item_flags(actor=resident, item=item).count() == 1  # the uploader
    neighbour = actor_of(make_user(Role.RESIDENT))
    assert not selectors.item_flags(actor=neighbour, item=item).exists()


# --- the uploader is told: the tus answer ---------------------------------------------------------


def _tus_headers(token: str, length: int, **extra: str) -> dict[str, str]:
    return {
        "HTTP_TUS_RESUMABLE": "1.0.0",
        "HTTP_LANTERN_UPLOAD_TOKEN": token,
        "HTTP_UPLOAD_LENGTH": str(length),
        "HTTP_UPLOAD_METADATA": "filename " + base64.b64encode(b"letter.pdf").decode(),
        **extra,
    }


@pytest.fixture
def token(orgs):  # the test partnership, which the stand-in report belongs to
    return services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=new_id())


def test_the_last_patch_and_a_later_head_tell_the_uploader(client, local_store, token):
    started = client.post(
        "/uploads/", b"", content_type=OFFSET_TYPE, **_tus_headers(token, len(ACTIVE_PDF))
    )
    assert started.status_code == 201
    assert "Lantern-Evidence-Flags" not in started.headers
    location = started.headers["Location"]
    half = len(ACTIVE_PDF) // 2
    common = {"HTTP_TUS_RESUMABLE": "1.0.0", "HTTP_LANTERN_UPLOAD_TOKEN": token}
    first = client.patch(
        location, ACTIVE_PDF[:half], content_type=OFFSET_TYPE, HTTP_UPLOAD_OFFSET="0", **common
    )
    assert first.status_code == 204
    assert "Lantern-Evidence-Notice" not in first.headers  # not finished yet
    last = client.patch(
        location,
        ACTIVE_PDF[half:],
        content_type=OFFSET_TYPE,
        HTTP_UPLOAD_OFFSET=str(half),
        **common,
    )
    assert last.status_code == 204
    assert last.headers["Lantern-Evidence-Flags"] == "pdf_javascript,pdf_automatic_action"
    assert (
        "This PDF contains scripts or automatic actions" in last.headers["Lantern-Evidence-Notice"]
    )
    assert "kept it exactly as you sent it" in last.headers["Lantern-Evidence-Notice"]
    again = client.head(location, **common)
    assert again.status_code == 200
    assert again.headers["Lantern-Evidence-Notice"] == last.headers["Lantern-Evidence-Notice"]
    with blob_store().open(sha(ACTIVE_PDF)) as stored:
        assert stored.read() == ACTIVE_PDF


def test_creation_with_upload_tells_the_uploader_and_a_clean_file_says_nothing(
    client, local_store, token
):
    flagged = client.post(
        "/uploads/",
        POLYGLOT,
        content_type=OFFSET_TYPE,
        **_tus_headers(token, len(POLYGLOT)),
    )
    assert flagged.status_code == 201
    assert flagged.headers["Lantern-Evidence-Flags"] == "image_trailing_data"
    assert flagged.headers["Lantern-Evidence-Notice"].startswith("This photo has other data")
    data = clip()
    clean = client.post(
        "/uploads/", data, content_type=OFFSET_TYPE, **_tus_headers(token, len(data))
    )
    assert clean.status_code == 201
    assert EvidenceItem.objects.filter(blob_id=sha(data)).exists()
    assert "Lantern-Evidence-Flags" not in clean.headers
    assert "Lantern-Evidence-Notice" not in clean.headers


# --- the uploader is told: the upload page and the receipt -------------------------------------------


def test_the_upload_page_has_a_place_for_the_notices(client, db):
    page = client.get(reverse("evidence:upload-with-link"))
    assert b'id="lantern-upload-notices"' in page.content


def test_the_receipt_tells_the_resident_what_was_noticed(signed_in, local_store):
    client = signed_in(Role.RESIDENT)
    upload_bytes(actor=actor_of(client.user), data=POLYGLOT)
    page = client.get(reverse("evidence:receipt"))
    assert b"What Lantern noticed" in page.content
    assert b"This photo has other data after the picture." in page.content


def test_the_receipt_by_capability_tells_the_uploader_too(client, local_store, token):
    upload_bytes(actor=ANONYMOUS, data=ACTIVE_PDF, token=token)
    page = client.post(reverse("evidence:receipt"), {"token": token})
    assert b"This PDF contains scripts or automatic actions." in page.content


# --- officers: the item's page, the list and the API -------------------------------------------------


def test_the_officer_reads_the_flag_explained_on_the_item_page(signed_in, local_store, resident):
    flagged = upload_bytes(actor=resident, data=POLYGLOT).item
    clean = upload_bytes(actor=resident, data=jpeg(quality=50)).item
    client = signed_in(Role.POLICE_OFFICER)
    page = client.get(reverse("evidence:item", args=[flagged.pk])).content.decode()
    assert "Flagged when it arrived" in page
    assert "Data hidden after the picture" in page
    assert PHOTO_EXPLAINED in page
    assert "Lantern kept the file unchanged." in page
    assert "isolated forensic workstation" in page
    assert "What Lantern found: an archive (ZIP)" in page
    assert '<td class="govuk-table__cell">flagged</td>' in page  # in the chain of custody
    other = client.get(reverse("evidence:item", args=[clean.pk])).content.decode()
    assert "Flagged when it arrived" not in other
    listing = client.get(reverse("evidence:items")).content.decode()
    assert listing.count(">Flagged<") == 1


def test_the_api_gives_each_flag_with_its_explanation(signed_in, local_store, resident):
    item = upload_bytes(actor=resident, data=ACTIVE_PDF.replace(b"/JS ", b"/J#53 ")).item
    client = signed_in(Role.POLICE_OFFICER)
    one = client.get(f"/api/v1/evidence/items/{item.pk}").json()
    assert [flag["code"] for flag in one["flags"]] == [
        "pdf_javascript",
        "pdf_automatic_action",
        "pdf_disguised_names",
    ]
    assert one["flags"][2]["detail"] == "written as /J#53 for /JS"
    assert one["flags"][0]["explanation"].startswith("This PDF contains JavaScript")
    listed = client.get("/api/v1/evidence/items").json()["results"]
    assert listed[0]["flags"][0]["code"] == "pdf_javascript"


# --- files that come with an Open311 report are checked the same way --------------------------


def test_files_from_an_open311_client_are_checked_too(local_store, officer):
    report_id = uuid.uuid4()
    files = [
        MediaFile(field="media", size=len(POLYGLOT), content_type="image/jpeg",
                  stream=io.BytesIO(POLYGLOT), filename="shelter.jpg"),
    ]  # fmt: skip
    (kept,) = KEEPER.keep(actor=SYSTEM, report_id=report_id, files=files)
    item = EvidenceItem.objects.get(pk=kept.item_id)
    assert [f.code for f in selectors.item_flags(actor=officer, item=item)] == [
        ItemFlag.Code.IMAGE_TRAILING_DATA
    ]
    actions = [e.action for e in selectors.custody_timeline(actor=officer, item=item)]
    assert "evidence.flagged" in actions
