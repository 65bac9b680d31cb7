"""lantern open311 client create/list/revoke."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lantern.audit.models import AuditEvent
from lantern.reports.open311.models import Open311Client
from lantern.reports.open311.selectors import client_by_key
from lantern.reports.open311.services import hash_key

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("open311", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_prints_a_key_that_is_stored_hashed():
    key = run("client", "create", "FixMyStreet", "--partnership", "test partnership").strip()
    assert len(key) >= 40
    client = Open311Client.objects.get(name="FixMyStreet")
    assert client.key_hash == hash_key(key) and key not in client.key_hash
    assert client_by_key(api_key=key) == client
    assert AuditEvent.objects.filter(action="open311_client.created").count() == 1
    listing = run("client", "list")
    assert "FixMyStreet" in listing and "live" in listing and key not in listing
    assert "Test Partnership" in listing and client.partnership.name == "Test Partnership"
    run("client", "revoke", "FixMyStreet")
    assert client_by_key(api_key=key) is None
    assert "revoked" in run("client", "list")


def test_bad_names_and_duplicates_are_refused():
    run("client", "create", "app", "--partnership", "Test Partnership")
    with pytest.raises(CommandError):
        run("client", "create", "app", "--partnership", "Test Partnership")
    with pytest.raises(CommandError):
        run("client", "create", "no spaces", "--partnership", "Test Partnership")
    with pytest.raises(CommandError):
        run("client", "revoke", "nobody")


def test_a_client_sends_for_one_partnership_that_must_exist():
    with pytest.raises(CommandError, match="No partnership named 'Nowhere'"):
        run("client", "create", "app", "--partnership", "Nowhere")
    with pytest.raises(CommandError):  # the partnership is required
        run("client", "create", "app")
    assert not Open311Client.objects.exists()
