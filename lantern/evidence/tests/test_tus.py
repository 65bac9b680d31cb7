"""The tus 1.0 server at /uploads/, driven by tuspy (a real tus client) against a live
server, with connections broken at random offsets and resumed."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import random
from urllib.parse import urlsplit

import pytest
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError
from tusclient.uploader import Uploader

from lantern.core.actor import SYSTEM
from lantern.evidence import partials, services
from lantern.evidence.models import Blob, EvidenceItem, EvidenceLink, Upload

pytestmark = pytest.mark.django_db(transaction=True)

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def fake_mp4(size: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return MP4_HEAD + rng.randbytes(size - len(MP4_HEAD))


class Sha256Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


@pytest.fixture
def report_token(orgs):
    import uuid

    report_id = uuid.uuid4()
    return report_id, services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=report_id
    )


@pytest.fixture
def tus(live_server, local_store, report_token):
    _, token = report_token
    return tus_client.TusClient(
        f"{live_server.url}/uploads/", headers={"Lantern-Upload-Token": token}
    )


def _raw(live_server, method: str, path: str, headers: dict, body: bytes = b"", *, cut=None):
    """One HTTP request; with ``cut`` the body stops after that many bytes although
    Content-Length promised all of it (the connection breaks mid-body)."""
    parts = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest(method, path)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    conn.send(body if cut is None else body[:cut])
    if cut is not None:
        conn.sock.shutdown(1)  # no more bytes will come: the server sees the body end early
    response = conn.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return result


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_options_advertises_the_extensions(live_server):
    status, headers, _ = _raw(live_server, "OPTIONS", "/uploads/", {})
    assert status == 204
    assert headers["tus-version"] == "1.0.0"
    assert set(headers["tus-extension"].split(",")) == {
        "creation", "creation-with-upload", "termination", "expiration", "checksum",
    }  # fmt: skip
    assert set(headers["tus-checksum-algorithm"].split(",")) == {"sha1", "sha256"}
    assert int(headers["tus-max-size"]) == 4 * 1024**3


def test_tuspy_upload_stores_the_blob_with_the_sources_hash(tus, tmp_path, report_token):
    data = fake_mp4(300_000)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    uploader = tus.uploader(
        str(source),
        chunk_size=64 * 1024,
        metadata={"filename": "../../etc/clip.mp4", "device_kind": "doorbell", "audio": "yes"},
    )
    uploader.upload()
    item = EvidenceItem.objects.get()
    assert item.blob.sha256 == _sha(data)
    assert item.blob.size == len(data)
    assert item.media_type == "video/mp4"
    assert item.filename == "../../etc/clip.mp4"  # metadata only
    assert item.device_kind == "doorbell"
    assert item.audio_recorded is True
    assert "etc" not in item.blob.storage_key
    stored = tmp_path / "media" / item.blob.storage_key
    assert _sha(stored.read_bytes()) == _sha(data)
    report_id, _ = report_token
    assert EvidenceLink.objects.get(item=item).target_id == report_id
    assert not partials.partial_path(Upload.objects.get().pk).exists()


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_broken_connections_at_random_offsets_resume(
    live_server, tus, tmp_path, seed, report_token
):
    rng = random.Random(seed)
    data = fake_mp4(rng.randint(50_000, 400_000), seed)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    _, token = report_token
    uploader = Sha256Uploader(
        file_path=str(source), client=tus, chunk_size=rng.randint(10_000, 120_000),
        upload_checksum=True, metadata={"filename": "clip.mp4"},
    )  # fmt: skip
    url = uploader.create_url()  # POST
    path = urlsplit(url).path
    offset = 0
    for _break in range(3):  # three broken PATCHes, each cut at a random byte
        cut = rng.randint(0, len(data) - offset - 1)
        status, headers, _ = _raw(
            live_server, "PATCH", path,
            {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token,
             "Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset)},
            data[offset:], cut=cut,
        )  # fmt: skip
        assert status == 204
        assert int(headers["upload-offset"]) == offset + cut  # what arrived is kept
        offset += cut
        if rng.random() < 0.5:
            partials._HASHERS.clear()  # as if another server process took the next request
    resumed = Sha256Uploader(
        file_path=str(source), client=tus, url=url, chunk_size=rng.randint(10_000, 120_000),
        upload_checksum=True,
    )  # fmt: skip
    assert resumed.offset == offset
    resumed.upload()
    item = EvidenceItem.objects.get()
    assert item.blob.sha256 == _sha(data)
    assert _sha((tmp_path / "media" / item.blob.storage_key).read_bytes()) == _sha(data)


def test_tuspy_default_sha1_checksum_is_accepted(tus, tmp_path):
    data = fake_mp4(100_000)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    uploader = tus.uploader(str(source), chunk_size=30_000, upload_checksum=True)
    assert uploader.CHECKSUM_ALGORITHM_PAIR[0] == "sha1"  # tuspy's default, as the spec asks
    uploader.upload()
    item = EvidenceItem.objects.get()
    assert item.blob.sha256 == _sha(data)  # the evidence's identity stays SHA-256


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_checksum_mismatch_keeps_nothing(live_server, report_token, local_store, algorithm):
    _, token = report_token
    data = fake_mp4(10_000)
    common = {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token}
    status, headers, _ = _raw(
        live_server, "POST", "/uploads/", {**common, "Upload-Length": str(len(data))}
    )
    assert status == 201
    path = urlsplit(headers["location"]).path
    wrong = base64.b64encode(hashlib.new(algorithm, b"other").digest()).decode()
    patch = {**common, "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}
    status, _, _ = _raw(
        live_server, "PATCH", path, {**patch, "Upload-Checksum": f"{algorithm} {wrong}"},
        data[:5000],
    )  # fmt: skip
    assert status == 460
    status, headers, _ = _raw(live_server, "HEAD", path, common)
    assert headers["upload-offset"] == "0"
    right = base64.b64encode(hashlib.new(algorithm, data[:5000]).digest()).decode()
    status, headers, _ = _raw(
        live_server, "PATCH", path, {**patch, "Upload-Checksum": f"{algorithm} {right}"},
        data[:5000],
    )  # fmt: skip
    assert status == 204
    assert headers["upload-offset"] == "5000"
    patch["Upload-Offset"] = "5000"
    status, _, _ = _raw(
        live_server, "PATCH", path, {**patch, "Upload-Checksum": "md5 AAAA"}, data[:5000]
    )
    assert status == 400


def test_creation_with_upload_and_a_whole_file_in_one_post(live_server, report_token, local_store):
    _, token = report_token
    data = b"%PDF-1.4\n" + os.urandom(2000)
    status, headers, _ = _raw(
        live_server, "POST", "/uploads/",
        {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token,
         "Upload-Length": str(len(data)), "Content-Type": "application/offset+octet-stream"},
        data,
    )  # fmt: skip
    assert status == 201
    assert headers["upload-offset"] == str(len(data))
    assert "upload-expires" in headers
    assert EvidenceItem.objects.get().category == "document"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "Programs"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "Web pages"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        (b"PK\x03\x04" + b"\x00" * 100, "Archives"),
        (b"just some words about what happened", "Text files"),
    ],
)
def test_refused_types_say_why(live_server, report_token, local_store, content, reason):
    _, token = report_token
    status, _, body = _raw(
        live_server, "POST", "/uploads/",
        {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token,
         "Upload-Length": str(len(content)), "Content-Type": "application/offset+octet-stream"},
        content,
    )  # fmt: skip
    assert status == 415
    assert reason in body.decode()
    assert not EvidenceItem.objects.exists()
    assert Upload.objects.get().status == Upload.Status.REJECTED
    assert not any(partials.upload_dir().iterdir())


def test_dvr_export_is_kept_with_a_warning(live_server, report_token, local_store):
    _, token = report_token
    content = b"DHAV" + os.urandom(5000)
    status, _, _ = _raw(
        live_server, "POST", "/uploads/",
        {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token,
         "Upload-Length": str(len(content)), "Content-Type": "application/offset+octet-stream"},
        content,
    )  # fmt: skip
    assert status == 201
    item = EvidenceItem.objects.get()
    assert item.category == "opaque"
    assert "did not recognise" in item.warning


def test_same_bytes_twice_one_blob_two_items(tus, tmp_path):
    data = fake_mp4(20_000)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    tus.uploader(str(source), chunk_size=8000).upload()
    tus.uploader(str(source), chunk_size=8000).upload()
    assert EvidenceItem.objects.count() == 2
    assert Blob.objects.count() == 1


def test_size_limit_and_bad_headers(live_server, report_token, local_store, settings):
    settings.LANTERN_UPLOAD_MAX_BYTES = 1000
    _, token = report_token
    base = {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token}
    assert _raw(live_server, "POST", "/uploads/", {**base, "Upload-Length": "1001"})[0] == 413
    assert _raw(live_server, "POST", "/uploads/", {**base, "Upload-Length": "-1"})[0] == 400
    assert _raw(live_server, "POST", "/uploads/", {**base, "Upload-Length": "9" * 40})[0] == 400
    assert _raw(live_server, "POST", "/uploads/", base)[0] == 400
    assert _raw(live_server, "POST", "/uploads/", {**base, "Upload-Length": "10",
                "Upload-Metadata": "filename !!!"})[0] == 400  # fmt: skip
    assert _raw(live_server, "POST", "/uploads/", {"Upload-Length": "10",
                "Lantern-Upload-Token": token})[0] == 412  # fmt: skip


@pytest.mark.parametrize("key", ["filename", "filetype", "device_kind"])
def test_a_nul_in_metadata_is_refused(live_server, report_token, local_store, key):
    """PostgreSQL text cannot hold NUL: a NUL in a metadata value is a 400, not a 500."""
    _, token = report_token
    value = base64.b64encode(b"clip\x00.mp4").decode()
    status, _, body = _raw(
        live_server, "POST", "/uploads/",
        {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token, "Upload-Length": "10",
         "Upload-Metadata": f"{key} {value}"},
    )  # fmt: skip
    assert status == 400
    assert "NUL" in body.decode()
    assert not Upload.objects.exists()


def test_only_the_uploader_can_touch_an_upload(live_server, report_token, local_store):
    _, token = report_token
    other = services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=__import__("uuid").uuid4()
    )
    base = {"Tus-Resumable": "1.0.0"}
    _, headers, _ = _raw(
        live_server, "POST", "/uploads/",
        {**base, "Lantern-Upload-Token": token, "Upload-Length": "100"},
    )  # fmt: skip
    path = urlsplit(headers["location"]).path
    assert _raw(live_server, "HEAD", path, {**base, "Lantern-Upload-Token": other})[0] == 404
    assert _raw(live_server, "HEAD", path, base)[0] == 401
    assert _raw(live_server, "POST", "/uploads/", {**base, "Upload-Length": "1"})[0] == 401
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert _raw(live_server, "HEAD", path, {**base, "Lantern-Upload-Token": forged})[0] == 401
    assert _raw(live_server, "DELETE", path, {**base, "Lantern-Upload-Token": token})[0] == 204
    assert _raw(live_server, "HEAD", path, {**base, "Lantern-Upload-Token": token})[0] == 404


def test_expired_uploads_are_refused_and_swept(live_server, tus, tmp_path, time_machine):
    import datetime as dt

    from lantern.evidence.tasks import expire_uploads

    data = fake_mp4(30_000)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    uploader = tus.uploader(str(source), chunk_size=10_000)
    uploader.upload_chunk()
    upload = Upload.objects.get()
    assert partials.partial_path(upload.pk).stat().st_size == 10_000
    time_machine.move_to(upload.expires_at + dt.timedelta(seconds=1))
    with pytest.raises(TusCommunicationError):
        uploader.upload_chunk()
    expire_uploads.enqueue()
    assert not Upload.objects.exists()
    assert not partials.partial_path(upload.pk).exists()


def test_signed_in_resident_uploads_with_session_and_csrf(
    live_server, local_store, make_user, own_reports
):
    import uuid

    from django.test import Client

    user = make_user(__import__("lantern.core.actor", fromlist=["Role"]).Role.RESIDENT)
    report_id = uuid.uuid4()
    own_reports[user.pk] = [report_id]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = fake_mp4(5000)
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": str(len(data))}
    refused = client.generic("POST", "/uploads/", b"", headers=headers)
    assert refused.status_code == 403
    client.get("/evidence/upload/")
    csrf = client.cookies["csrftoken"].value
    headers["X-CSRFToken"] = csrf
    unsaid = client.generic("POST", "/uploads/", b"", headers=headers)
    assert unsaid.status_code == 400  # a resident's files are about one of their reports
    assert "Choose the report or footage request" in unsaid.content.decode()
    about = {"link_kind": "report", "link_id": str(report_id)}
    meta = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in about.items())
    created = client.generic("POST", "/uploads/", b"", headers={**headers, "Upload-Metadata": meta})
    assert created.status_code == 201
    done = client.generic(
        "PATCH", created["Location"], data, content_type="application/offset+octet-stream",
        headers={"Tus-Resumable": "1.0.0", "Upload-Offset": "0", "X-CSRFToken": csrf},
    )  # fmt: skip
    assert done.status_code == 204
    item = EvidenceItem.objects.get()
    assert item.submitted_by == user.pk
    assert EvidenceLink.objects.filter(item=item, kind="report", target_id=report_id).exists()


def test_a_refused_type_is_stopped_after_its_first_bytes(live_server, report_token, local_store):
    _, token = report_token
    program = b"MZ\x90\x00" + os.urandom(200_000)
    common = {"Tus-Resumable": "1.0.0", "Lantern-Upload-Token": token}
    _, headers, _ = _raw(
        live_server, "POST", "/uploads/", {**common, "Upload-Length": str(len(program))}
    )
    path = urlsplit(headers["location"]).path
    patch = {**common, "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}
    status, _, body = _raw(live_server, "PATCH", path, patch, program[:10_000])
    assert status == 415
    assert "Programs" in body.decode()
    assert Upload.objects.get().status == Upload.Status.REJECTED
    assert not any(partials.upload_dir().iterdir())
