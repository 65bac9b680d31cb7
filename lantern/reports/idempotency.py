"""Filing a report at most once per Idempotency-Key (``POST /api/v1/reports/``).

Follows the IETF draft "The Idempotency-Key HTTP Header Field"
(draft-ietf-httpapi-idempotency-key-header): a client that sends a key and loses the answer
(a dropped connection, a server killed mid-request) sends the same request with the same
key again and gets the first answer, the same status and body naming the same report,
never a second report. Documented for clients in docs/api.md.

- **Who**: a key belongs to the caller who sent it: the user (bearer token or signed-in
  session), or for a visitor who is not signed in, their session. Another caller's key,
  even the same text, is another key; nobody can fetch someone else's answer.
- **Once**: the key is written in the transaction that files the report, under a unique
  constraint (caller, key). A crash leaves both or neither. Two requests with one key at
  once: the second waits at the constraint until the first commits, then gets its answer
  (on SQLite the second waits for the write lock and finds the key).
- **Same request**: the key remembers the SHA-256 of the request body. The same key with
  another body is refused (422), as the draft says.
- **24 hours**: after that a key is forgotten (``idempotency_keys_expire``, hourly).
- **Only a filed report is remembered**: a refused request (422, 403) writes nothing, so
  sending it again is tried afresh.
- **No secret in clear**: the answer carries an anonymous report's tracking code, of which
  the report keeps only a hash. The answer is sealed (AES-GCM) with a key derived from the
  Idempotency-Key and ``SECRET_KEY``; the Idempotency-Key itself is kept only hashed. Each
  answer given again is an audit event (``report.answer_replayed``)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.crypto import salted_hmac

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import LanternError
from lantern.reports.models import IdempotencyKey
from lantern.reports.services import (
    IDEMPOTENCY_KEYS_EXPIRED,
    REPORT_ANSWER_REPLAYED,
    Created,
    ReportInput,
    report_create,
)

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
MAX_LENGTH = 255
NONCE_BYTES = 12


class InvalidKey(LanternError):
    """The header is not a key Lantern accepts (answered 400)."""

    def __init__(self) -> None:
        super().__init__(
            f"{HEADER} must be 1 to {MAX_LENGTH} printable ASCII characters (a UUID is a "
            'good key); it may be sent as a quoted string, such as "8e03978e-40d5-43e8"'
        )


class KeyReused(LanternError):
    """The key was used before with a different request body (answered 422)."""

    def __init__(self) -> None:
        super().__init__(
            f"This {HEADER} was used for a different request: send a new report with a new key"
        )


class AnswerLost(LanternError):
    """A report was filed with this key, but its answer can no longer be opened (the
    server's SECRET_KEY changed since); answered 409 so that the client files nothing new."""

    def __init__(self) -> None:
        super().__init__(
            f"A report was already filed with this {HEADER}, but its answer can no longer be "
            "given again; do not send the report again"
        )


def _unquote(text: str) -> str:
    """The content of a Structured Field String (RFC 8941 section 3.3.3), as the draft
    writes the key: "..." with \\" and \\\\ as the only escapes."""
    chars: list[str] = []
    inner = iter(text[1:-1])
    for ch in inner:
        if ch == "\\":
            escaped = next(inner, "")
            if escaped not in ('"', "\\"):
                raise InvalidKey
            chars.append(escaped)
        elif ch == '"':
            raise InvalidKey
        else:
            chars.append(ch)
    return "".join(chars)


def parse_key(value: str) -> str:
    """The key a header carries: 1 to 255 printable ASCII characters (space to tilde), sent
    bare or as a quoted string. Otherwise InvalidKey."""
    text = value.strip(" \t")
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = _unquote(text)
    if not 1 <= len(text) <= MAX_LENGTH or any(not " " <= ch <= "~" for ch in text):
        raise InvalidKey
    return text


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class IdempotentRequest:
    key: str
    client: str  # "user:<id>" or "session:<session key>"; only its hash is stored
    body_sha256: str

    @property
    def client_hash(self) -> str:
        return _sha256(self.client)

    @property
    def key_hash(self) -> str:
        return _sha256(self.key)


def idempotent_request(
    *, key: str, actor: Actor, session_key: str | None, body: bytes
) -> IdempotentRequest:
    """The caller's request with ``key``: a signed-in user's or token holder's by their user
    id, a visitor's who is not signed in by their session."""
    if actor.user_id is not None:
        client = f"user:{actor.user_id}"
    elif session_key:
        client = f"session:{session_key}"
    else:
        raise ValueError("an idempotent request needs a user or a session")
    return IdempotentRequest(key=key, client=client, body_sha256=hashlib.sha256(body).hexdigest())


def _cipher(request: IdempotentRequest) -> AESGCM:
    secret = salted_hmac(
        "lantern.reports.idempotency",
        f"{request.client}\n{request.key}",
        secret=settings.SECRET_KEY,
        algorithm="sha256",
    ).digest()
    return AESGCM(secret)


def _bound_to(request: IdempotentRequest) -> bytes:
    """Associated data: a sealed answer opens only for the row it was written for."""
    return f"{request.client_hash}:{request.key_hash}".encode()


def _seal(request: IdempotentRequest, body: dict[str, Any]) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(body, sort_keys=True).encode()
    return nonce + _cipher(request).encrypt(nonce, plain, _bound_to(request))


def _unseal(request: IdempotentRequest, sealed: bytes) -> dict[str, Any]:
    nonce, box = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    try:
        plain = _cipher(request).decrypt(nonce, box, _bound_to(request))
    except InvalidTag:
        raise AnswerLost from None
    answer: dict[str, Any] = json.loads(plain)
    return answer


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    replayed: bool


def _same_key(request: IdempotentRequest) -> QuerySet[IdempotencyKey]:
    return IdempotencyKey.objects.filter(client_hash=request.client_hash, key_hash=request.key_hash)


def _kept(request: IdempotentRequest) -> IdempotencyKey | None:
    return _same_key(request).filter(created_at__gte=clock.now() - LIFETIME).first()


def _replay(actor: Actor, request: IdempotentRequest, kept: IdempotencyKey) -> Answer:
    if kept.request_sha256 != request.body_sha256:
        raise KeyReused
    body = _unseal(request, bytes(kept.answer))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=REPORT_ANSWER_REPLAYED,
            object_type="report",
            object_id=kept.report_id,
            details={"status": kept.status},
        )
    return Answer(status=kept.status, body=body, replayed=True)


def report_create_once(
    *,
    actor: Actor,
    data: ReportInput,
    request: IdempotentRequest,
    answer: Callable[[Created], tuple[int, dict[str, Any]]],
) -> Answer:
    """File the report unless ``request``'s key already filed one: then give the first
    answer again (KeyReused if the body differs). ``answer`` makes the answer (status and
    JSON body) to a report just filed; it is kept with the key in the report's transaction."""
    kept = _kept(request)
    if kept is not None:
        return _replay(actor, request, kept)
    first: list[Answer] = []

    def keep(created: Created) -> None:
        status, body = answer(created)
        # A key past its 24 hours that the hourly sweep has not deleted yet makes room.
        _same_key(request).filter(created_at__lt=clock.now() - LIFETIME).delete()
        IdempotencyKey.objects.create(
            client_hash=request.client_hash,
            key_hash=request.key_hash,
            request_sha256=request.body_sha256,
            report=created.report,
            status=status,
            answer=_seal(request, body),
        )
        first.append(Answer(status=status, body=body, replayed=False))

    try:
        report_create(actor=actor, data=data, within=keep)
    except IntegrityError:
        # Another request with this key committed first (it held the key's unique entry
        # until then): its answer is the answer. Anything else is not ours to hide.
        kept = _kept(request)
        if kept is None:
            raise
        return _replay(actor, request, kept)
    return first[0]


def idempotency_keys_expire(*, actor: Actor, now: datetime | None = None) -> int:
    """Delete the keys older than 24 hours, with their sealed answers. Returns how many."""
    cutoff = (now or clock.now()) - LIFETIME
    with transaction.atomic():
        count, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
        if count:
            audit_record(
                actor=actor,
                action=IDEMPOTENCY_KEYS_EXPIRED,
                object_type="idempotency_key",
                details={"count": count},
            )
    return count
