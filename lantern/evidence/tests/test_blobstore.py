"""The blob store: content-addressed, write-once, on a folder and on S3 (moto)."""

from __future__ import annotations

import hashlib
import os
import resource
import signal

import pytest
from botocore.config import Config
from django.core.files.storage import FileSystemStorage, storages
from storages.backends.s3 import S3Storage

from lantern.evidence.blobstore import BlobStore, BlobStoreError, blob_key, blob_store


def _file(tmp_path, data: bytes):
    path = tmp_path / f"source-{hashlib.md5(data).hexdigest()}"  # noqa: S324 - a file name
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def test_local_blob_is_named_by_its_hash_and_read_only(local_store, tmp_path):
    data = b"doorbell clip bytes" * 1000
    source, sha = _file(tmp_path, data)
    key = blob_store().put(source, sha256=sha, size=len(data))
    stored = tmp_path / "media" / key
    assert key == f"blobs/sha256/{sha[:2]}/{sha[2:4]}/{sha}"
    assert stored.read_bytes() == data
    assert not os.access(stored, os.W_OK) or os.geteuid() == 0
    assert oct(stored.stat().st_mode & 0o777) == "0o444"


def test_same_bytes_are_stored_once(local_store, tmp_path):
    data = b"same bytes twice"
    source, sha = _file(tmp_path, data)
    store = blob_store()
    first = store.put(source, sha256=sha, size=len(data))
    second = store.put(source, sha256=sha, size=len(data))
    assert first == second
    folder = (tmp_path / "media" / first).parent
    assert [p.name for p in folder.iterdir()] == [sha]


def test_a_blob_that_does_not_match_its_name_is_refused(local_store, tmp_path):
    source, sha = _file(tmp_path, b"original")
    store = blob_store()
    store.put(source, sha256=sha, size=8)
    with pytest.raises(BlobStoreError, match="does not match"):
        store.put(source, sha256=sha, size=9)


def test_a_full_disk_leaves_no_half_stored_blob(local_store, tmp_path):
    data = os.urandom(256 * 1024)
    source, sha = _file(tmp_path, data)
    store = blob_store()
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, old_limit[1]))
    try:
        with pytest.raises(BlobStoreError) as caught:
            store.put(source, sha256=sha, size=len(data))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert "Nothing was stored" in caught.value.message
    blob_dir = tmp_path / "media" / blob_key(sha)
    assert not blob_dir.exists()
    assert list(blob_dir.parent.iterdir()) == []  # no temporary file left either
    assert not store.exists(sha)


def test_s3_blob_round_trip_and_dedupe(s3_store, tmp_path):
    data = os.urandom(300 * 1024)
    source, sha = _file(tmp_path, data)
    store = blob_store()
    assert isinstance(store.storage, S3Storage)
    key = store.put(source, sha256=sha, size=len(data))
    assert store.put(source, sha256=sha, size=len(data)) == key
    with store.open(sha) as f:
        assert hashlib.sha256(f.read()).hexdigest() == sha
    listed = store.storage.listdir(f"blobs/sha256/{sha[:2]}/{sha[2:4]}")[1]
    assert listed == [sha]


def test_unreachable_object_store_gives_a_clear_error(tmp_path):
    data = b"footage"
    source, sha = _file(tmp_path, data)
    store = BlobStore(
        S3Storage(
            bucket_name="nowhere",
            endpoint_url="http://127.0.0.1:9",  # discard port: nothing listens
            region_name="eu-west-2",
            access_key="x",
            secret_key="x",
            client_config=Config(retries={"max_attempts": 1}, connect_timeout=1),
        )
    )
    with pytest.raises(BlobStoreError, match="cannot be reached"):
        store.put(source, sha256=sha, size=len(data))


def test_blob_keys_are_only_hashes():
    with pytest.raises(ValueError, match="SHA-256"):
        blob_key("../../etc/passwd")


def test_default_store_in_tests_is_configurable(local_store):
    assert isinstance(storages["default"], FileSystemStorage)


def test_a_local_store_can_take_the_file_instead_of_copying(local_store, tmp_path):
    data = os.urandom(10_000)
    source, sha = _file(tmp_path, data)
    key = blob_store().put(source, sha256=sha, size=len(data), move=True)
    assert not source.exists()
    stored = tmp_path / "media" / key
    assert stored.read_bytes() == data
    assert oct(stored.stat().st_mode & 0o777) == "0o444"
    assert [p.name for p in stored.parent.iterdir()] == [sha]
