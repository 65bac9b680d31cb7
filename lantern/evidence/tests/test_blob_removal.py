"""Removing a blob for good at the end of its retention (issue 23): on a folder, and on S3
(moto) where an Object Lock defers the deletion until the lock ends."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta

import boto3

from lantern.evidence.blobstore import blob_key, blob_store


def _file(tmp_path, data: bytes):
    path = tmp_path / "source"
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def test_a_local_blob_is_removed(local_store, tmp_path):
    source, sha = _file(tmp_path, os.urandom(1024))
    store = blob_store()
    store.put(source, sha256=sha, size=1024)
    assert store.exists(sha)
    assert store.remove(sha, now=datetime.now(UTC)) is None
    assert not store.exists(sha)
    assert store.remove(sha, now=datetime.now(UTC)) is None  # gone already: a no-op


def test_an_s3_blob_goes_with_every_version(s3_store, tmp_path, moto_endpoint):
    client = _client(moto_endpoint)
    client.put_bucket_versioning(Bucket=s3_store, VersioningConfiguration={"Status": "Enabled"})
    source, sha = _file(tmp_path, os.urandom(2048))
    store = blob_store()
    store.put(source, sha256=sha, size=2048)
    assert store.remove(sha, now=datetime.now(UTC)) is None
    versions = client.list_object_versions(Bucket=s3_store, Prefix=blob_key(sha))
    assert not versions.get("Versions") and not versions.get("DeleteMarkers")


def test_an_s3_object_lock_defers_the_deletion_until_it_ends(s3_store, tmp_path, moto_endpoint):
    client = _client(moto_endpoint)
    locked_bucket = f"{s3_store}-locked"
    client.create_bucket(
        Bucket=locked_bucket,
        CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        ObjectLockEnabledForBucket=True,
    )
    store = blob_store()
    store.storage.bucket_name = locked_bucket
    store.storage._bucket = None
    source, sha = _file(tmp_path, os.urandom(2048))
    store.put(source, sha256=sha, size=2048)
    until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    client.put_object_retention(
        Bucket=locked_bucket,
        Key=blob_key(sha),
        Retention={"Mode": "COMPLIANCE", "RetainUntilDate": until},
    )
    deferred = store.remove(sha, now=datetime.now(UTC))
    assert deferred == until
    assert store.exists(sha)


def _client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
