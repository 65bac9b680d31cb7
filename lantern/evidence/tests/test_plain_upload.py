"""The upload page without JavaScript: a plain file input (multipart POST to
/evidence/upload/file/), up to LANTERN_PLAIN_UPLOAD_MAX_BYTES, written to a temporary file as
it arrives, then through the same intake as a tus upload (content checks, SHA-256, custody,
the link to the report), with clear errors."""

from __future__ import annotations

import html
import json
import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.evidence.models import EvidenceItem, EvidenceLink, Upload
from lantern.evidence.plain_upload import LimitedTemporaryFileUploadHandler, size_in_words
from lantern.evidence.tests.factories import clip, sha
from lantern.evidence.views import LAST_REPORT_SESSION_KEY

pytestmark = pytest.mark.django_db

URL = "/evidence/upload/file/"
PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
    b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def _file(data: bytes, name: str = "doorbell.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def resident(signed_in, own_reports):
    client = signed_in(Role.RESIDENT)
    report_id = uuid.uuid4()
    own_reports[client.user.pk] = [report_id]
    return client, report_id


def test_the_page_offers_a_plain_file_input(resident, local_store):
    client, _ = resident
    page = text(client.get(reverse("evidence:upload")))
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and 'name="file"' in page
    assert f'action="{URL}"' in page
    assert "up to 200 MB" in page  # the documented default
    assert 'id="lantern-plain-upload"' in page  # what the script hides when it runs


def test_a_resident_uploads_without_javascript(resident, local_store):
    client, report_id = resident
    data = clip()
    answer = client.post(
        URL,
        {
            "about": f"report:{report_id}",
            "device_kind": "doorbell",
            "captured_at": "2026-11-27T21:30",
            "audio": "yes",
            "file": _file(data, "doorbell 27 Nov.mp4"),
        },
    )
    assert answer.status_code == 302 and answer["Location"] == reverse("evidence:upload")
    item = EvidenceItem.objects.get()
    assert item.filename == "doorbell 27 Nov.mp4"
    assert item.blob.sha256 == sha(data) and item.blob.size == len(data)
    assert item.submitted_by == client.user.pk
    assert item.device_kind == "doorbell" and item.audio_recorded is True
    assert item.claimed_capture_at is not None
    assert EvidenceLink.objects.filter(item=item, kind="report", target_id=report_id).exists()
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.COMPLETE and upload.item_id == item.pk
    # The same custody trail as a tus upload.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "evidence.upload_started",
        "evidence.received",
        "evidence.hashed",
        "evidence.stored",
        "evidence.linked",
    } <= actions
    page = text(client.get(reverse("evidence:upload")))
    assert f"doorbell 27 Nov.mp4 has been received. Its SHA-256 fingerprint is {sha(data)}" in page


def test_what_the_checks_notice_is_said(resident, local_store):
    client, report_id = resident
    answer = client.post(
        URL, {"about": f"report:{report_id}", "file": _file(PDF_WITH_SCRIPT, "letter.pdf")}
    )
    assert answer.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.flags.filter(code="pdf_javascript").exists()
    page = text(client.get(reverse("evidence:upload")))
    assert "letter.pdf has been received" in page and "script" in page.lower()


def test_the_report_just_made_takes_files_without_javascript(client, orgs, local_store):
    report_id = uuid.uuid4()
    reference = "LAN-2026-000123"
    session = client.session
    session[LAST_REPORT_SESSION_KEY] = {"reference": reference, "id": str(report_id)}
    session.save()
    page = text(client.get(reverse("evidence:report-upload", args=[reference])))
    assert 'name="upload_token"' in page and 'type="file"' in page
    token = page.split('name="upload_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        URL, {"upload_token": token, "reference": reference, "file": _file(clip())}
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("evidence:report-upload", args=[reference])
    item = EvidenceItem.objects.get()
    assert item.submitted_by is None and item.token_digest
    assert EvidenceLink.objects.filter(item=item, kind="report", target_id=report_id).exists()


def test_the_upload_link_page_explains_it_needs_javascript(client, orgs):
    page = text(client.get(reverse("evidence:upload-with-link")))
    assert 'type="file"' not in page
    assert "This page needs JavaScript to read the upload link" in page


def test_a_file_too_large_is_refused_in_words(resident, local_store, settings):
    settings.LANTERN_PLAIN_UPLOAD_MAX_BYTES = 2 * 1024**2
    client, report_id = resident
    answer = client.post(
        URL,
        {"about": f"report:{report_id}", "file": _file(clip(3 * 1024**2))},
    )
    assert answer.status_code == 413
    page = text(answer)
    assert "The selected file must be smaller than 2 MB" in page
    assert "govuk-error-summary" in page and "Select a file" not in page
    assert not Upload.objects.exists() and not EvidenceItem.objects.exists()


def test_an_empty_file_and_no_file_are_refused(resident, local_store):
    client, report_id = resident
    empty = client.post(URL, {"about": f"report:{report_id}", "file": _file(b"")})
    assert empty.status_code == 400
    assert "The selected file is empty" in text(empty)
    missing = client.post(URL, {"about": f"report:{report_id}"})
    assert missing.status_code == 400 and "Select a file" in text(missing)
    assert not Upload.objects.exists()


def test_an_unsupported_type_is_refused_in_words(resident, local_store):
    client, report_id = resident
    program = b"MZ\x90\x00" + os.urandom(5000)
    answer = client.post(URL, {"about": f"report:{report_id}", "file": _file(program, "a.exe")})
    assert answer.status_code == 400
    page = text(answer)
    assert "The selected file must be a video, photo, sound recording or PDF" in page
    assert "Programs are not accepted" in page
    assert not EvidenceItem.objects.exists()
    assert Upload.objects.get().status == Upload.Status.REJECTED
    rejected = AuditEvent.objects.get(action="evidence.upload_rejected")
    assert json.loads(rejected.details)["reason"] == "file_type"


def test_a_resident_must_say_which_of_their_reports(resident, local_store):
    client, _ = resident
    answer = client.post(URL, {"about": f"report:{uuid.uuid4()}", "file": _file(clip())})
    assert answer.status_code == 400
    assert "Choose one of your reports or footage requests" in text(answer)
    assert not EvidenceItem.objects.exists()


def test_someone_signed_out_without_a_capability_is_sent_to_sign_in(client, orgs):
    answer = client.post(URL, {"file": _file(clip())})
    assert answer.status_code == 302 and reverse("accounts:sign-in") in answer["Location"]
    assert not Upload.objects.exists()


def test_an_expired_capability_is_refused(client, orgs, local_store):
    answer = client.post(URL, {"upload_token": "not-a-capability", "file": _file(clip())})
    assert answer.status_code == 400
    assert "The upload link has expired or is not valid" in text(answer)


def test_the_form_needs_its_csrf_token(make_user, own_reports, local_store):
    csrf_client = Client(enforce_csrf_checks=True)
    user = make_user(Role.RESIDENT)
    own_reports[user.pk] = [report_id := uuid.uuid4()]
    csrf_client.force_login(user)
    refused = csrf_client.post(URL, {"about": f"report:{report_id}", "file": _file(clip())})
    assert refused.status_code == 403
    csrf_client.get(reverse("evidence:upload"))
    token = csrf_client.cookies["csrftoken"].value
    done = csrf_client.post(
        URL,
        {"csrfmiddlewaretoken": token, "about": f"report:{report_id}", "file": _file(clip())},
    )
    assert done.status_code == 302
    assert EvidenceItem.objects.count() == 1


def test_the_handler_writes_even_small_files_to_disk():
    """Django keeps files under 2.5 MB in memory by default; this handler never does."""
    handler = LimitedTemporaryFileUploadHandler(limit=1024)
    handler.new_file("file", "a.mp4", "video/mp4", 10)
    handler.receive_data_chunk(b"0123456789", 0)
    done = handler.file_complete(10)
    assert isinstance(done, TemporaryUploadedFile)
    assert os.path.exists(done.temporary_file_path())
    done.close()


def test_the_handler_stops_at_its_limit():
    from django.core.files.uploadhandler import StopUpload

    handler = LimitedTemporaryFileUploadHandler(limit=15)
    handler.new_file("file", "a.mp4", "video/mp4", None)
    handler.receive_data_chunk(b"0123456789", 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"0123456789", 10)
    assert handler.too_large


@pytest.mark.parametrize(
    ("size", "words"),
    [(200 * 1024**2, "200 MB"), (1536 * 1024**2, "1.5 GB"), (4 * 1024**3, "4 GB")],
)
def test_limits_in_words(size, words):
    assert size_in_words(size) == words
