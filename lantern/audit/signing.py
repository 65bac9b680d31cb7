"""The Ed25519 key that signs the audit chain's checkpoints (ADR 0013), from ``cryptography``.

The private key comes from ``AUDIT_SIGNING_KEY`` (base64 of the raw 32 bytes, or PEM); the
production settings refuse to start without it. Elsewhere (the embedded install, a
developer's machine) a key is generated on first use into ``AUDIT_SIGNING_KEY_FILE``
(``var/audit_signing_key``, readable by its owner only, never committed). A checkpoint
names its key by ``key_id``: the first 16 hex digits of the SHA-256 of the raw public key.
Checkpoints verify against the current key's public half and the public keys of earlier
signing keys listed in ``AUDIT_TRUSTED_PUBLIC_KEYS``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_RAW = serialization.Encoding.Raw


def new_private_key() -> str:
    """A fresh key, as AUDIT_SIGNING_KEY takes it: base64 of the raw 32 bytes."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode("ascii")


def parse_private_key(text: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from base64 of its raw 32 bytes, or from PEM (PKCS #8)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        except (TypeError, UnsupportedAlgorithm) as exc:  # encrypted, or not a key we know
            raise ValueError(f"the PEM key cannot be read ({exc})") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 private key")
        return key
    return Ed25519PrivateKey.from_private_bytes(_raw32(text))


def parse_public_key(text: str) -> Ed25519PublicKey:
    """An Ed25519 public key from base64 of its raw 32 bytes, or from PEM."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode())
        except UnsupportedAlgorithm as exc:
            raise ValueError(f"the PEM key cannot be read ({exc})") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the PEM key is not an Ed25519 public key")
        return key
    return Ed25519PublicKey.from_public_bytes(_raw32(text))


def _raw32(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("the key is neither PEM nor base64") from exc
    if len(raw) != 32:
        raise ValueError(f"an Ed25519 key has 32 bytes, not {len(raw)}")
    return raw


def public_text(key: Ed25519PublicKey) -> str:
    """The public key as AUDIT_TRUSTED_PUBLIC_KEYS takes it: base64 of the raw 32 bytes."""
    return base64.b64encode(key.public_bytes(_RAW, serialization.PublicFormat.Raw)).decode()


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(_RAW, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def private_key() -> Ed25519PrivateKey:
    """The signing key: AUDIT_SIGNING_KEY, or outside production the key file."""
    configured = settings.AUDIT_SIGNING_KEY
    if configured:
        try:
            return parse_private_key(configured)
        except ValueError as exc:
            raise ImproperlyConfigured(f"AUDIT_SIGNING_KEY: {exc}") from None
    if settings.LANTERN_ENV == "production":
        raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be set in production")
    return parse_private_key(_key_file(Path(settings.AUDIT_SIGNING_KEY_FILE)))


def _key_file(path: Path) -> str:
    """The key in ``path``, written there first (mode 0600) if there is none. Two processes
    starting at once both write a temporary file; the first link wins, and both read it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(new_private_key() + "\n")
        try:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            temporary.unlink()
    return path.read_text()


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    """The public keys checkpoints may be signed with, by key id: the signing key's, then
    those of AUDIT_TRUSTED_PUBLIC_KEYS."""
    keys = [private_key().public_key()]
    for text in settings.AUDIT_TRUSTED_PUBLIC_KEYS:
        try:
            keys.append(parse_public_key(text))
        except ValueError as exc:
            raise ImproperlyConfigured(f"AUDIT_TRUSTED_PUBLIC_KEYS: {exc}") from None
    return {key_id(key): key for key in keys}


def sign(message: bytes) -> tuple[str, str]:
    """(signature in base64, key id) of ``message`` with the signing key."""
    key = private_key()
    signature = base64.b64encode(key.sign(message)).decode("ascii")
    return signature, key_id(key.public_key())


def verifies(message: bytes, signature: str, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
