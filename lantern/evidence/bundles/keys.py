"""Each partnership's Ed25519 key for signing bundles (docs/adr/0019-bundle-signing-keys.md).

Made on first use, one current key per partnership. The private key is stored sealed the way
Lantern keeps other secrets at rest (``lantern.notifications.sealing``): AES-GCM under a key
derived from ``SECRET_KEY`` (``salted_hmac``) and bound to the key's row, so a sealed key
opens only for its own row and never without the application's secret; after a rotation of
``SECRET_KEY`` the old one, kept in ``SECRET_KEY_FALLBACKS``, still opens it. The public key
is stored in clear and published (``/evidence/keys/``) and put in every bundle.
"""

from __future__ import annotations

import base64
import hashlib
import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.evidence.bundles.events import BUNDLE_KEY, BUNDLE_KEY_CREATED, BUNDLE_KEY_RETIRED
from lantern.evidence.models import BundleKey

NONCE_BYTES = 12
_RAW = serialization.Encoding.Raw


class KeyUnavailable(Exception):
    """The partnership's signing key cannot be opened: SECRET_KEY changed without the old
    one in SECRET_KEY_FALLBACKS. Bundles already made still verify with the published key."""


def _cipher(row_id: uuid.UUID, secret: str) -> AESGCM:
    derived = salted_hmac(
        "lantern.evidence.bundle_key", str(row_id), secret=secret, algorithm="sha256"
    ).digest()
    return AESGCM(derived)


def seal(row_id: uuid.UUID, key: Ed25519PrivateKey) -> bytes:
    raw = key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _cipher(row_id, settings.SECRET_KEY).encrypt(nonce, raw, row_id.bytes)


def unseal(row_id: uuid.UUID, sealed: bytes) -> Ed25519PrivateKey:
    sealed = bytes(sealed)
    nonce, box = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            raw = _cipher(row_id, secret).decrypt(nonce, box, row_id.bytes)
        except InvalidTag:
            continue
        return Ed25519PrivateKey.from_private_bytes(raw)
    raise KeyUnavailable("the bundle signing key cannot be opened with SECRET_KEY")


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(_RAW, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(row: BundleKey) -> str:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(row.public_key))
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def _current(partnership_id: uuid.UUID) -> BundleKey | None:
    return BundleKey.objects.filter(partnership_id=partnership_id, retired_at__isnull=True).first()


def bundle_key_for(
    *, actor: Actor, partnership_id: uuid.UUID
) -> tuple[BundleKey, Ed25519PrivateKey]:
    """The partnership's current key and its private half, made (and audited) on first use.
    Two first uses at once: one row wins the unique constraint, both use it."""
    row = _current(partnership_id)
    if row is None:
        try:
            row = _create(actor, partnership_id)
        except IntegrityError:
            row = _current(partnership_id)
            if row is None:
                raise
    return row, unseal(row.pk, row.sealed_private_key)


def _create(actor: Actor, partnership_id: uuid.UUID) -> BundleKey:
    private = Ed25519PrivateKey.generate()
    public = private.public_key()
    row_id = uuid.uuid4()
    with transaction.atomic():
        row = BundleKey.objects.create(
            id=row_id,
            partnership_id=partnership_id,
            key_id=key_id(public),
            public_key=base64.b64encode(
                public.public_bytes(_RAW, serialization.PublicFormat.Raw)
            ).decode(),
            sealed_private_key=seal(row_id, private),
        )
        audit_record(
            actor=actor,
            action=BUNDLE_KEY_CREATED,
            object_type=BUNDLE_KEY,
            object_id=row.pk,
            details={"key_id": row.key_id, "partnership": str(partnership_id)},
        )
    return row


def bundle_key_retire(*, actor: Actor, partnership_id: uuid.UUID) -> BundleKey:
    """Retire the partnership's current key (lost SECRET_KEY, a suspected leak, a routine
    change): it signs nothing more and stays published; the next bundle makes a new one.
    Administrators and Lantern itself only."""
    from lantern.core.actor import Role

    if not (actor.is_system or actor.has_role(Role.ADMIN)):
        raise NotFound("bundle key")
    with transaction.atomic():
        row = (
            BundleKey.objects.select_for_update()
            .filter(partnership_id=partnership_id, retired_at__isnull=True)
            .first()
        )
        if row is None:
            raise NotFound("bundle key")
        row.retired_at = clock.now()
        row.save(update_fields=["retired_at", "updated_at"])
        audit_record(
            actor=actor,
            action=BUNDLE_KEY_RETIRED,
            object_type=BUNDLE_KEY,
            object_id=row.pk,
            details={"key_id": row.key_id, "partnership": str(partnership_id)},
        )
    return row


def published_keys():
    """Every bundle key, current and retired, with its partnership: public knowledge."""
    return BundleKey.objects.select_related("partnership").order_by(
        "partnership__name", "created_at"
    )


def published_key(key_id_text: str) -> BundleKey | None:
    return BundleKey.objects.filter(key_id=key_id_text).first()
