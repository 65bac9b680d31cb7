"""The blob store: bytes named by their SHA-256, written once, never overwritten.

On a local folder a blob is written under a temporary name, flushed to disk and then renamed
into place, so a full disk or a crash never leaves a half-written blob under its real name.
On any other Django storage (S3-compatible object storage through django-storages) the object
is put and then read back and hashed; a mismatch deletes it. Either way a failure raises
``BlobStoreError`` with a message the uploader can read.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

CHUNK = 1024 * 1024


class BlobStoreError(Exception):
    """The blob could not be stored; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def blob_key(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("a blob key is a lower-case SHA-256")
    return f"blobs/sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _full_message(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "The evidence store is full. Nothing was stored: try again later."
    return "The evidence store could not be written to. Nothing was stored: try again later."


class BlobStore:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    @property
    def is_local(self) -> bool:
        return isinstance(self.storage, FileSystemStorage)

    def exists(self, sha256: str) -> bool:
        try:
            return self.storage.exists(blob_key(sha256))
        except Exception as exc:
            raise BlobStoreError(
                "The evidence store cannot be reached. Nothing was stored: try again later."
            ) from exc

    def put(self, source: Path, *, sha256: str, size: int, move: bool = False) -> str:
        """Store the file at ``source`` (already hashed by the caller) as blob ``sha256``.
        Returns the storage key. Storing bytes that are already there is a no-op. With
        ``move``, a local store may take the file itself (a rename on the same disk) instead
        of copying it; the caller must not need ``source`` afterwards."""
        key = blob_key(sha256)
        if self.exists(sha256):
            if self._stored_size(key) != size:
                raise BlobStoreError(
                    "A stored blob does not match its name; an officer must check the store."
                )
            return key
        if self.is_local:
            self._put_local(source, key, move=move)
        else:
            self._put_remote(source, key, sha256=sha256, size=size)
        return key

    def open(self, sha256: str) -> IO[bytes]:
        try:
            return self.storage.open(blob_key(sha256), "rb")
        except Exception as exc:
            raise BlobStoreError("The evidence store cannot be reached: try again later.") from exc

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start`` to ``end`` (inclusive) of a blob, in chunks of at most CHUNK: the
        memory used does not grow with the range. On S3-compatible storage the store is
        asked for those bytes only (a ranged GET); on a folder the file is read from
        ``start``. Opening fails at once (``BlobStoreError``); the chunks follow when the
        iterator is read, and the blob is closed when it is exhausted or closed."""
        if start < 0 or end < start:
            raise ValueError("a range runs forwards from byte 0")
        handle = self.open(sha256)
        try:
            ranged = getattr(handle, "obj", None)  # django-storages' S3File: its S3 object
            body = ranged.get(Range=f"bytes={start}-{end}")["Body"] if ranged else None
        except Exception as exc:
            handle.close()
            raise BlobStoreError("The evidence store cannot be reached: try again later.") from exc
        return self._chunks(handle, body, start, end - start + 1)

    @staticmethod
    def _chunks(handle: IO[bytes], body, start: int, length: int) -> Iterator[bytes]:
        try:
            if body is not None:
                yield from body.iter_chunks(CHUNK)
                return
            handle.seek(start)
            while length > 0 and (chunk := handle.read(min(CHUNK, length))):
                length -= len(chunk)
                yield chunk
        finally:
            if body is not None:
                body.close()
            handle.close()

    def _stored_size(self, key: str) -> int:
        try:
            return int(self.storage.size(key))
        except Exception as exc:
            raise BlobStoreError("The evidence store cannot be reached: try again later.") from exc

    def _put_local(self, source: Path, key: str, *, move: bool = False) -> None:
        final = Path(self.storage.path(key))
        temp = final.with_name(f".{final.name}.{secrets.token_hex(8)}.tmp")
        moved = False
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            moved = move and self._move_into(source, temp)
            if moved:
                with contextlib.suppress(FileExistsError):
                    os.link(temp, final)
                return
            with source.open("rb") as src, temp.open("xb") as dst:
                while chunk := src.read(CHUNK):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            temp.chmod(0o444)
            # link() refuses to replace an existing name: write-once even against a racer.
            with contextlib.suppress(FileExistsError):
                os.link(temp, final)
        except OSError as exc:
            if moved:  # give the caller its file back, so storing can be retried
                with contextlib.suppress(OSError):
                    os.rename(temp, source)
            raise BlobStoreError(_full_message(exc)) from exc
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()

    @staticmethod
    def _move_into(source: Path, temp: Path) -> bool:
        """Rename ``source`` to ``temp`` (same file system only), flushed and read-only."""
        try:
            with source.open("rb") as f:
                os.fsync(f.fileno())
            os.rename(source, temp)
        except OSError as exc:
            if exc.errno == errno.EXDEV:
                return False  # another disk: copy instead
            raise
        temp.chmod(0o444)
        return True

    def _put_remote(self, source: Path, key: str, *, sha256: str, size: int) -> None:
        try:
            with source.open("rb") as src:
                saved = self.storage.save(key, File(src, name=key))
        except Exception as exc:
            raise BlobStoreError(
                "The evidence store cannot be reached. Nothing was stored: try again later."
            ) from exc
        if saved != key:  # a racer stored the same bytes first; ours got another name
            self._delete_quietly(saved)
            return
        try:
            digest = hashlib.sha256()
            stored = 0
            with self.storage.open(key, "rb") as check:
                while chunk := check.read(CHUNK):
                    digest.update(chunk)
                    stored += len(chunk)
        except Exception as exc:
            self._delete_quietly(key)
            raise BlobStoreError(
                "The evidence store failed while checking the stored copy. Nothing was stored."
            ) from exc
        if digest.hexdigest() != sha256 or stored != size:
            self._delete_quietly(key)
            raise BlobStoreError(
                "The stored copy did not match what was received, so it was removed. Try again."
            )

    def remove(self, sha256: str, *, now: datetime) -> datetime | None:
        """Delete a blob for good (retention disposal, docs/data-protection.md). On object
        storage with Object Lock, a locked object cannot be deleted before its retention date:
        nothing is deleted and that date is returned, for the caller to try again then.
        Every version of the object goes (a versioned bucket otherwise keeps the bytes behind
        a delete marker). None when the blob is gone (or was never there)."""
        key = blob_key(sha256)
        if self.is_local:
            self.storage.delete(key)
            return None
        bucket = getattr(self.storage, "bucket", None)
        if bucket is None:  # another Django storage, with no locks or versions
            self.storage.delete(key)
            return None
        try:
            until = bucket.Object(key).object_lock_retain_until_date
        except Exception as exc:
            if _not_found(exc):
                until = None
            else:
                raise BlobStoreError("The evidence store cannot be reached.") from exc
        if until is not None and until > now:
            return until
        for version in bucket.object_versions.filter(Prefix=key):
            if version.object_key == key:
                version.delete()
        return None

    def _delete_quietly(self, key: str) -> None:
        with contextlib.suppress(Exception):
            self.storage.delete(key)


def _not_found(exc: Exception) -> bool:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", "")) in {"404", "NoSuchKey", "NotFound"}


def blob_store() -> BlobStore:
    return BlobStore(storages["default"])
