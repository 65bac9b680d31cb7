"""POST and GET requests, requests/{id} and tokens/{token}, with requests shaped exactly like
FixMyStreet's (form-encoded and multipart). Every answer is validated against the schemas."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine

from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core import media as core_media
from lantern.core.actor import SYSTEM, Role
from lantern.reports import services as report_services
from lantern.reports.models import Report
from lantern.reports.open311 import services
from lantern.reports.open311.models import Open311Submission
from lantern.reports.open311.tests import fms
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40 + b"\xff\xd9"


def _read_back(open311, reference):
    """GET requests/{id} in both formats; both validate and agree."""
    as_json = open311.get(f"requests/{reference}", "requests.json", fmt="json")
    as_xml = open311.get(f"requests/{reference}", "requests.json", fmt="xml")
    assert as_json == as_xml
    assert len(as_json) == 1 and as_json[0]["service_request_id"] == reference
    return as_json[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_fixmystreet_form_encoded_request_creates_a_report(open311, api_key, fmt):
    answer = open311.post("requests", fms.service_request(api_key), "request-response", fmt=fmt)
    reference = answer[0]["service_request_id"]
    report = Report.objects.get(reference=reference)
    assert report.source == Report.Source.OPEN311
    assert report.open311_client == "FixMyStreet"
    assert report.category.code == "drug-litter"
    assert report.answers == {"needles": "yes"}
    assert report.contact == Report.Contact.EMAIL
    assert report.contact_name == "Alys Fennimore"
    assert report.contact_email == "alys.fennimore@example.test"
    assert report.contact_phone == "01632 960 123"
    assert not report.anonymous and report.tracking_code_hash == ""
    assert report.description.startswith("title: Needles by the bus shelter")
    assert (report.latitude, report.longitude) == (51.541234, 0.718345)
    submission = Open311Submission.objects.get(report=report)
    assert submission.media_urls == ["https://www.fixmystreet.com/photo/4242.0.full.jpeg"]
    assert answer[0]["token"] == submission.token

    public = _read_back(open311, reference)
    assert public["status"] == "open"
    assert public["service_code"] == "drug-litter"
    assert (public["lat"], public["long"]) == (51.541, 0.718)


def test_request_without_name_email_or_phone_is_anonymous(open311, api_key):
    data = fms.service_request(api_key)
    for personal in ("first_name", "last_name", "email", "phone"):
        del data[personal]
    answer = open311.post("requests", data, "request-response", fmt="xml")
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    assert report.anonymous
    assert report.contact == Report.Contact.NONE
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")
    assert report.tracking_code_hash == ""  # the client follows it by its token
    _read_back(open311, report.reference)


def test_a_name_alone_is_not_anonymous(open311, api_key):
    data = fms.service_request(api_key)
    del data["email"], data["phone"]
    answer = open311.post("requests", data, "request-response")
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    assert not report.anonymous and report.contact_name == "Alys Fennimore"
    assert report.contact == Report.Contact.NONE


def test_category_that_may_not_be_anonymous_needs_contact_details(open311, api_key):
    from lantern.reports.models import Category

    Category.objects.filter(code="drug-litter").update(allows_anonymous=False)
    data = fms.service_request(api_key)
    for personal in ("first_name", "last_name", "email", "phone"):
        del data[personal]
    errors = open311.post("requests", data, "errors", fmt="json", expect=400)
    assert errors[0]["description"].startswith("email/phone: ")
    assert not Report.objects.exists()
    answer = open311.post("requests", fms.service_request(api_key), "request-response")
    assert Report.objects.get(reference=answer[0]["service_request_id"]).contact_email


def test_contact_details_reach_only_officers_who_may_triage(open311, api_key, signed_in):
    from django.urls import reverse

    answer = open311.post("requests", fms.service_request(api_key), "request-response")
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    url = reverse("reports:triage-detail", args=[report.pk])
    officer_page = signed_in(Role.POLICE_OFFICER).get(url).content.decode()
    for personal in ("Alys Fennimore", "alys.fennimore@example.test", "01632 960 123"):
        assert personal in officer_page
    analyst_page = signed_in(Role.ANALYST).get(url).content.decode()
    for personal in ("Alys", "alys.fennimore", "960 123"):
        assert personal not in analyst_page
    assert signed_in(Role.RESIDENT).get(url).status_code == 403


def test_personal_fields_go_only_to_the_contact_details(open311, api_key):
    answer = open311.post("requests", fms.service_request(api_key), "request-response")
    reference = answer[0]["service_request_id"]
    for event in AuditEvent.objects.all():
        row = f"{event.actor} {event.details}"
        for personal in ("Alys", "Fennimore", "alys.fennimore", "960 123", "Needles by"):
            assert personal not in row
    created = AuditEvent.objects.get(action="open311.request_received")
    assert created.actor == "open311:FixMyStreet"
    # Nothing personal or descriptive comes back out through GET.
    for fmt in FORMATS:
        body = open311.http.get(f"/open311/v2/requests/{reference}.{fmt}").content.decode()
        body += open311.http.get(f"/open311/v2/requests.{fmt}").content.decode()
        for personal in ("Alys", "Fennimore", "alys", "960", "Needles", "fixmystreet.com"):
            assert personal not in body


class _Keeper:
    """Stands in for the evidence app's keeper (lantern.core.media): records what it got."""

    ITEM = uuid.UUID("00000000-0000-4000-8000-000000000311")

    def __init__(self, refuse: str = "") -> None:
        self.received: list = []
        self.refuse = refuse

    def keep(self, *, actor, report_id, files):
        if self.refuse:
            raise core_media.MediaRefused(files[0].field, self.refuse)
        self.received.append(
            (report_id, actor.label, [(f.field, f.filename, f.stream.read()) for f in files])
        )
        return [core_media.KeptMedia(f.field, self.ITEM, "image/jpeg", "0" * 64) for f in files]

    def urls(self, *, report_ids):
        kept = {r[0] for r in self.received}
        return {r: f"/evidence/items/{self.ITEM}/" for r in report_ids if r in kept}


@pytest.fixture
def keeper():
    previous = core_media.media_keeper()
    keeper = _Keeper()
    core_media.register_media_keeper(keeper)
    yield keeper
    core_media.unregister_media_keeper(keeper)
    if previous is not None:
        core_media.register_media_keeper(previous)


def test_fixmystreet_multipart_request_with_media(open311, api_key, keeper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = fms.service_request(api_key)
    data["photo1"] = SimpleUploadedFile("photo1.jpeg", JPEG, content_type="image/jpeg")
    answer = open311.post("requests", data, "request-response", fmt="xml", multipart=True)
    reference = answer[0]["service_request_id"]
    report = Report.objects.get(reference=reference)
    submission = report.open311_submission
    assert submission.media_files == [
        {
            "field": "photo1",
            "size": len(JPEG),
            "content_type": "image/jpeg",
            "item": str(_Keeper.ITEM),
        }
    ]
    assert keeper.received == [
        (report.pk, "open311:FixMyStreet", [("photo1", "photo1.jpeg", JPEG)])
    ]
    event = AuditEvent.objects.get(action="open311.request_received")
    assert '"media_files":1' in event.details.replace(" ", "")
    public = _read_back(open311, reference)
    assert public["media_url"] == f"http://testserver/evidence/items/{_Keeper.ITEM}/"


def test_media_the_keeper_refuses_is_an_open311_error_and_no_report(open311, api_key, keeper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    keeper.refuse = "Programs are not accepted."
    data = fms.service_request(api_key)
    data["photo1"] = SimpleUploadedFile("photo1.jpeg", b"MZ" + JPEG, content_type="image/jpeg")
    errors = open311.post("requests", data, "errors", fmt="xml", expect=400, multipart=True)
    assert errors == [{"code": 400, "description": "photo1: Programs are not accepted."}]
    assert not Report.objects.exists()


def test_address_string_alone_is_accepted(open311, api_key):
    data = fms.service_request(api_key, address_string="Larkspur Row, Eastmere")
    del data["lat"], data["long"]
    answer = open311.post("requests", data, "request-response", fmt="json")
    public = _read_back(open311, answer[0]["service_request_id"])
    assert public["lat"] is None and public["address"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_api_key_is_required_and_checked(open311, api_key, fmt):
    data = fms.service_request("")
    errors = open311.post("requests", data, "errors", fmt=fmt, expect=403)
    assert errors[0]["code"] == 403
    errors = open311.post("requests", fms.service_request("wrong"), "errors", fmt=fmt, expect=403)
    services.open311_client_revoke(actor=SYSTEM, name="FixMyStreet")
    open311.post("requests", fms.service_request(api_key), "errors", fmt=fmt, expect=403)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"service_code": ""}, "service_code"),
        ({"service_code": "no-such-service"}, "service_code"),
        ({"lat": "north"}, "lat"),
        ({"lat": "nan"}, "lat"),
        ({"lat": "48.0"}, "lat/long"),
        ({"long": ""}, "lat/long"),
        ({"email": "not an email"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"attribute[needles]": "perhaps"}, "attribute[needles]"),
        ({"attribute[needles]": ""}, "attribute[needles]"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"first_name": "A\x00"}, "first_name"),
    ],
)
def test_bad_fields_are_400s_naming_the_field(open311, api_key, changes, field):
    data = fms.service_request(api_key, **changes)
    for fmt in FORMATS:
        errors = open311.post("requests", data, "errors", fmt=fmt, expect=400)
        assert any(e["description"].startswith(f"{field}:") for e in errors), errors
    assert not Report.objects.exists()


def _two_reports(open311, api_key):
    first = open311.post("requests", fms.service_request(api_key), "request-response", fmt="json")
    second = open311.post(
        "requests",
        fms.service_request(api_key, service_code="noise"),
        "request-response",
        fmt="json",
    )
    return first[0]["service_request_id"], second[0]["service_request_id"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_filters(open311, api_key, make_user, fmt):
    litter, noise = _two_reports(open311, api_key)
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    report_services.report_set_status(
        actor=officer, report_id=Report.objects.get(reference=noise).pk, status="closed"
    )

    def ids(**query):
        return [
            r["service_request_id"]
            for r in open311.get("requests", "requests.json", fmt=fmt, **query)
        ]

    assert ids() == [noise, litter]
    assert ids(service_request_id=f"{litter},{noise}") == [noise, litter]
    assert ids(service_request_id=litter.lower().replace("-", "")) == [litter]
    assert ids(service_code="noise") == [noise]
    assert ids(status="open") == [litter]
    assert ids(status="closed") == [noise]
    assert ids(status="open,closed") == [noise, litter]
    now = clock.now()
    assert ids(start_date=(now - timedelta(hours=1)).isoformat()) == [noise, litter]
    assert ids(end_date=(now - timedelta(hours=1)).isoformat()) == []
    assert ids(start_date=(now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == []
    closed = open311.get(f"requests/{noise}", "requests.json", fmt=fmt)[0]
    assert closed["status"] == "closed" and closed["status_notes"] == "Closed"


def test_default_window_is_ninety_days(open311, api_key):
    with time_machine.travel(clock.now() - timedelta(days=100)):
        old = open311.post("requests", fms.service_request(api_key), "request-response", fmt="json")
    new = open311.post("requests", fms.service_request(api_key), "request-response", fmt="json")
    listed = [r["service_request_id"] for r in open311.get("requests", "requests.json")]
    assert listed == [new[0]["service_request_id"]]
    by_id = open311.get(
        "requests", "requests.json", service_request_id=old[0]["service_request_id"]
    )
    assert len(by_id) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"status": "pending"},
        {"start_date": "yesterday"},
        {"end_date": "2026-13-45T00:00:00Z"},
        {"end_date": "9999-12-31T23:59:59-05:00"},
        {"start_date": "0001-01-01T00:00:00+05:00"},
        {"start_date": "2026-02-01", "end_date": "2026-01-01"},
        {"service_request_id": ",".join(["R-AAAA-AAAA"] * 101)},
    ],
)
def test_bad_filters_are_400s(open311, query):
    for fmt in FORMATS:
        errors = open311.get("requests", "errors", fmt=fmt, expect=400, **query)
        assert errors[0]["code"] == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_gives_the_request_id(open311, api_key, fmt):
    answer = open311.post("requests", fms.service_request(api_key), "request-response", fmt="json")
    token = answer[0]["token"]
    found = open311.get(f"tokens/{token}", "token-response", fmt=fmt)
    assert found == [{"service_request_id": answer[0]["service_request_id"], "token": token}]
    open311.get("tokens/not-a-token", "errors", fmt=fmt, expect=404)
    open311.get("requests/R-AAAA-AAAA", "errors", fmt=fmt, expect=404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_safeguarding_queue_requests_are_never_listed(open311, api_key, fmt):
    data = fms.service_request(api_key, service_code="concern-for-safety")
    del data["attribute[needles]"]
    answer = open311.post("requests", data, "request-response", fmt=fmt)
    reference = answer[0]["service_request_id"]
    report = Report.objects.get(reference=reference)
    assert report.queue == "safeguarding"
    make_report(category="concern-for-safety")  # one from the web journey, too
    assert open311.get("requests", "requests.json", fmt=fmt) == []
    assert open311.get("requests", "requests.json", fmt=fmt, service_request_id=reference) == []
    open311.get(f"requests/{reference}", "errors", fmt=fmt, expect=404)
    open311.get(f"tokens/{answer[0]['token']}", "errors", fmt=fmt, expect=404)


def test_web_reports_are_listed_without_their_words(open311):
    created = make_report(
        description="The blue car from number 12 again", address="12 Larkspur Row"
    )
    listed = open311.get("requests", "requests.json")
    assert [r["service_request_id"] for r in listed] == [created.report.reference]
    assert listed[0]["description"] is None and listed[0]["address"] is None


def test_too_much_media_is_a_413(open311, api_key):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = fms.service_request(api_key)
    data["media"] = [SimpleUploadedFile(f"p{i}.jpeg", JPEG, "image/jpeg") for i in range(11)]
    errors = open311.post("requests", data, "errors", fmt="json", expect=413, multipart=True)
    assert errors[0]["code"] == 413
    response = open311.http.post(
        "/open311/v2/requests.xml", {"api_key": api_key}, CONTENT_LENGTH=str(10**12)
    )
    assert response.status_code == 413
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("service_code", "attribute", "sent", "kept"),
    [
        ("sex-work-nuisance", "kind", "noise", "Noise"),
        (
            "sex-work-nuisance",
            "kind",
            "Activity in a doorway or garden",
            "Activity in a doorway or garden",
        ),
        ("drug-litter", "needles", "TRUE", "yes"),
        ("drug-litter", "needles", "no", "no"),
    ],
)
def test_attributes_are_stored_as_the_category_answers(
    open311, api_key, service_code, attribute, sent, kept
):
    data = fms.service_request(api_key, service_code=service_code)
    data.pop("attribute[needles]")
    data[f"attribute[{attribute}]"] = sent
    data["attribute[not_asked]"] = "ignored"
    answer = open311.post("requests", data, "request-response", fmt="json")
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    assert report.answers == {attribute: kept}
