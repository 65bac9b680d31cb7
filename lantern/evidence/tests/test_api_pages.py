"""The API's list of evidence items pages by cursor, newest first, and never counts the
items (docs/adr/0023): every item once across the pages (no longer only the newest 500),
even when many share a creation time, and none for another partnership."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.core.actor import Role
from lantern.core.tests.cursor_pages import (
    counted,
    newest_first,
    share_a_creation_time,
    walk,
    walk_back,
)
from lantern.evidence.models import EvidenceItem
from lantern.evidence.tests.factories import clip, sha, upload_bytes

URL = "/api/v1/evidence/items?page_size=2"


@pytest.mark.django_db
def test_pages_walk_every_item_once_newest_first_without_counting(
    signed_in, local_store, make_user, far
):
    resident = actor_of(make_user(Role.RESIDENT))
    data = [clip() for _ in range(6)]
    items = [upload_bytes(actor=resident, data=d).item.pk for d in data]
    share_a_creation_time(EvidenceItem, items[:5])
    client = signed_in(Role.POLICE_OFFICER)
    ids, statements = walk(client, URL)
    assert ids == newest_first(EvidenceItem, items)
    assert counted(statements) == []
    assert walk_back(client, URL) == ids
    first = client.get(URL).json()["results"][0]
    assert first["sha256"] in {sha(d) for d in data} and first["flags"] == []
    stranger = signed_in(Role.POLICE_OFFICER, "far_police")
    assert walk(stranger, URL)[0] == []
