"""Adding files to the report this session has just made: /evidence/reports/<ref>/upload/."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.core.actor import ANONYMOUS, Role
from lantern.evidence import selectors, services
from lantern.evidence.models import EvidenceLink
from lantern.evidence.tests.factories import clip, upload_bytes
from lantern.evidence.urls import REPORT_UPLOAD_NAME
from lantern.evidence.views import LAST_REPORT_SESSION_KEY

pytestmark = pytest.mark.django_db

URL_NAME = f"evidence:{REPORT_UPLOAD_NAME}"
REFERENCE = "LAN-2026-000123"


def _hold(client, reference: str, report_id) -> None:
    session = client.session
    session[LAST_REPORT_SESSION_KEY] = {"reference": reference, "id": str(report_id)}
    session.save()


def _linked(upload, report_id) -> bool:
    return EvidenceLink.objects.filter(
        item_id=upload.item_id, kind="report", target_id=report_id
    ).exists()


def _token(page) -> str:
    found = re.search(rb'data-token="([^"]+)"', page.content)
    assert found, "the page carries no upload capability"
    return found.group(1).decode()


def test_anonymous_reporter_adds_files_to_the_report_just_made(client, local_store, orgs):
    report_id = uuid.uuid4()
    _hold(client, REFERENCE, report_id)
    page = client.get(reverse(URL_NAME, args=[REFERENCE]))
    assert page.status_code == 200
    assert b"Add files to your report" in page.content and REFERENCE.encode() in page.content
    assert b'data-with-link="true"' in page.content
    assert "no-store" in page["Cache-Control"]
    token = _token(page)
    assert services.upload_token_read(token) == ("report", report_id)
    upload = upload_bytes(actor=ANONYMOUS, data=clip(), token=token)
    assert _linked(upload, report_id)


def test_signed_in_reporter_gets_the_page_with_a_capability(signed_in, make_user, local_store):
    client = signed_in(Role.RESIDENT)
    report_id = uuid.uuid4()
    _hold(client, REFERENCE, report_id)
    page = client.get(reverse(URL_NAME, args=[REFERENCE]))
    assert page.status_code == 200
    assert b'data-with-link="false"' in page.content
    token = _token(page)
    upload = upload_bytes(actor=actor_of(client.user), data=clip(), token=token)
    assert _linked(upload, report_id)
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    linked = selectors.items_linked_to(actor=officer, kind="report", target_id=report_id)
    assert [item.pk for item in linked] == [upload.item_id]


@pytest.mark.parametrize(
    "held",
    [
        None,
        {"reference": "LAN-2026-000999", "id": "11111111-1111-4111-8111-111111111111"},
        {"reference": REFERENCE, "id": "not-a-uuid"},
        {"reference": REFERENCE},
        "LAN-2026-000123",
    ],
)
def test_404_unless_the_session_holds_that_report(client, held):
    if held is not None:
        session = client.session
        session[LAST_REPORT_SESSION_KEY] = held
        session.save()
    assert client.get(reverse(URL_NAME, args=[REFERENCE])).status_code == 404
