"""``lantern scheduler --once`` enqueues the periodic tasks, and their effect follows: open
footage requests past their expiry are marked expired, and abandoned uploads lose their
partial bytes. (The test settings run tasks at once, as a worker would.)"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.evidence import partials, uploads
from lantern.evidence.models import Upload
from lantern.places.models import FootageRequest
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db


def test_scheduler_once_expires_footage_requests_and_abandoned_uploads(
    make_user, settings, tmp_path
):
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")
    owner = actor_for(make_user(Role.RESIDENT))
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    request = make_request(officer, make_camera(owner, retention_days=3))
    fresh = make_request(officer, make_camera(owner, retention_days=90))
    # A resident's upload is about something: here the request for their camera's footage.
    about = {"link_kind": "footage_request", "link_id": str(fresh.pk)}
    stale = uploads.upload_create(actor=owner, length=100, metadata=about)
    assert partials.partial_path(stale.pk).exists()

    out = StringIO()
    call_command("scheduler", "--once", stdout=out)  # nothing is due yet
    request.refresh_from_db()
    assert request.status == FootageRequest.Status.SENT
    assert Upload.objects.filter(pk=stale.pk).exists()

    with time_machine.travel(request.expires_at + timedelta(minutes=1)):
        assert stale.expires_at < request.expires_at
        call_command("scheduler", "--once", stdout=out)
    assert "Enqueued lantern.places.tasks.expire_footage_requests" in out.getvalue()
    assert "Enqueued lantern.evidence.tasks.expire_uploads" in out.getvalue()
    request.refresh_from_db()
    fresh.refresh_from_db()
    assert request.status == FootageRequest.Status.EXPIRED
    assert fresh.status == FootageRequest.Status.SENT
    assert AuditEvent.objects.filter(
        action="footage_request.expired", object_id=str(request.pk)
    ).exists()
    assert not Upload.objects.filter(pk=stale.pk).exists()
    assert not partials.partial_path(stale.pk).exists()
