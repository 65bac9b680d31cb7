"""Each Open311 client sends reports for one partnership: a place outside its area is refused
(400, in the specification's error format), its actor reaches only that partnership, and a
client that sends its api_key on GET reads only its own partnership's public requests."""

from __future__ import annotations

import json

import pytest

from conftest import FAR_POINT
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import ValidationFailed
from lantern.reports.models import Report
from lantern.reports.open311 import services
from lantern.reports.open311.models import Open311Client
from lantern.reports.open311.tests import fms
from lantern.reports.selectors import OUTSIDE_CLIENT_AREA
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]
FAR_LAT, FAR_LONG = (str(c) for c in FAR_POINT)


@pytest.fixture
def far_key(far) -> str:
    return fms.client_key("FarApp", "Far Partnership")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_far_client_cannot_file_in_the_test_area(open311, far_key, fmt):
    errors = open311.post("requests", fms.service_request(far_key), "errors", fmt=fmt, expect=400)
    assert errors == [{"code": 400, "description": f"lat/long: {OUTSIDE_CLIENT_AREA}"}]
    assert not Report.objects.exists()


def test_a_far_client_files_in_its_own_area_and_an_address_alone_goes_to_it(open311, far_key):
    far = Partnership.objects.get(name="Far Partnership")
    answer = open311.post(
        "requests", fms.service_request(far_key, lat=FAR_LAT, long=FAR_LONG), "request-response"
    )
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    assert report.partnership == far and report.open311_client == "FarApp"
    event = AuditEvent.objects.get(action="report.created", object_id=str(report.pk))
    assert event.actor == "open311:FarApp"
    assert json.loads(event.details)["partnership"] == str(far.pk)
    # An address alone has no place to check: it goes to the client's partnership.
    data = fms.service_request(far_key, address_string="The Old Mill, Fardale")
    del data["lat"], data["long"]
    answer = open311.post("requests", data, "request-response")
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    assert report.partnership == far and report.location_approximate


def test_a_client_of_a_wider_partnership_files_in_the_smaller_one_inside_it(open311, api_key, far):
    """The test partnership's area holds the far one's: its client may send a report from
    there, which belongs to the most local partnership."""
    answer = open311.post(
        "requests", fms.service_request(api_key, lat=FAR_LAT, long=FAR_LONG), "request-response"
    )
    report = Report.objects.get(reference=answer[0]["service_request_id"])
    assert report.partnership.name == "Far Partnership"


def test_the_client_actor_reaches_only_its_partnership(far):
    key = fms.client_key("FarApp", "Far Partnership")
    client = Open311Client.objects.get(name="FarApp")
    assert client.partnership.name == "Far Partnership" and key
    actor = services.client_actor(client)
    assert actor.partnership_ids == {client.partnership_id}
    assert not actor.is_staff and not actor.is_system


def test_a_client_must_be_created_for_a_partnership(make_user, far):
    with pytest.raises(ValidationFailed, match="partnership"):
        services.open311_client_create(actor=SYSTEM, name="Nowhere")
    # An administrator creates one for a partnership of theirs, never another's.
    from conftest import actor_of

    admin = actor_of(make_user(Role.ADMIN))
    far_id = Partnership.objects.get(name="Far Partnership").pk
    with pytest.raises(ValidationFailed):
        services.open311_client_create(actor=admin, name="Theirs", partnership_id=far_id)
    mine = services.open311_client_create(actor=admin, name="Ours").client
    assert mine.partnership.name == "Test Partnership"
    assert list(Open311Client.objects.values_list("name", flat=True)) == ["Ours"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_client_reading_with_its_key_sees_only_its_partnerships_requests(
    open311, api_key, far_key, fmt
):
    ours = make_report(category="noise").report
    theirs = make_report(category="noise", at=FAR_POINT).report
    everyone = open311.get("requests", "requests.json", fmt=fmt)
    assert {r["service_request_id"] for r in everyone} == {ours.reference, theirs.reference}
    far_view = open311.get("requests", "requests.json", fmt=fmt, api_key=far_key)
    assert [r["service_request_id"] for r in far_view] == [theirs.reference]
    by_id = open311.get(
        "requests", "requests.json", fmt=fmt, api_key=far_key, service_request_id=ours.reference
    )
    assert by_id == []
    open311.get(f"requests/{ours.reference}", "errors", fmt=fmt, api_key=far_key, expect=404)
    one = open311.get(f"requests/{ours.reference}", "requests.json", fmt=fmt, api_key=api_key)
    assert one[0]["service_request_id"] == ours.reference
    open311.get("requests", "errors", fmt=fmt, api_key="not-a-key", expect=403)
