"""Evidence test fixtures: a blob store and an upload folder in a temporary directory, and an
S3-compatible store served by moto on 127.0.0.1."""

from __future__ import annotations

import pytest


@pytest.fixture
def local_store(settings, tmp_path):
    """Blobs on a real local folder (the embedded default), uploads beside them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path


@pytest.fixture(scope="session")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}  # moto accepts any


@pytest.fixture
def s3_store(settings, tmp_path, moto_endpoint):
    import uuid

    import boto3

    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": moto_endpoint,
                "region_name": "eu-west-2",
                "file_overwrite": False,
                **S3_CREDENTIALS,
            },
        },
    }
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")
    return bucket
