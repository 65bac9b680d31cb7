"""A completed upload linked to a footage request answers the request in places."""

from __future__ import annotations

import base64
import io
import uuid

import pytest

from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.core import clock
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.evidence import services, uploads
from lantern.evidence.models import EvidenceLink, Upload
from lantern.evidence.upload_checks import UploadError
from lantern.places import selectors as places_selectors
from lantern.places import services as places_services
from lantern.places.models import FootageRequest
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8


def _upload(actor, token: str, data: bytes = MP4, metadata: dict | None = None) -> Upload:
    upload = uploads.upload_create(
        actor=actor, length=len(data), metadata=metadata or {"filename": "door.mp4"}, token=token
    )
    return uploads.upload_append(
        actor=actor,
        upload=upload,
        offset=0,
        read=io.BytesIO(data).read,
        content_length=len(data),
    )


@pytest.fixture
def footage_request(make_user):
    owner = actor_for(make_user(Role.RESIDENT), verified=True)
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    request = make_request(officer, make_camera(owner))
    token = services.upload_token_issue(
        actor=SYSTEM, link_kind="footage_request", link_id=request.pk
    )
    return owner, request, token


def test_owners_completed_upload_answers_the_request(local_store, footage_request):
    owner, request, token = footage_request
    assert request.status == FootageRequest.Status.SENT
    upload = _upload(owner, token)
    assert upload.status == Upload.Status.COMPLETE
    assert EvidenceLink.objects.filter(kind="footage_request", target_id=request.pk).count() == 1
    answered = places_selectors.footage_request_get(actor=owner, id=request.pk)
    assert answered.status == FootageRequest.Status.ANSWERED and answered.item_count == 1
    _upload(owner, token, MP4 + b"second")
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).item_count == 2


def test_upload_with_only_the_capability_answers_the_request(local_store, footage_request):
    owner, request, token = footage_request
    _upload(ANONYMOUS, token)
    answered = places_selectors.footage_request_get(actor=owner, id=request.pk)
    assert answered.status == FootageRequest.Status.ANSWERED and answered.item_count == 1


def test_an_upload_started_before_the_owner_declined_still_answers_the_request(
    local_store, footage_request
):
    owner, request, token = footage_request
    upload = uploads.upload_create(
        actor=owner, length=len(MP4), metadata={"filename": "door.mp4"}, token=token
    )
    places_services.footage_request_decline(actor=owner, request_id=request.pk)
    uploads.upload_append(
        actor=owner, upload=upload, offset=0, read=io.BytesIO(MP4).read, content_length=len(MP4)
    )
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).status == "answered"


def test_report_uploads_leave_footage_requests_alone(local_store, footage_request):
    owner, request, _ = footage_request
    token = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=request.pk)
    _upload(owner, token)
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).status == "sent"


# --- checked at tus creation, before any bytes are accepted ----------------------------------


def _meta(request) -> dict[str, str]:
    return {"filename": "door.mp4", "link_kind": "footage_request", "link_id": str(request.pk)}


def test_signed_in_owner_naming_the_request_uploads_against_it(local_store, footage_request):
    owner, request, _ = footage_request
    upload = uploads.upload_create(actor=owner, length=len(MP4), metadata=_meta(request))
    assert (upload.link_kind, upload.link_id) == ("footage_request", request.pk)
    uploads.upload_append(
        actor=owner, upload=upload, offset=0, read=io.BytesIO(MP4).read, content_length=len(MP4)
    )
    assert EvidenceLink.objects.filter(kind="footage_request", target_id=request.pk).count() == 1
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).item_count == 1


def _refused(actor, request, token: str = "", **meta: str) -> UploadError:
    metadata = {**_meta(request), **meta} if not token else {"filename": "door.mp4", **meta}
    with pytest.raises(UploadError) as caught:
        uploads.upload_create(actor=actor, length=len(MP4), metadata=metadata, token=token)
    assert not Upload.objects.exists()  # refused before anything was accepted
    return caught.value


def test_only_the_cameras_owner_may_upload_against_a_request(footage_request, make_user):
    _, request, _ = footage_request
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)  # who sent it
    refused = _refused(officer, request)
    assert refused.status == 403 and "camera's owner" in refused.message
    neighbour = actor_for(make_user(Role.RESIDENT), verified=True)
    refused = _refused(neighbour, request)
    assert refused.status == 404 and "no such footage request" in refused.message


def test_a_declined_request_takes_no_new_upload(footage_request):
    owner, request, token = footage_request
    places_services.footage_request_decline(actor=owner, request_id=request.pk)
    refused = _refused(owner, request)
    assert refused.status == 409 and "You declined this request" in refused.message
    assert _refused(ANONYMOUS, request, token=token).status == 409  # nor through its link


def test_an_expired_request_takes_no_upload(footage_request):
    owner, request, token = footage_request
    FootageRequest.objects.filter(pk=request.pk).update(expires_at=clock.now())
    refused = _refused(owner, request)
    assert refused.status == 410 and "expired" in refused.message
    FootageRequest.objects.filter(pk=request.pk).update(status=FootageRequest.Status.EXPIRED)
    assert _refused(ANONYMOUS, request, token=token).status == 410


def test_an_answered_request_takes_more_files(local_store, footage_request):
    owner, request, _ = footage_request
    _upload(owner, "", MP4, metadata=_meta(request))
    _upload(owner, "", MP4 + b"more", metadata=_meta(request))
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).item_count == 2


def test_bad_link_metadata_is_refused(footage_request):
    owner, request, token = footage_request
    # A signed-in resident may name a report only if they made it (not a request's id).
    refused = _refused(owner, request, link_kind="report")
    assert refused.status == 404 and "no such report of yours" in refused.message
    assert _refused(owner, request, link_kind="case").status == 400
    assert _refused(owner, request, link_id="not-a-uuid").status == 400
    # A capability names its own request: it cannot be pointed at another.
    other = {"link_kind": "footage_request", "link_id": str(uuid.uuid4())}
    assert _refused(ANONYMOUS, request, token=token, **other).status == 403


def test_tus_creation_answers_the_refusal_in_words(footage_request, client):
    owner, request, _ = footage_request
    places_services.footage_request_decline(actor=owner, request_id=request.pk)
    client.force_login(User.objects.get(pk=owner.user_id))
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in _meta(request).items()
    )
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": str(len(MP4)), "Upload-Metadata": meta}
    response = client.generic("POST", "/uploads/", b"", headers=headers)
    assert response.status_code == 409
    assert "You declined this request" in response.content.decode()
    assert "Location" not in response and not Upload.objects.exists()
