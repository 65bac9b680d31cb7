"""The audit pages: administrators only; verification says where a broken chain breaks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from lantern.audit import triggers
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role

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
