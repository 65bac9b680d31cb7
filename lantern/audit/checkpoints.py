"""Signed checkpoints of the audit chain (ADR 0013).

A checkpoint says "event ``seq`` had hash ``head_hash``", signed with Ed25519 at
``signed_at`` (``lantern.audit.signing``). The signed bytes are a version tag, the number,
the hash and the time (``chain.format_time``), joined by newlines. Someone who can write
to the database but has not the signing key cannot make a checkpoint that verifies: so
``lantern audit verify --since-checkpoint`` can trust the latest checkpoint's head, once it
verifies and the event still has that hash, and check only the events after it. A full
verify checks every event, then every checkpoint.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from lantern.audit import chain, signing
from lantern.audit.models import AuditCheckpoint, AuditEvent

VERSION = b"lantern-audit-checkpoint-v1"
CHUNK = 1_000


def message(seq: int, head_hash: str, signed_at: datetime) -> bytes:
    return b"\n".join(
        (VERSION, str(seq).encode(), head_hash.encode(), chain.format_time(signed_at).encode())
    )


def signed(*, seq: int, head_hash: str, signed_at: datetime) -> AuditCheckpoint:
    """A checkpoint of event ``seq`` (not saved), signed with the signing key."""
    signature, key_id = signing.sign(message(seq, head_hash, signed_at))
    return AuditCheckpoint(
        seq=seq, head_hash=head_hash, signed_at=signed_at, signature=signature, key_id=key_id
    )


def latest(using: str = "default") -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.using(using).order_by("-seq", "-id").first()


def problem(
    checkpoint: AuditCheckpoint, event_hash: str | None, keys: dict
) -> tuple[str, int | None]:
    """What is wrong with a checkpoint, given the stored hash of its event (None: no such
    event) and the trusted keys: ("", None) if nothing; else why, and the event's number
    when the event, not the checkpoint, no longer matches."""
    name = f"checkpoint {checkpoint.pk}"
    key = keys.get(checkpoint.key_id)
    if key is None:
        return f"{name}: signed with key {checkpoint.key_id}, which is not trusted", None
    signed_bytes = message(checkpoint.seq, checkpoint.head_hash, checkpoint.signed_at)
    if not signing.verifies(signed_bytes, checkpoint.signature, key):
        return f"{name}: its signature does not verify", None
    if event_hash is None:
        return f"{name}: event {checkpoint.seq} is missing", checkpoint.seq
    if event_hash != checkpoint.head_hash:
        return f"{name}: event {checkpoint.seq} no longer has the hash it signed", checkpoint.seq
    return "", None


def _hashes(seqs: list[int], using: str) -> dict[int, str]:
    events = AuditEvent.objects.using(using).filter(seq__in=seqs)
    return dict(events.values_list("seq", "hash"))


def check(checkpoint: AuditCheckpoint, using: str = "default") -> chain.Verdict | None:
    """None if the checkpoint verifies and its event still has its hash; otherwise a
    verdict that names it (nothing verified)."""
    hashes = _hashes([checkpoint.seq], using)
    reason, bad_seq = problem(checkpoint, hashes.get(checkpoint.seq), signing.trusted_keys())
    if not reason:
        return None
    return chain.Verdict(
        False, 0, bad_seq, reason, since_seq=checkpoint.seq, bad_checkpoint=checkpoint.pk
    )


def check_all(verdict: chain.Verdict, using: str = "default") -> chain.Verdict:
    """``verdict`` (the whole chain holds) with every checkpoint checked, in ``seq`` order;
    the first that fails makes it fail."""
    keys = signing.trusted_keys()
    every = list(AuditCheckpoint.objects.using(using).order_by("seq", "id"))
    for start in range(0, len(every), CHUNK):
        batch = every[start : start + CHUNK]
        hashes = _hashes([c.seq for c in batch], using)
        for checked, checkpoint in enumerate(batch, start=start):
            reason, bad_seq = problem(checkpoint, hashes.get(checkpoint.seq), keys)
            if reason:
                return replace(
                    verdict,
                    ok=False,
                    first_bad_seq=bad_seq,
                    reason=reason,
                    checkpoints=checked,
                    bad_checkpoint=checkpoint.pk,
                )
    return replace(verdict, checkpoints=len(every))
