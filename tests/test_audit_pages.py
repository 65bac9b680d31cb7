"""The audit pages: administrators only; verification says where a broken chain breaks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from lantern.audit import triggers
from lantern.audit.models import AuditCheckpoint, AuditEvent
from lantern.audit.services import audit_checkpoint_create
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db


def test_verify_page_reports_a_holding_chain(signed_in):
    client = signed_in(Role.ADMIN)
    response = client.post(reverse("audit:verify"), follow=True)
    assert b"The audit chain holds" in response.content


def test_verify_page_names_the_first_bad_event(signed_in):
    client = signed_in(Role.ADMIN)
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET actor = 'x' WHERE seq = 2")
    finally:
        triggers.create(connection)
    response = client.post(reverse("audit:verify"), follow=True)
    assert b"The audit chain is broken" in response.content
    assert b"<strong>2</strong>" in response.content


def test_verify_page_shows_the_latest_checkpoints(signed_in):
    client = signed_in(Role.ADMIN)
    response = client.get(reverse("audit:verify"))
    assert b"No checkpoint has been signed yet" in response.content
    checkpoint = audit_checkpoint_create(actor=SYSTEM)
    response = client.get(reverse("audit:verify"))
    assert checkpoint.key_id.encode() in response.content
    assert checkpoint.head_hash[:16].encode() in response.content
    assert reverse("audit:event", args=[checkpoint.seq]).encode() in response.content
    response = client.post(reverse("audit:verify"), follow=True)
    assert b"1 signed checkpoint checked" in response.content


def test_verify_page_names_a_checkpoint_that_does_not_hold(signed_in):
    client = signed_in(Role.ADMIN)
    checkpoint = audit_checkpoint_create(actor=SYSTEM)
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(head_hash="0" * 64)
    response = client.post(reverse("audit:verify"), follow=True)
    assert b"A signed checkpoint of the audit chain does not hold" in response.content
    assert f"Checkpoint {checkpoint.pk}: its signature does not verify".encode() in (
        response.content
    )


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_audit_pages_are_for_administrators_only(signed_in, role):
    client = signed_in(role)
    assert client.get(reverse("audit:events")).status_code == 403
    assert client.post(reverse("audit:verify")).status_code == 403
    assert client.get(reverse("audit:event", args=[1])).status_code == 403


def test_event_detail_shows_the_hashes(signed_in):
    client = signed_in(Role.ADMIN)
    event = AuditEvent.objects.order_by("seq").first()
    response = client.get(reverse("audit:event", args=[event.seq]))
    assert event.hash.encode() in response.content
    assert client.get(reverse("audit:event", args=[10**9])).status_code == 404
