"""Check a Lantern evidence bundle: its signed manifest and every file in it.

This one file is all a recipient needs (a defence solicitor, a court, the prosecutor): it
uses only Python's standard library and the ``cryptography`` package, and it is the same
check that ``lantern bundle verify`` runs. It ships twice, byte for byte: as
``tools/verify_bundle.py`` in Lantern's repository and as
``lantern/evidence/bundles/verify.py`` inside Lantern (a test keeps the two the same).

    python verify_bundle.py BUNDLE.zip --key PUBLISHED_KEY.pem

A bundle is a ZIP holding the files, ``manifest.json`` (for every file its path, size and
SHA-256, and more), ``manifest.sig`` (the Ed25519 signature of manifest.json's exact bytes,
in base64) and ``public_key.pem`` (the public half of the key that signed it). The check:

1. the ZIP can be read (a truncated or damaged ZIP fails here);
2. the signature of manifest.json verifies with the key given (``--key``, the key the
   partnership publishes); without ``--key``, with the bundle's own public_key.pem, which
   shows only that the bundle is consistent with itself: compare that key with the
   published one;
3. every file the manifest names is in the ZIP, nothing else is, and each has the size and
   SHA-256 the manifest gives. Files are read in chunks, so a bundle of many gigabytes is
   checked in a few megabytes of memory.

The first difference found is named and the exit status is 1; 0 means every check passed;
2 means the bundle or the key could not be opened at all.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import io
import json
import struct
import sys
import zipfile
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "lantern-evidence-bundle-1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public_key.pem"
RESERVED = (MANIFEST, SIGNATURE, PUBLIC_KEY)
CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra length


@dataclass
class Verdict:
    ok: bool
    message: str
    files: int = 0
    bytes: int = 0
    key_id: str = ""
    first_bad: str = ""  # the path of the first file that differs, when a file is at fault
    notes: list[str] = field(default_factory=list)


class Failed(Exception):
    def __init__(self, message: str, first_bad: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.first_bad = first_bad


def key_id(key: Ed25519PublicKey) -> str:
    """16 hex digits of the SHA-256 of the raw public key: how Lantern names a key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM, or from base64 of its raw 32 bytes."""
    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text)
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise ValueError(f"the PEM key cannot be read ({exc})") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the key is not an Ed25519 public key")
        return key
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("the key is neither PEM nor base64") from None
    if len(raw) != 32:
        raise ValueError(f"an Ed25519 public key has 32 bytes, not {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def _chunks(archive: zipfile.ZipFile, raw: io.BufferedReader, info: zipfile.ZipInfo):
    """The bytes of one member, a chunk at a time. A stored (not compressed) member is read
    straight from its place in the file, so SHA-256 is the only work per byte (the manifest's
    SHA-256 covers what ZIP's own CRC-32 would); others through zipfile, which inflates them
    and checks their CRC."""
    if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                yield chunk
        return
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise Failed(f"{info.filename}: the ZIP ends inside it (truncated)", info.filename)
    magic, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != b"PK\x03\x04":
        raise Failed(f"{info.filename}: the ZIP is damaged where it starts", info.filename)
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    left = info.compress_size
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    while left > 0:
        got = raw.readinto(view[: min(CHUNK, left)])
        if not got:
            raise Failed(f"{info.filename}: the ZIP ends inside it (truncated)", info.filename)
        left -= got
        yield view[:got]


def _digest(
    archive: zipfile.ZipFile, raw: io.BufferedReader, info: zipfile.ZipInfo
) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in _chunks(archive, raw, info):
            digest.update(chunk)
            size += len(chunk)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise Failed(
            f"{info.filename}: cannot be read from the ZIP ({exc})", info.filename
        ) from None
    return digest.hexdigest(), size


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 64 * 1024 * 1024) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise Failed(f"{name} is missing: this is not a complete Lantern bundle", name) from None
    if info.file_size > limit:
        raise Failed(f"{name} is too large to be a Lantern bundle's", name)
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise Failed(f"{name}: cannot be read from the ZIP ({exc})", name) from None


def _check_signature(manifest: bytes, signature: bytes, key: Ed25519PublicKey, given: bool) -> None:
    try:
        key.verify(base64.b64decode(signature.strip(), validate=True), manifest)
    except (InvalidSignature, binascii.Error, ValueError):
        if given:
            raise Failed(
                f"the signature does not verify with key {key_id(key)}: either manifest.json "
                "or manifest.sig was changed, or this is not the key that signed the bundle",
                SIGNATURE,
            ) from None
        raise Failed(
            "the signature does not verify with the bundle's own public key: manifest.json, "
            "manifest.sig or public_key.pem was changed",
            SIGNATURE,
        ) from None


def _entries(manifest: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        document = json.loads(manifest)
        files = document["files"]
        if document.get("format") != FORMAT or not isinstance(files, list):
            raise ValueError
        for entry in files:
            if not (
                isinstance(entry["path"], str)
                and isinstance(entry["size"], int)
                and isinstance(entry["sha256"], str)
            ):
                raise ValueError
    except (ValueError, KeyError, TypeError):
        raise Failed(f"manifest.json is not a {FORMAT} manifest", MANIFEST) from None
    return document, files


def _check_members(archive: zipfile.ZipFile, files: list[dict[str, Any]]) -> None:
    names = archive.namelist()
    listed = [entry["path"] for entry in files]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise Failed(f"{name}: in the ZIP twice", name)
        seen.add(name)
    wanted = set(listed)
    for name in names:
        if name not in wanted and name not in RESERVED:
            raise Failed(f"{name}: extra, not in the manifest", name)
    for path in listed:
        if path not in seen:
            raise Failed(f"{path}: missing from the ZIP", path)


def verify(path: str, key_data: bytes | None = None) -> Verdict:
    """Check the bundle at ``path``; with ``key_data`` (PEM or base64), against that key."""
    try:
        with open(path, "rb") as raw:
            return _verify(raw, key_data)
    except Failed as failed:
        return Verdict(False, failed.message, first_bad=failed.first_bad)


def _verify(raw: io.BufferedReader, key_data: bytes | None) -> Verdict:
    try:
        archive = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Failed(f"the file is not a readable ZIP: truncated or damaged ({exc})") from None
    with archive:
        manifest = _read_small(archive, MANIFEST)
        signature = _read_small(archive, SIGNATURE, limit=1024)
        notes = []
        if key_data is None:
            key = _key(_read_small(archive, PUBLIC_KEY, limit=4096), "public_key.pem")
            notes.append(
                f"Checked with the bundle's own public key ({key_id(key)}): this shows only that "
                "the bundle is consistent with itself. Compare that key with the one the "
                "partnership publishes, or check again with --key."
            )
        else:
            key = _key(key_data, "the key given")
        _check_signature(manifest, signature, key, given=key_data is not None)
        document, files = _entries(manifest)
        _check_members(archive, files)
        total = 0
        for entry in files:
            info = archive.getinfo(entry["path"])
            sha256, size = _digest(archive, raw, info)
            if size != entry["size"] or sha256 != entry["sha256"]:
                raise Failed(
                    f"{entry['path']}: changed (its SHA-256 or size differs)", entry["path"]
                )
            total += size
        return Verdict(
            True,
            f"OK: the signature by key {key_id(key)} and all {len(files)} files check "
            f"({document.get('case_reference', '')}, for the {document.get('recipient', '')})",
            files=len(files),
            bytes=total,
            key_id=key_id(key),
            notes=notes,
        )


def _key(data: bytes, where: str) -> Ed25519PublicKey:
    try:
        return load_public_key(data)
    except ValueError as exc:
        raise Failed(f"{where}: {exc}", PUBLIC_KEY if where == "public_key.pem" else "") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a Lantern evidence bundle.")
    parser.add_argument("bundle", help="the bundle (a ZIP file)")
    parser.add_argument("--key", help="the partnership's published public key (a PEM file)")
    arguments = parser.parse_args(argv)
    key_data = None
    if arguments.key:
        try:
            with open(arguments.key, "rb") as handle:
                key_data = handle.read()
        except OSError as exc:
            print(f"Cannot read the key: {exc}", file=sys.stderr)
            return 2
    try:
        with open(arguments.bundle, "rb"):
            pass
    except OSError as exc:
        print(f"Cannot open the bundle: {exc}", file=sys.stderr)
        return 2
    verdict = verify(arguments.bundle, key_data)
    for note in verdict.notes:
        print(f"Note: {note}")
    if verdict.ok:
        print(verdict.message)
        return 0
    print(f"FAILED: {verdict.message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
