"""The audit log in the database: same-transaction writes, append-only triggers, verify."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from lantern.audit import catalogue, chain, triggers
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_access, audit_record
from lantern.audit.verify import verify_chain
from lantern.core.actor import SYSTEM
from lantern.core.dataclass import DataClass

pytestmark = pytest.mark.django_db


def _events(n: int) -> None:
    for i in range(n):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED, details={"i": i})


def _run_verify(*options: str) -> tuple[int, dict]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", "--json", "--no-record", *options, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def _raw(sql: str, params: list | None = None) -> None:
    """Tamper with the table as an attacker with database access would: triggers dropped."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
    finally:
        triggers.create(connection)


def test_events_chain_from_genesis_and_verify():
    _events(5)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    verdict = verify_chain()
    assert verdict.ok and verdict.events == 5 and verdict.head_hash == events[-1].hash


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 28, 0, 0, 0, tzinfo=UTC),  # a whole second: ".000000Z"
        datetime(2026, 3, 29, 1, 30, 15, 7, tzinfo=UTC),  # a few microseconds
        datetime(2026, 6, 1, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_the_stored_hash_is_sha256_of_the_canonical_encoding(moment):
    """The hash the database stores (computed in SQL on PostgreSQL, in Python on SQLite)
    is SHA-256 of chain.encode's bytes, non-ASCII text included; the returned event is the
    stored one."""
    _events(1)
    with time_machine.travel(moment, tick=False):
        returned = audit_record(
            actor=SYSTEM,
            action=catalogue.AUDIT_VERIFIED,
            object_type="répertoire",
            object_id="Zoë-ğ-💡",
            details={"note": "naïve", "n": 1},
        )
    stored = AuditEvent.objects.get(seq=2)
    assert stored.occurred_at == moment
    encoded = chain.encode(
        2,
        chain.format_time(moment),
        "change",
        "system",
        catalogue.AUDIT_VERIFIED,
        "répertoire",
        "Zoë-ğ-💡",
        '{"n":1,"note":"na\\u00efve"}',
        AuditEvent.objects.get(seq=1).hash,
    )
    assert stored.hash == chain.digest(encoded)
    assert [getattr(returned, f.attname) for f in AuditEvent._meta.fields] == [
        getattr(stored, f.attname) for f in AuditEvent._meta.fields
    ]
    assert verify_chain().events == 2


def test_audit_row_rolls_back_with_the_change():
    _events(1)

    def change_that_fails() -> None:
        with transaction.atomic():
            audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert AuditEvent.objects.count() == 1
    assert verify_chain().ok


def test_unknown_action_and_personal_data_are_refused():
    with pytest.raises(ValueError, match="catalogue"):
        audit_record(actor=SYSTEM, action="made.up")
    with pytest.raises(ValueError, match="personal data"):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED, details={"email": "a@b.c"})
    with pytest.raises(ValueError, match="line break"):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED, object_id="1\n2")


def test_access_events_for_logged_data_classes_only():
    assert (
        audit_access(actor=SYSTEM, object_type="x", object_id=1, data_class=DataClass.PUBLIC)
        is None
    )
    event = audit_access(
        actor=SYSTEM, object_type="x", object_id=1, data_class=DataClass.SPECIAL_CATEGORY
    )
    assert event is not None and event.kind == "access"
    assert json.loads(event.details)["data_class"] == "special_category"


def test_update_is_refused_by_the_database():
    _events(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="audit.tampered")


def test_delete_is_refused_by_the_database():
    _events(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()


def test_raw_sql_update_and_delete_are_refused():
    _events(2)
    table = AuditEvent._meta.db_table
    for sql in (f"UPDATE {table} SET actor = 'x' WHERE seq = 1", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql)
    assert AuditEvent.objects.count() == 2


@pytest.mark.postgres_only
def test_truncate_is_refused_on_postgresql():
    _events(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(f"TRUNCATE {AuditEvent._meta.db_table}")


def test_a_fork_cannot_be_stored():
    _events(2)
    first = AuditEvent.objects.get(seq=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(
            seq=99,
            occurred_at=first.occurred_at,
            kind="change",
            actor="system",
            action=catalogue.AUDIT_VERIFIED,
            details="{}",
            prev_hash=first.prev_hash,
            hash="f" * 64,
        )


def test_verify_command_exits_zero_when_the_chain_holds():
    _events(3)
    code, verdict = _run_verify()
    assert code == 0
    assert verdict["ok"] is True and verdict["events"] == 3 and verdict["first_bad_seq"] is None


@pytest.mark.parametrize(
    "column", ["action", "actor", "details", "kind", "object_id", "object_type", "occurred_at"]
)
def test_verify_names_an_altered_event(column):
    _events(5)
    value = {"occurred_at": "2020-01-01 00:00:00", "kind": "access"}.get(column, '{"i":99}')
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET {column} = %s WHERE seq = 3", [value])
    code, verdict = _run_verify()
    assert code != 0
    assert verdict["ok"] is False and verdict["first_bad_seq"] == 3


def test_verify_names_a_deleted_event():
    _events(5)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 2")
    code, verdict = _run_verify()
    assert code != 0 and verdict["first_bad_seq"] == 2


def test_verify_names_an_inserted_event():
    _events(4)
    table = AuditEvent._meta.db_table
    second = AuditEvent.objects.get(seq=2)
    # Make room after event 2 and slip in a forged event, its own hash correct, as number 3.
    fields = {
        "seq": 3,
        "occurred_at": chain.format_time(second.occurred_at),
        "kind": "change",
        "actor": "system",
        "action": catalogue.AUDIT_VERIFIED,
        "object_type": "",
        "object_id": "",
        "details": "{}",
        "prev_hash": "e" * 64,
    }
    _raw(f"UPDATE {table} SET seq = seq + 100 WHERE seq > 2")
    _raw(
        f"INSERT INTO {table} (seq, occurred_at, kind, actor, action, object_type, object_id,"
        " details, prev_hash, hash) VALUES (3, %s, 'change', 'system', %s, '', '', '{}', %s, %s)",
        [
            second.occurred_at,
            catalogue.AUDIT_VERIFIED,
            "e" * 64,
            chain.digest(chain.encode(**fields)),
        ],
    )
    _raw(f"UPDATE {table} SET seq = seq - 99 WHERE seq > 100")
    code, verdict = _run_verify()
    assert code != 0 and verdict["first_bad_seq"] == 3


def test_verify_records_its_own_event_when_asked():
    _events(2)
    call_command("audit", "verify")
    last = AuditEvent.objects.order_by("-seq").first()
    assert last.action == catalogue.AUDIT_VERIFIED
    assert json.loads(last.details) == {
        "checkpoints": 0,
        "events": 2,
        "head": AuditEvent.objects.get(seq=2).hash,
        "ok": True,
        "since": 0,
    }


def test_verify_prints_the_verdict_and_its_json_last(capsys):
    _events(2)
    call_command("audit", "verify", "--no-record")
    assert "Audit chain holds: 2 events verified; 0 signed checkpoints hold." in (
        capsys.readouterr().out
    )
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET actor = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="first bad sequence number: 2"):
        call_command("audit", "verify")
    assert "broken at sequence number 2: hash does not match" in capsys.readouterr().out
    code, verdict = _run_verify()
    assert code == 1
    assert verdict == {
        "ok": False,
        "events": 1,
        "first_bad_seq": 2,
        "reason": "hash does not match the event's contents",
        "head_hash": AuditEvent.objects.get(seq=1).hash,
        "since_seq": 0,
        "checkpoints": 0,
        "bad_checkpoint": None,
    }


def test_own_activity_is_the_users_latest_changes_newest_first():
    import uuid

    from lantern.audit.selectors import own_activity
    from lantern.core.actor import Actor

    me = Actor(user_id=uuid.uuid4(), label="me")
    other = Actor(user_id=uuid.uuid4(), label="other")
    for _ in range(3):
        audit_record(actor=me, action=catalogue.AUDIT_VERIFIED)
    mine = list(
        AuditEvent.objects.filter(actor=str(me.user_id))
        .order_by("-seq")
        .values_list("seq", flat=True)
    )
    # Later reads by the user and changes by others are not "my activity".
    for _ in range(5):
        audit_access(actor=me, object_type="report", object_id="r", data_class=DataClass.PERSONAL)
        audit_record(actor=other, action=catalogue.AUDIT_VERIFIED)
    assert [e.seq for e in own_activity(actor=me, limit=2)] == mine[:2]
    assert [e.seq for e in own_activity(actor=me)] == mine
