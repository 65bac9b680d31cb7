"""Signed checkpoints of the audit chain (ADR 0013): writing them, the signing key, and
what ``verify`` and ``verify --since-checkpoint`` see after tampering.

``--since-checkpoint`` trusts the latest checkpoint's head once its signature verifies and
its event still has that hash: damage before the checkpoint that leaves that event's hash
alone (an altered or deleted event, not rehashed) goes unseen by it, and a full verify
names it. A chain rewritten and rehashed from before the checkpoint changes the
checkpoint's event, which both see.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from lantern.audit import catalogue, chain, checkpoints, signing, triggers
from lantern.audit.checks import audit_signing_key
from lantern.audit.models import AuditCheckpoint, AuditEvent
from lantern.audit.services import audit_checkpoint_create, audit_record
from lantern.audit.tasks import sign_audit_checkpoint
from lantern.audit.verify import verify_chain
from lantern.core import clock
from lantern.core.actor import SYSTEM
from lantern.core.periodic import periodic_tasks

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


def _events(n: int) -> None:
    for i in range(n):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED, details={"i": i})


def _head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _raw(sql: str, params: list | None = None) -> None:
    """Tamper as someone with database access would: the triggers dropped, then put back."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
    finally:
        triggers.create(connection)


def _rewrite_from(seq: int) -> None:
    """Alter event ``seq`` and rehash it and every event after it: a chain that verifies
    from the first event to the last, but is not the one that was written."""
    prev = AuditEvent.objects.get(seq=seq).prev_hash
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        details = '{"forged":true}' if event.seq == seq else event.details
        fields = [getattr(event, name) for name in chain.FIELDS]
        fields[1] = chain.format_time(event.occurred_at)
        fields[7], fields[8] = details, prev
        new_hash = chain.digest(chain.encode(*fields))
        _raw(
            f"UPDATE {TABLE} SET details = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [details, prev, new_hash, event.seq],
        )
        prev = new_hash


def _verify(*options: str) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("audit", "verify", "--json", "--no-record", *options, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def checkpointed() -> AuditCheckpoint:
    """Ten events, a checkpoint of event 10 (its own event is 11), then events 12 to 16."""
    AuditCheckpoint.objects.all().delete()
    _events(10 - _head())
    checkpoint = audit_checkpoint_create(actor=SYSTEM)
    assert checkpoint is not None and checkpoint.seq == 10
    _events(5)
    return checkpoint


# --- Writing checkpoints ------------------------------------------------------------------


def test_a_checkpoint_signs_the_head_and_is_itself_an_audited_write(checkpointed):
    signed = AuditEvent.objects.get(seq=11)
    assert signed.action == catalogue.AUDIT_CHECKPOINT_SIGNED
    assert signed.object_id == str(checkpointed.pk)
    assert json.loads(signed.details) == {
        "seq": 10,
        "head": AuditEvent.objects.get(seq=10).hash,
        "key_id": checkpointed.key_id,
    }
    key = signing.private_key().public_key()
    assert checkpointed.key_id == signing.key_id(key)
    message = checkpoints.message(10, checkpointed.head_hash, checkpointed.signed_at)
    assert signing.verifies(message, checkpointed.signature, key)
    assert not signing.verifies(message + b"x", checkpointed.signature, key)


def test_there_is_no_checkpoint_of_an_empty_log():
    _raw(f"DELETE FROM {TABLE}")
    assert audit_checkpoint_create(actor=SYSTEM) is None
    with pytest.raises(CommandError, match="empty"):
        call_command("audit", "checkpoint")


def test_the_checkpoint_command_signs_one_now(capsys):
    _events(3)
    call_command("audit", "checkpoint", "--json")
    printed = json.loads(capsys.readouterr().out)
    checkpoint = AuditCheckpoint.objects.get(pk=printed["id"])
    assert printed["seq"] == checkpoint.seq == _head() - 1
    assert printed["signature"] == checkpoint.signature


def test_the_periodic_task_signs_at_least_daily():
    assert {p.name: p.every for p in periodic_tasks()}[
        "lantern.audit.tasks.sign_audit_checkpoint"
    ] == timedelta(hours=1)
    _events(2)
    first = sign_audit_checkpoint.call()
    assert first == _head() - 1
    _events(2)
    assert sign_audit_checkpoint.call() is None  # the latest is less than a day old
    with time_machine.travel(clock.now() + timedelta(days=1, minutes=1)):
        assert sign_audit_checkpoint.call() == _head() - 1


@override_settings(AUDIT_CHECKPOINT_EVERY=4)
def test_a_checkpoint_follows_every_n_events():
    AuditCheckpoint.objects.all().delete()
    _events(3 - _head() % 4 if _head() % 4 != 3 else 0)  # the head is one short of a multiple
    assert not AuditCheckpoint.objects.exists()
    _events(1)  # the append of a multiple of four signs its checkpoint in its transaction
    (checkpoint,) = AuditCheckpoint.objects.all()
    assert checkpoint.seq % 4 == 0
    assert checkpoint.head_hash == AuditEvent.objects.get(seq=checkpoint.seq).hash
    assert AuditEvent.objects.get(seq=checkpoint.seq + 1).action == (
        catalogue.AUDIT_CHECKPOINT_SIGNED
    )
    with override_settings(AUDIT_CHECKPOINT_EVERY=0):
        _events(8)
    assert AuditCheckpoint.objects.count() == 1


@override_settings(AUDIT_CHECKPOINT_EVERY=4)
def test_a_checkpoint_rolls_back_with_the_event_it_covers():
    AuditCheckpoint.objects.all().delete()
    _events(3 - _head() % 4 if _head() % 4 != 3 else 0)
    signed = []

    def change_that_fails() -> None:
        with transaction.atomic():
            _events(1)
            signed.append(AuditCheckpoint.objects.count())
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert signed == [1]
    assert not AuditCheckpoint.objects.exists()


# --- Verifying --------------------------------------------------------------------------


def test_full_and_incremental_verify_hold_and_say_where_they_started(checkpointed):
    code, full = _verify()
    assert code == 0
    assert full["ok"] and full["events"] == 16 and full["since_seq"] == 0
    assert full["checkpoints"] == 1
    code, since = _verify("--since-checkpoint")
    assert code == 0
    assert since["ok"] and since["events"] == 16 and since["since_seq"] == 10
    assert since["head_hash"] == full["head_hash"] == AuditEvent.objects.get(seq=16).hash


def test_since_checkpoint_without_a_checkpoint_checks_everything():
    AuditCheckpoint.objects.all().delete()
    _events(3)
    assert verify_chain(since_checkpoint=True) == verify_chain()
    assert verify_chain(since_checkpoint=True).since_seq == 0


def test_since_checkpoint_uses_the_latest(checkpointed):
    later = audit_checkpoint_create(actor=SYSTEM)
    verdict = verify_chain(since_checkpoint=True)
    assert verdict.ok and verdict.since_seq == later.seq == 16
    assert verify_chain().checkpoints == 2


@pytest.mark.parametrize("where", ["after", "before"])
def test_an_altered_event(checkpointed, where):
    seq = 13 if where == "after" else 5
    _raw(f"UPDATE {TABLE} SET details = '{{}}' WHERE seq = %s", [seq])
    code, full = _verify()
    assert (code, full["first_bad_seq"], full["reason"]) == (
        1,
        seq,
        "hash does not match the event's contents",
    )
    code, since = _verify("--since-checkpoint")
    if where == "after":
        assert (code, since["first_bad_seq"]) == (1, seq)
    else:  # before the checkpoint: only a full verify sees it
        assert code == 0 and since["ok"] and since["since_seq"] == 10


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_deleted_event(checkpointed, where):
    seq = 13 if where == "after" else 5
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [seq])
    code, full = _verify()
    assert (code, full["first_bad_seq"]) == (1, seq)
    assert full["reason"] == f"sequence gap: expected {seq}, found {seq + 1}"
    code, since = _verify("--since-checkpoint")
    if where == "after":
        assert (code, since["first_bad_seq"]) == (1, seq)
    else:
        assert code == 0 and since["ok"]


def test_a_forged_checkpoint_signature_names_the_checkpoint(checkpointed):
    forged = base64.b64encode(bytes(64)).decode()
    AuditCheckpoint.objects.filter(pk=checkpointed.pk).update(signature=forged)
    for options in [(), ("--since-checkpoint",)]:
        code, verdict = _verify(*options)
        assert code == 1 and not verdict["ok"]
        assert verdict["bad_checkpoint"] == checkpointed.pk
        assert verdict["first_bad_seq"] is None
        assert verdict["reason"] == f"checkpoint {checkpointed.pk}: its signature does not verify"


def test_a_checkpoint_moved_to_another_event_does_not_verify(checkpointed):
    other = AuditEvent.objects.get(seq=12)
    AuditCheckpoint.objects.filter(pk=checkpointed.pk).update(seq=12, head_hash=other.hash)
    code, verdict = _verify("--since-checkpoint")
    assert code == 1 and verdict["bad_checkpoint"] == checkpointed.pk
    assert "signature does not verify" in verdict["reason"]


def _new_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def test_a_checkpoint_signed_with_another_key_is_not_trusted(checkpointed):
    with override_settings(AUDIT_SIGNING_KEY=_new_key()):
        stranger = checkpoints.signed(
            seq=12, head_hash=AuditEvent.objects.get(seq=12).hash, signed_at=clock.now()
        )
    stranger.save()
    for options in [(), ("--since-checkpoint",)]:
        code, verdict = _verify(*options)
        assert code == 1 and verdict["bad_checkpoint"] == stranger.pk
        assert verdict["reason"] == (
            f"checkpoint {stranger.pk}: signed with key {stranger.key_id}, which is not trusted"
        )


def test_after_a_key_rotation_the_old_public_key_keeps_old_checkpoints_good(checkpointed):
    old_public = signing.public_text(signing.private_key().public_key())
    with override_settings(AUDIT_SIGNING_KEY=_new_key()):
        verdict = verify_chain()
        assert verdict.bad_checkpoint == checkpointed.pk
        assert "which is not trusted" in verdict.reason
        with override_settings(AUDIT_TRUSTED_PUBLIC_KEYS=[old_public]):
            assert verify_chain().ok
            rotated = audit_checkpoint_create(actor=SYSTEM)
            verdict = verify_chain()
            assert verdict.ok and verdict.checkpoints == 2
            assert rotated.key_id != checkpointed.key_id


def test_a_rewritten_and_rehashed_chain_no_longer_matches_the_checkpoint(checkpointed):
    """Rehashed from event 5 onwards, the events all verify; the signed head does not."""
    _rewrite_from(5)
    assert verify_chain().first_bad_seq == 10  # the chain itself holds: the checkpoint fails
    for options in [(), ("--since-checkpoint",)]:
        code, verdict = _verify(*options)
        assert code == 1 and verdict["bad_checkpoint"] == checkpointed.pk
        assert verdict["first_bad_seq"] == 10
        assert verdict["reason"] == (
            f"checkpoint {checkpointed.pk}: event 10 no longer has the hash it signed"
        )


def test_truncating_the_log_below_a_checkpoint_is_seen(checkpointed):
    _raw(f"DELETE FROM {TABLE} WHERE seq >= 10")
    code, verdict = _verify()
    assert code == 1 and verdict["events"] == 9  # what is left holds
    assert verdict["reason"] == f"checkpoint {checkpointed.pk}: event 10 is missing"
    code, verdict = _verify("--since-checkpoint")
    assert code == 1 and verdict["first_bad_seq"] == 10


def test_the_human_output_names_a_bad_checkpoint(checkpointed, capsys):
    AuditCheckpoint.objects.filter(pk=checkpointed.pk).update(head_hash="0" * 64)
    with pytest.raises(CommandError, match=f"bad checkpoint: {checkpointed.pk}"):
        call_command("audit", "verify")
    assert f"Audit checkpoint broken: checkpoint {checkpointed.pk}" in capsys.readouterr().out


# --- The signing key --------------------------------------------------------------------


def test_outside_production_a_key_file_is_made_on_first_use(tmp_path):
    path = tmp_path / "var" / "audit_signing_key"
    with override_settings(AUDIT_SIGNING_KEY="", AUDIT_SIGNING_KEY_FILE=path):
        first = signing.key_id(signing.private_key().public_key())
        assert oct(path.stat().st_mode)[-3:] == "600"
        assert signing.key_id(signing.private_key().public_key()) == first
    assert [p.name for p in path.parent.iterdir()] == ["audit_signing_key"]


def test_production_never_makes_a_key(tmp_path):
    path = tmp_path / "audit_signing_key"
    with (
        override_settings(
            AUDIT_SIGNING_KEY="", AUDIT_SIGNING_KEY_FILE=path, LANTERN_ENV="production"
        ),
        pytest.raises(ImproperlyConfigured, match="must be set in production"),
    ):
        signing.private_key()
    assert not path.exists()


def test_keys_are_read_from_base64_or_pem():
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    expected = signing.key_id(key.public_key())
    assert signing.key_id(signing.parse_private_key(pem).public_key()) == expected
    assert signing.key_id(signing.parse_public_key(public_pem)) == expected
    public_text = signing.public_text(key.public_key())
    assert signing.key_id(signing.parse_public_key(public_text)) == expected
    for bad in ["", "not a key", base64.b64encode(b"short").decode()]:
        with pytest.raises(ValueError, match="key"):
            signing.parse_private_key(bad)
    with override_settings(AUDIT_SIGNING_KEY="not a key"), pytest.raises(ImproperlyConfigured):
        signing.private_key()


def test_the_signing_key_command_prints_a_usable_key(capsys):
    call_command("audit", "signing-key")
    line, comment = capsys.readouterr().out.splitlines()
    name, _, value = line.partition("=")
    assert name == "AUDIT_SIGNING_KEY"
    public = signing.parse_private_key(value).public_key()
    assert signing.public_text(public) in comment and signing.key_id(public) in comment


@pytest.mark.parametrize(
    ("changes", "error_id"),
    [
        ({"AUDIT_SIGNING_KEY": ""}, "lantern.E008"),
        ({"AUDIT_SIGNING_KEY": "bm90IGEga2V5"}, "lantern.E008"),
        ({"AUDIT_TRUSTED_PUBLIC_KEYS": ["bm90IGEga2V5"]}, "lantern.E009"),
        ({}, None),
    ],
)
def test_the_deploy_check_wants_a_readable_signing_key(changes, error_id):
    with override_settings(**changes):
        errors = audit_signing_key(None)
    assert [e.id for e in errors] == ([error_id] if error_id else [])
