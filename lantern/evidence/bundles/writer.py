"""Writing a bundle: members streamed into a ZIP (ZIP64, stored, not deflated: footage does not
compress and a stored member is checked at the speed of SHA-256), each hashed as it is
written, then the manifest, its signature and the public key. Memory stays constant
whatever the size of the files: each is copied a chunk at a time.

Knows nothing of Django: the service gives it the members and the key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lantern.evidence.bundles.verify import FORMAT, MANIFEST, PUBLIC_KEY, SIGNATURE

CHUNK = 1024 * 1024


class BundleWriteError(Exception):
    """The bundle could not be written; ``message`` says why in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Member:
    """One file of the bundle: its path, a way to open its bytes (an iterator of chunks), and
    what else its manifest entry says. ``expected_sha256``: the bytes must hash to this (an
    evidence blob, named by its SHA-256): a store that returns other bytes stops the bundle."""

    path: str
    chunks: Callable[[], Iterator[bytes]]
    size: int | None = None
    expected_sha256: str = ""
    entry: dict[str, Any] = field(default_factory=dict)


def bytes_member(path: str, data: bytes, **entry: Any) -> Member:
    return Member(path=path, chunks=lambda: iter((data,)), size=len(data), entry=entry)


def _info(path: str, when: datetime, size: int | None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    if size is not None:
        info.file_size = size  # so that zipfile chooses ZIP64 for a member over 2 GiB
    return info


def _write_member(archive: zipfile.ZipFile, member: Member, when: datetime) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(
        _info(member.path, when, member.size), "w", force_zip64=member.size is None
    ) as out:
        for chunk in member.chunks():
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    sha256 = digest.hexdigest()
    if member.expected_sha256 and sha256 != member.expected_sha256:
        raise BundleWriteError(
            f"{member.path}: the evidence store gave bytes that do not match the item's "
            "SHA-256. Nothing was handed over: an officer must check the store."
        )
    if member.size is not None and size != member.size:
        raise BundleWriteError(f"{member.path}: the evidence store gave a different size")
    return {"path": member.path, "size": size, "sha256": sha256, **member.entry}


def write_bundle(
    out: IO[bytes],
    *,
    members: Iterable[Member],
    header: dict[str, Any],
    private_key: Ed25519PrivateKey,
    created_at: datetime,
) -> bytes:
    """Write the bundle to ``out`` (a file open for writing, seekable); returns the bytes of
    manifest.json. ``header`` gives the manifest's fields other than ``files``."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        files = [_write_member(archive, member, created_at) for member in members]
        manifest = json.dumps(
            {**header, "format": FORMAT, "files": files}, indent=2, sort_keys=True
        ).encode()
        signature = base64.b64encode(private_key.sign(manifest)) + b"\n"
        public = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        for path, data in ((MANIFEST, manifest), (SIGNATURE, signature), (PUBLIC_KEY, public)):
            archive.writestr(_info(path, created_at, None), data)
    return manifest
