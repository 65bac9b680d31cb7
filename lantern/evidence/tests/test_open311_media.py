"""Files an Open311 client sends with a report (multipart POST requests, shaped as
FixMyStreet's perllib/Open311.pm sends them) become evidence items on the report, with their
chain of custody; refused kinds are answered in the Open311 error format and keep nothing.

Only HTTP and evidence's own records are used: the reports app is a sibling (no imports)."""

from __future__ import annotations

import json
import uuid
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from jsonschema import Draft4Validator, FormatChecker
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.core.tests.open311 import SCHEMAS
from lantern.evidence.blobstore import blob_store
from lantern.evidence.models import EvidenceItem, EvidenceLink
from lantern.evidence.synthetic import photo_jpeg
from lantern.evidence.tests.factories import sha

pytestmark = pytest.mark.django_db
URL = "/open311/v2/requests"


def fixmystreet(api_key: str, **files: SimpleUploadedFile) -> dict:
    """The fields FixMyStreet's Open311 module posts, and the files as multipart parts."""
    return {
        "jurisdiction_id": "eastmere.gov.uk",
        "api_key": api_key,
        "description": "title: Needles by the bus shelter\n\ndetail: Three needles.\n\n"
        "url: https://www.fixmystreet.com/report/4242\n\nSubmitted via FixMyStreet\n",
        "service_code": "drug-litter",
        "first_name": "Alys",
        "last_name": "Fennimore",
        "email": "alys.fennimore@example.test",
        "lat": "51.541234",
        "long": "0.718345",
        "attribute[needles]": "yes",
        **files,
    }


@pytest.fixture
def api_key(orgs) -> str:
    """A client of the test partnership (conftest's ``orgs``), which serves Great Britain."""
    out = StringIO()
    call_command(
        "open311",
        "client",
        "create",
        "FixMyStreet",
        "--partnership",
        "Test Partnership",
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue().strip()


def _requests_schema() -> Draft4Validator:
    raw = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT4))
        for name, schema in raw.items()
        if name != "swagger.json"
    )
    return Draft4Validator(raw["requests.json"], registry=registry, format_checker=FormatChecker())


def test_multipart_photo_becomes_evidence_with_custody_and_reads_back(
    local_store, api_key, signed_in
):
    photo = photo_jpeg(seed=4)
    # FixMyStreet names the part "photo1" and claims a type; Lantern decides by content.
    data = fixmystreet(api_key, photo1=SimpleUploadedFile("photo1.jpeg", photo, "image/png"))
    answer = Client().post(f"{URL}.json", data)
    assert answer.status_code == 200, answer.content
    reference = answer.json()[0]["service_request_id"]

    item = EvidenceItem.objects.get()
    assert item.media_type == "image/jpeg" and item.category == "image"
    assert item.filename == "photo1.jpeg"
    assert item.blob.sha256 == sha(photo) and item.blob.size == len(photo)
    with blob_store().open(item.blob.sha256) as stored:
        assert stored.read() == photo
    link = EvidenceLink.objects.get(item=item)
    assert link.kind == "report"
    # In the report's partnership (which the reports app gives: a stand-in here).
    assert item.partnership.name == "Test Partnership"
    actions = list(
        AuditEvent.objects.filter(object_type="evidence_item", object_id=str(item.pk))
        .order_by("seq")
        .values_list("action", "actor")
    )
    assert [a for a, _ in actions] == [
        "evidence.received",
        "evidence.hashed",
        "evidence.stored",
        "evidence.linked",
    ]
    assert {actor for _, actor in actions} == {"open311:FixMyStreet"}

    # The report reads back with media_url: the officers' page for the file, in both formats.
    as_json = Client().get(f"{URL}/{reference}.json").json()
    _requests_schema().validate(as_json)
    page = f"http://testserver/evidence/items/{item.pk}/"
    assert as_json[0]["media_url"] == page
    xml = etree.fromstring(
        Client().get(f"{URL}/{reference}.xml").content,
        etree.XMLParser(resolve_entities=False, no_network=True),
    )
    assert xml.findtext("request/media_url") == page
    listed = Client().get(f"{URL}.json").json()
    assert [r["media_url"] for r in listed] == [page]
    # The page opens for an officer (and records the view); the public cannot open it.
    assert Client().get(page).status_code in (302, 403)
    officer = signed_in(Role.POLICE_OFFICER)
    opened = officer.get(page)
    assert opened.status_code == 200 and sha(photo).encode() in opened.content


def test_refused_file_is_an_open311_error_and_nothing_is_kept(local_store, api_key):
    photo = photo_jpeg(seed=5)
    program = b"MZ\x90\x00" + bytes(2000)
    data = fixmystreet(
        api_key,
        photo1=SimpleUploadedFile("photo1.jpeg", photo, "image/jpeg"),
        photo2=SimpleUploadedFile("photo2.jpeg", program, "image/jpeg"),
    )
    answer = Client().post(f"{URL}.xml", data)
    assert answer.status_code == 400
    errors = etree.fromstring(answer.content)
    assert errors.tag == "errors"
    assert errors.findtext("error/code") == "400"
    assert errors.findtext("error/description").startswith("photo2: Programs are not accepted")
    assert not EvidenceItem.objects.exists()
    assert not AuditEvent.objects.filter(action="open311.request_received").exists()
    assert list((local_store / "uploads").glob("*")) == []  # no staging file left behind
    as_json = Client().post(f"{URL}.json", data)
    assert as_json.status_code == 400 and as_json.json()[0]["code"] == 400


def test_store_failure_is_a_503_and_nothing_is_kept(local_store, api_key, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": "/proc/lantern-no-such-store"},
        },
    }
    data = fixmystreet(
        api_key, photo1=SimpleUploadedFile("p.jpeg", photo_jpeg(seed=6), "image/jpeg")
    )
    answer = Client().post(f"{URL}.json", data)
    assert answer.status_code == 503
    assert answer.json()[0]["description"].startswith("media: The evidence store")
    assert not EvidenceItem.objects.exists()
    assert not AuditEvent.objects.filter(action="open311.request_received").exists()


def test_same_photo_twice_is_stored_once_and_linked_to_both_reports(local_store, api_key):
    photo = photo_jpeg(seed=7)
    references = []
    for _ in range(2):
        data = fixmystreet(api_key, media=SimpleUploadedFile("m.jpg", photo, "image/jpeg"))
        answer = Client().post(f"{URL}.json", data)
        references.append(answer.json()[0]["service_request_id"])
    items = list(EvidenceItem.objects.all())
    assert len(items) == 2 and len({i.blob_id for i in items}) == 1
    targets = set(EvidenceLink.objects.values_list("target_id", flat=True))
    assert len(targets) == 2 and all(isinstance(t, uuid.UUID) for t in targets)
