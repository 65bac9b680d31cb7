"""List access events (ADR 0020): one event per list, its hashed details naming the records
read, a lookup row per record so "who read X" finds it, and verify checking the two agree."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from lantern.audit import catalogue, services, triggers
from lantern.audit.models import AuditEvent, AuditEventObject
from lantern.audit.selectors import audit_event_list, events_for_object
from lantern.audit.services import audit_access, audit_access_list
from lantern.audit.verify import verify_chain
from lantern.core.actor import SYSTEM
from lantern.core.dataclass import DataClass

pytestmark = pytest.mark.django_db
SPECIAL = DataClass.SPECIAL_CATEGORY


def _list(ids, object_type: str = "screening") -> list[AuditEvent]:
    return audit_access_list(
        actor=SYSTEM, object_type=object_type, object_ids=ids, data_class=SPECIAL
    )


def _raw(sql: str, params: list | None = None) -> None:
    """Tamper as someone with database access would: the triggers dropped, then put back."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
    finally:
        triggers.create(connection)


def test_a_list_is_one_event_naming_every_record_in_its_hashed_details():
    ids = [uuid.uuid4() for _ in range(5)]
    (event,) = _list([*ids, ids[0]])  # a repeated id is named once
    stored = AuditEvent.objects.get()
    assert stored.seq == event.seq and stored.hash == event.hash
    assert stored.kind == AuditEvent.Kind.ACCESS and stored.action == catalogue.RECORDS_LISTED
    assert (stored.object_type, stored.object_id) == ("screening", "")
    details = json.loads(stored.details)
    assert details == {
        "count": 5,
        "data_class": "special_category",
        "ids": sorted(str(i) for i in ids),
        "purpose": "list",
    }
    named = AuditEventObject.objects.filter(event=stored)
    assert sorted(named.values_list("object_type", "object_id")) == [
        ("screening", i) for i in details["ids"]
    ]
    verdict = verify_chain()
    assert verdict.ok and verdict.events == 1


def test_public_data_and_empty_lists_write_nothing():
    assert (
        audit_access_list(
            actor=SYSTEM, object_type="place", object_ids=[1, 2], data_class=DataClass.PUBLIC
        )
        == []
    )
    assert _list([]) == []
    assert not AuditEvent.objects.exists() and not AuditEventObject.objects.exists()


def test_a_list_longer_than_the_cap_is_one_event_per_cap(monkeypatch):
    monkeypatch.setattr(services, "LIST_MAX_IDS", 2)
    events = _list(["a", "b", "c", "d", "e"])
    assert [json.loads(e.details)["ids"] for e in events] == [["a", "b"], ["c", "d"], ["e"]]
    assert AuditEventObject.objects.count() == 5
    assert verify_chain().ok


def test_an_id_with_a_line_break_is_refused():
    with pytest.raises(ValueError, match="line break"):
        _list(["a\nb"])


def test_who_read_a_record_finds_single_and_list_events():
    x, y = uuid.uuid4(), uuid.uuid4()
    single = audit_access(actor=SYSTEM, object_type="screening", object_id=x, data_class=SPECIAL)
    (listed,) = _list([x, y])
    (other,) = _list([y])
    _list([x], object_type="referral")  # another type with the same id
    found = audit_event_list(actor=SYSTEM, object_type="screening", object_id=str(x))
    assert [e.seq for e in found] == [listed.seq, single.seq]
    assert [e.seq for e in audit_event_list(actor=SYSTEM, object_id=str(y))] == [
        other.seq,
        listed.seq,
    ]
    history = events_for_object(actor=SYSTEM, object_type="screening", object_id=str(x))
    assert [e.seq for e in history] == [single.seq, listed.seq]
    by_type = audit_event_list(actor=SYSTEM, object_type="screening")
    assert {e.seq for e in by_type} == {single.seq, listed.seq, other.seq}


def test_the_api_filters_by_record_too(client, make_user):
    from conftest import client_for
    from lantern.core.actor import Role

    x = uuid.uuid4()
    (event,) = _list([x, uuid.uuid4()])
    admin = client_for(make_user(Role.ADMIN))
    page = admin.get("/api/v1/audit/events", {"object_type": "screening", "object_id": str(x)})
    assert page.status_code == 200
    body = page.json()
    items = body["results"]
    assert [e["seq"] for e in items] == [event.seq]


def test_lookup_rows_are_append_only():
    _list(["a", "b"])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEventObject.objects.filter(object_id="a").update(object_id="z")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEventObject.objects.filter(object_id="a").delete()


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_auditeventobject SET object_id = 'someone-else' WHERE object_id = 'b'",
        "DELETE FROM audit_auditeventobject WHERE object_id = 'b'",
        "INSERT INTO audit_auditeventobject (event_id, object_type, object_id)"
        " SELECT seq, object_type, 'c' FROM audit_auditevent WHERE action = 'record.listed'",
    ],
    ids=["altered", "removed", "added"],
)
def test_verify_finds_a_tampered_lookup_row(tamper):
    audit_access(actor=SYSTEM, object_type="screening", object_id="x", data_class=SPECIAL)
    (event,) = _list(["a", "b"])
    audit_access(actor=SYSTEM, object_type="screening", object_id="y", data_class=SPECIAL)
    assert verify_chain().ok
    _raw(tamper)
    verdict = verify_chain()
    assert not verdict.ok and verdict.first_bad_seq == event.seq
    assert "lookup rows" in verdict.reason and verdict.events == event.seq - 1
    assert verdict.head_hash == AuditEvent.objects.get(seq=event.seq - 1).hash
    assert verify_chain(since_checkpoint=True).first_bad_seq == event.seq


def test_verify_finds_a_lookup_row_pinned_to_an_event_that_is_not_a_list():
    single = audit_access(actor=SYSTEM, object_type="screening", object_id="x", data_class=SPECIAL)
    _list(["a"])
    _raw(
        "INSERT INTO audit_auditeventobject (event_id, object_type, object_id)"
        " VALUES (%s, 'screening', 'a')",
        [single.seq],
    )
    verdict = verify_chain()
    assert not verdict.ok and verdict.first_bad_seq == single.seq
    assert "not a list" in verdict.reason


def test_verify_finds_a_lookup_row_pinned_to_no_event():
    _list(["a"])
    _raw(
        "INSERT INTO audit_auditeventobject (event_id, object_type, object_id)"
        " VALUES (99, 'screening', 'a')"
    )
    verdict = verify_chain()
    assert not verdict.ok and verdict.first_bad_seq == 99 and verdict.events == 1


def test_verify_finds_tampered_details():
    (event,) = _list(["a", "b"])
    _raw(
        "UPDATE audit_auditevent SET details = %s WHERE seq = %s",
        [event.details.replace('"b"', '"c"'), event.seq],
    )
    _raw("UPDATE audit_auditeventobject SET object_id = 'c' WHERE object_id = 'b'")
    verdict = verify_chain()
    assert not verdict.ok and verdict.first_bad_seq == event.seq
    assert "hash does not match" in verdict.reason
