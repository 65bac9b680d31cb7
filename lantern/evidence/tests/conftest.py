"""Evidence test fixtures: a blob store and an upload folder in a temporary directory, an
S3-compatible store served by moto on 127.0.0.1, and stand-ins for what the reports and cases
apps answer through lantern.core.directory (evidence's tests use only evidence's own records:
report and case ids here name nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from lantern.core import directory
from lantern.core.actor import Actor

STAND_IN_KINDS = ("report", "case")


@pytest.fixture(autouse=True)
def record_partnerships() -> Iterator[dict[uuid.UUID, uuid.UUID | None]]:
    """Stands in for the reports and cases apps' partnership lookups: a report or case id
    belongs to the partnership a test gives it here (``record_partnerships[id] = pk``, or
    None for a record that does not exist), otherwise to the test partnership."""
    given: dict[uuid.UUID, uuid.UUID | None] = {}

    def lookup(record_id: uuid.UUID) -> uuid.UUID | None:
        from lantern.accounts.models import Partnership

        if record_id in given:
            return given[record_id]
        test = Partnership.objects.filter(name="Test Partnership").values_list("pk", flat=True)
        return test.first()

    saved = {kind: directory.partnership_lookup(kind) for kind in STAND_IN_KINDS}
    for kind in STAND_IN_KINDS:
        directory.register_partnership_lookup(kind, lookup)
    yield given
    for kind, previous in saved.items():
        if previous is None:
            directory.unregister_partnership_lookup(kind, lookup)
        else:
            directory.register_partnership_lookup(kind, previous)


@pytest.fixture
def own_reports() -> Iterator[dict[uuid.UUID, list[uuid.UUID]]]:
    """Stands in for the reports app's list of a resident's own reports, and its report
    directory for them: a test gives a user the ids of reports they made
    (``own_reports[user_id] = [report_id, ...]``)."""
    given: dict[uuid.UUID, list[uuid.UUID]] = {}

    def lookup(actor: Actor) -> list[directory.RecordChoice]:
        return [
            directory.RecordChoice(id=report_id, label=f"LAN-2026-{n:06d}: Noise")
            for n, report_id in enumerate(given.get(actor.user_id or uuid.UUID(int=0), []), 1)
        ]

    def report(actor: Actor, report_id: uuid.UUID) -> directory.ReportSummary | None:
        """The report directory answers for these reports: their makers see them."""
        for n, made in enumerate(given.get(actor.user_id or uuid.UUID(int=0), []), 1):
            if made == report_id:
                return directory.ReportSummary(id=report_id, reference=f"LAN-2026-{n:06d}")
        return saved_report(actor, report_id) if saved_report else None

    saved = directory.own_reports_lookup()
    saved_report = directory._report_lookup
    directory.register_own_reports_lookup(lookup)
    directory.register_report_lookup(report)
    yield given
    if saved is not None:
        directory.register_own_reports_lookup(saved)
    if saved_report is not None:
        directory.register_report_lookup(saved_report)


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
