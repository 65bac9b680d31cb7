"""A completed upload linked to a footage request answers the request in places."""

from __future__ import annotations

import io

import pytest

from lantern.accounts.selectors import actor_for
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.evidence import services, uploads
from lantern.evidence.models import EvidenceLink, Upload
from lantern.places import selectors as places_selectors
from lantern.places import services as places_services
from lantern.places.models import FootageRequest
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8


def _upload(actor, token: str, data: bytes = MP4) -> Upload:
    upload = uploads.upload_create(
        actor=actor, length=len(data), metadata={"filename": "door.mp4"}, token=token
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


def test_a_declined_request_is_answered_when_the_owner_uploads_after_all(
    local_store, footage_request
):
    owner, request, token = footage_request
    places_services.footage_request_decline(actor=owner, request_id=request.pk)
    _upload(owner, token)
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).status == "answered"


def test_report_uploads_leave_footage_requests_alone(local_store, footage_request):
    owner, request, _ = footage_request
    token = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=request.pk)
    _upload(owner, token)
    assert places_selectors.footage_request_get(actor=owner, id=request.pk).status == "sent"
