"""A notification's address and personalisation, sealed (AES-GCM) while it waits to be sent.
The key is derived from SECRET_KEY and bound to the notification's id, so a sealed payload
opens only for its own row."""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

NONCE_BYTES = 12


def _cipher(notification_id: uuid.UUID) -> AESGCM:
    secret = salted_hmac(
        "lantern.notifications.payload",
        str(notification_id),
        secret=settings.SECRET_KEY,
        algorithm="sha256",
    ).digest()
    return AESGCM(secret)


def seal(notification_id: uuid.UUID, payload: dict[str, Any]) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(payload, sort_keys=True).encode()
    return nonce + _cipher(notification_id).encrypt(nonce, plain, notification_id.bytes)


def unseal(notification_id: uuid.UUID, sealed: bytes) -> dict[str, Any]:
    """The payload; raises cryptography's InvalidTag if it was not sealed for this row."""
    sealed = bytes(sealed)
    nonce, box = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    payload: dict[str, Any] = json.loads(
        _cipher(notification_id).decrypt(nonce, box, notification_id.bytes)
    )
    return payload
