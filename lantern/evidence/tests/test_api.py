"""Evidence in the JSON API."""

from __future__ import annotations

import json

from conftest import actor_of
from lantern.core.actor import Role
from lantern.evidence.tests.factories import clip, new_id, sha, upload_bytes


def test_officers_read_items_and_custody(signed_in, local_store, make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    data = clip()
    item = upload_bytes(actor=resident, data=data).item
    client = signed_in(Role.POLICE_OFFICER)
    listed = client.get("/api/v1/evidence/items").json()
    assert listed["results"][0]["sha256"] == sha(data)
    one = client.get(f"/api/v1/evidence/items/{item.pk}").json()
    assert one["media_type"] == "video/mp4"
    custody = client.get(f"/api/v1/evidence/items/{item.pk}/custody").json()
    assert [e["action"] for e in custody][-1] == "evidence.viewed"
    assert client.get(f"/api/v1/evidence/items/{new_id()}").status_code == 404


def test_reading_the_custody_through_the_api_is_recorded_as_a_view(signed_in, local_store):
    client = signed_in(Role.POLICE_OFFICER)
    item = upload_bytes(actor=actor_of(client.user), data=clip()).item
    first = client.get(f"/api/v1/evidence/items/{item.pk}/custody").json()
    assert first[-1]["action"] == "evidence.viewed"
    assert json.loads(first[-1]["details"]) == {"shown_as": "custody"}
    second = client.get(f"/api/v1/evidence/items/{item.pk}/custody").json()
    assert len(second) == len(first) + 1


def test_residents_do_not_read_items_through_the_api(signed_in, local_store):
    client = signed_in(Role.RESIDENT)
    item = upload_bytes(actor=actor_of(client.user), data=clip()).item
    assert client.get(f"/api/v1/evidence/items/{item.pk}").status_code == 404
    assert client.get(f"/api/v1/evidence/items/{item.pk}/custody").status_code == 404
