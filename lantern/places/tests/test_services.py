"""Cameras, the camera search, footage requests and areas, through the real services."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
import time_machine

from conftest import fake_report
from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import audit_event_list
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.places import geometry, selectors, services
from lantern.places.models import Camera, FootageRequest
from lantern.places.tests.factories import LARKSPUR, camera_fields, make_camera, make_request

pytestmark = pytest.mark.django_db


def person(make_user, role=Role.RESIDENT, org="default"):
    return actor_for(make_user(role, org), verified=True)


def events(action: str, object_id) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(object_id)))


def access_events(object_id) -> list[AuditEvent]:
    """Access events about the record: its own, and the list events naming it (ADR 0020)."""
    about = audit_event_list(actor=SYSTEM, object_id=str(object_id))
    return list(about.filter(kind=AuditEvent.Kind.ACCESS))


# --- registration ---------------------------------------------------------------------------


def test_register_a_camera_records_flags_in_the_audit_log(make_user):
    owner = person(make_user)
    camera = make_camera(owner, records_audio=True, covers_street=True)
    assert camera.owner_id == owner.user_id and camera.guidance_acknowledged_at
    assert camera.flags == ["Records audio", "Covers the street or beyond the boundary"]
    (event,) = events(services.CAMERA_REGISTERED, camera.pk)
    assert json.loads(event.details) == {
        "owner_kind": "resident",
        "records_audio": True,
        "covers_street": True,
        "retention_days": 30,
    }


def test_registration_needs_the_guidance_acknowledged_and_good_values(make_user):
    owner = person(make_user)
    with pytest.raises(ValidationFailed) as exc:
        services.camera_register(
            actor=owner,
            guidance_acknowledged=False,
            **camera_fields(
                latitude=91.0,
                direction=400,
                angle=0,
                range_m=5000,
                retention_days=0,
                records_audio=None,
                owner_kind="business",
                contact_preference="phone",
                contact_phone="12",
                label=" ",
            ),
        )
    assert set(exc.value.errors) == {
        "guidance_acknowledged",
        "latitude",
        "direction",
        "angle",
        "range_m",
        "retention_days",
        "records_audio",
        "business_name",
        "contact_phone",
        "label",
    }
    with pytest.raises(ValidationFailed, match="guidance"):
        services.camera_register(actor=owner, guidance_acknowledged=False, **camera_fields())
    with pytest.raises(ValidationFailed):
        make_camera(owner, latitude=float("nan"))
    assert not Camera.objects.exists()


def test_business_camera_keeps_the_business_name_and_phone(make_user):
    owner = person(make_user)
    camera = make_camera(
        owner,
        owner_kind="business",
        business_name="Larkspur Stores",
        contact_preference="phone",
        contact_phone="01632 960 001",
    )
    assert camera.business_name == "Larkspur Stores" and camera.contact_phone == "01632960001"


def test_only_residents_register_cameras(make_user):
    with pytest.raises(PermissionDenied):
        make_camera(person(make_user, Role.POLICE_OFFICER))


def test_owners_see_and_edit_only_their_own_cameras(make_user):
    owner, other = person(make_user), person(make_user)
    camera = make_camera(owner)
    assert list(selectors.camera_list_own(actor=owner)) == [camera]
    assert not selectors.camera_list_own(actor=other).exists()
    with pytest.raises(NotFound):
        selectors.camera_get_own(actor=other, camera_id=camera.pk)
    with pytest.raises(NotFound):
        selectors.camera_get(actor=other, camera_id=camera.pk)
    with pytest.raises(NotFound):
        services.camera_update(actor=other, camera_id=camera.pk, label="Mine now")
    updated = services.camera_update(actor=owner, camera_id=camera.pk, direction=359, angle=60)
    assert (updated.direction, updated.angle) == (359, 60)
    (event,) = events(services.CAMERA_UPDATED, camera.pk)
    assert json.loads(event.details)["fields"] == ["angle", "direction"]
    services.camera_deregister(actor=owner, camera_id=camera.pk)
    assert not selectors.camera_list_own(actor=owner).exists()
    assert not access_events(camera.pk)  # owners reading their own are not access events


def test_an_officer_reading_a_camera_is_an_access_event(make_user):
    camera = make_camera(person(make_user))
    officer = person(make_user, Role.POLICE_OFFICER)
    assert selectors.camera_get(actor=officer, camera_id=camera.pk) == camera
    (event,) = access_events(camera.pk)
    assert json.loads(event.details)["data_class"] == "personal"
    with pytest.raises(NotFound):
        selectors.camera_get(actor=person(make_user, Role.ANALYST), camera_id=camera.pk)


# --- the camera search ----------------------------------------------------------------------


def _at(bearing: float, metres: float) -> tuple[float, float]:
    return geometry.destination(LARKSPUR[0], LARKSPUR[1], bearing, metres)


def test_search_finds_cameras_whose_field_of_view_covers_the_place(make_user):
    owner = person(make_user)
    facing_north = make_camera(owner, label="north", direction=0, angle=90, range_m=50)
    facing_south = make_camera(owner, label="south", direction=180, angle=90, range_m=50)
    across_north = make_camera(owner, label="wrap", direction=340, angle=60, range_m=50)
    officer = person(make_user, Role.POLICE_OFFICER)
    lat, lng = _at(5, 30)
    found = selectors.cameras_that_may_have_seen(
        actor=officer, latitude=lat, longitude=lng, at=clock.now() - timedelta(hours=1)
    )
    assert {m.camera.pk for m in found} == {facing_north.pk, across_north.pk}
    assert facing_south.pk not in {m.camera.pk for m in found}
    assert found[0].distance_m == pytest.approx(30, abs=0.1)
    assert found[0].bearing_from_camera == pytest.approx(5, abs=0.1)
    # The search is one access event naming each camera listed, and not the one not listed.
    assert len(access_events(facing_north.pk)) == 1 and not access_events(facing_south.pk)
    (event,) = access_events(across_north.pk)
    assert event.action == "record.listed" and event.object_type == "camera"


def test_search_respects_distance_range_and_retention(make_user, settings):
    owner = person(make_user)
    camera = make_camera(owner, direction=0, angle=90, range_m=200, retention_days=7)
    officer = person(make_user, Role.POLICE_OFFICER)
    lat, lng = _at(0, 150)
    recent = clock.now() - timedelta(days=1)
    settings.LANTERN_CAMERA_SEARCH_METRES = 100
    assert not selectors.cameras_that_may_have_seen(
        actor=officer, latitude=lat, longitude=lng, at=recent
    )
    settings.LANTERN_CAMERA_SEARCH_METRES = 160
    assert (
        selectors.cameras_that_may_have_seen(actor=officer, latitude=lat, longitude=lng, at=recent)[
            0
        ].camera
        == camera
    )
    # Eight days ago: a camera that keeps seven days no longer holds that footage.
    assert not selectors.cameras_that_may_have_seen(
        actor=officer, latitude=lat, longitude=lng, at=clock.now() - timedelta(days=8)
    )
    # A resident may not search.
    assert not selectors.cameras_that_may_have_seen(
        actor=owner, latitude=lat, longitude=lng, at=recent
    )


# --- footage requests ---------------------------------------------------------------------------


def test_footage_request_sent_seen_declined_then_footage_request_status(make_user):
    owner = person(make_user)
    camera = make_camera(owner)
    officer = person(make_user, Role.POLICE_OFFICER)
    request = make_request(officer, camera, message="Two people at about 23:10")
    assert request.status == FootageRequest.Status.SENT
    assert request.expires_at == request.window_end + timedelta(days=30)
    assert list(selectors.footage_request_list_received(actor=owner)) == [request]
    assert selectors.open_request_count(actor=owner) == 1
    assert list(selectors.footage_request_list_sent(actor=officer)) == [request]
    assert list(
        selectors.footage_request_list_for_report(actor=officer, report_id=request.report_id)
    ) == [request]

    services.footage_request_mark_seen(actor=owner, request_id=request.pk)
    services.footage_request_mark_seen(actor=owner, request_id=request.pk)  # no second event
    declined = services.footage_request_decline(
        actor=owner, request_id=request.pk, reason="Nothing recorded"
    )
    assert declined.status == "declined" and declined.decline_reason == "Nothing recorded"
    with pytest.raises(RuleRefused) as refused:  # declined already: FOOTAGE_REQUEST_STATUS
        services.footage_request_decline(actor=owner, request_id=request.pk)
    assert refused.value.rule_id == "FOOTAGE_REQUEST_STATUS"
    actions = list(
        AuditEvent.objects.filter(object_id=str(request.pk), kind=AuditEvent.Kind.CHANGE)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        services.FOOTAGE_REQUEST_SENT,
        services.FOOTAGE_REQUEST_SEEN,
        services.FOOTAGE_REQUEST_DECLINED,
    ]


def test_footage_request_answered_by_the_evidence_app(make_user):
    owner = person(make_user)
    request = make_request(person(make_user, Role.PCSO), make_camera(owner))
    services.footage_request_mark_answered(actor=owner, request_id=request.pk, item_count=2)
    answered = services.footage_request_mark_answered(
        actor=SYSTEM, request_id=request.pk, item_count=1
    )
    assert answered.status == "answered" and answered.item_count == 3
    with pytest.raises(ValidationFailed):
        services.footage_request_mark_answered(actor=owner, request_id=request.pk, item_count=0)
    stranger = person(make_user)
    with pytest.raises(NotFound):
        services.footage_request_mark_answered(actor=stranger, request_id=request.pk, item_count=1)
    (last, *_) = events(services.FOOTAGE_REQUEST_ANSWERED, request.pk)[::-1]
    assert json.loads(last.details) == {"items": 1, "total_items": 3}


def test_who_may_read_a_footage_request(make_user):
    owner = person(make_user)
    officer = person(make_user, Role.POLICE_OFFICER)
    request = make_request(officer, make_camera(owner))
    assert selectors.footage_request_get(actor=owner, id=request.pk) == request
    assert selectors.footage_request_get(actor=SYSTEM, id=request.pk) == request
    colleague = person(make_user, Role.SUPERVISOR)
    assert selectors.footage_request_get(actor=colleague, id=request.pk) == request
    assert len(access_events(request.pk)) == 1  # the colleague's read, not the owner's
    for outsider in (
        person(make_user),
        person(make_user, Role.POLICE_OFFICER, org="other_police"),
        person(make_user, Role.ANALYST),
    ):
        with pytest.raises(NotFound):
            selectors.footage_request_get(actor=outsider, id=request.pk)
    with pytest.raises(NotFound):
        selectors.footage_request_get(actor=owner, id=uuid.uuid4())


def test_footage_request_checks_its_window_and_footage_retained(make_user):
    camera = make_camera(person(make_user), retention_days=7)
    officer = person(make_user, Role.POLICE_OFFICER)
    now = clock.now()
    with pytest.raises(ValidationFailed, match="after its start"):
        make_request(
            officer,
            camera,
            window_start=now - timedelta(hours=1),
            window_end=now - timedelta(hours=2),
        )
    with pytest.raises(ValidationFailed, match="24 hours"):
        make_request(officer, camera, window_start=now - timedelta(days=3), window_end=now)
    with pytest.raises(ValidationFailed, match="past"):
        make_request(
            officer,
            camera,
            window_start=now + timedelta(hours=1),
            window_end=now + timedelta(hours=2),
        )
    with pytest.raises(RuleRefused) as refused:
        make_request(
            officer,
            camera,
            window_start=now - timedelta(days=9),
            window_end=now - timedelta(days=8),
        )
    assert refused.value.rule_id == "FOOTAGE_RETAINED"
    with pytest.raises(PermissionDenied):
        make_request(person(make_user, Role.ANALYST), camera)
    with pytest.raises(NotFound):
        make_request(officer, camera, camera_id=uuid.uuid4())
    with pytest.raises(NotFound):  # a report the officer may not see, or none at all
        make_request(officer, camera, report_id=uuid.uuid4())
    report_id = fake_report()
    make_request(officer, camera, report_id=report_id)
    with pytest.raises(ValidationFailed, match="already exists"):
        make_request(officer, camera, report_id=report_id)


def test_open_requests_expire_when_the_retention_passes_the_window(make_user):
    owner = person(make_user)
    request = make_request(
        person(make_user, Role.POLICE_OFFICER), make_camera(owner, retention_days=3)
    )
    assert services.footage_requests_expire(actor=SYSTEM) == 0
    with time_machine.travel(request.expires_at + timedelta(minutes=1)):
        assert services.footage_requests_expire(actor=SYSTEM) == 1
        assert services.footage_requests_expire(actor=SYSTEM) == 0
    request.refresh_from_db()
    assert request.status == "expired"
    assert events(services.FOOTAGE_REQUEST_EXPIRED, request.pk)
    with pytest.raises(PermissionDenied):
        services.footage_requests_expire(actor=owner)


# --- areas ----------------------------------------------------------------------------------------

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[0.716, 51.540], [0.720, 51.540], [0.720, 51.542], [0.716, 51.542], [0.716, 51.540]]
    ],
}


def test_areas_are_created_and_filter_points(make_user):
    analyst = person(make_user, Role.ANALYST)
    area = services.area_create(actor=analyst, name="Larkspur Row and surrounds", geojson=SQUARE)
    assert (area.min_lat, area.max_lng) == (51.540, 0.720)
    officer = person(make_user, Role.POLICE_OFFICER)
    assert selectors.area_get(actor=officer, area_id=area.pk) == area
    assert selectors.areas_containing(actor=officer, latitude=51.5412, longitude=0.7183) == [area]
    assert selectors.areas_containing(actor=officer, latitude=51.6, longitude=0.7183) == []
    points = [("in", 51.541, 0.717), ("out", 51.55, 0.717), ("none", None, None)]
    assert selectors.area_filter_points(area=area, points=points) == ["in"]
    with pytest.raises(ValidationFailed) as exc:
        services.area_create(
            actor=analyst, name="larkspur row and surrounds", geojson={"type": "Point"}
        )
    assert set(exc.value.errors) == {"geojson"}
    with pytest.raises(ValidationFailed, match="already exists"):
        services.area_create(actor=analyst, name="larkspur row and surrounds", geojson=SQUARE)
    with pytest.raises(PermissionDenied):
        services.area_create(actor=officer, name="Elsewhere", geojson=SQUARE)
    moved = services.area_update(
        actor=analyst,
        area_id=area.pk,
        name="Larkspur Row",
        geojson={"type": "Feature", "geometry": SQUARE},
    )
    assert moved.name == "Larkspur Row"
    assert events(services.AREA_UPDATED, area.pk)
    with pytest.raises(NotFound):
        selectors.area_get(actor=person(make_user), area_id=area.pk)


# --- the camera's clock --------------------------------------------------------------------------


def test_a_camera_may_declare_how_far_its_clock_is_out(make_user):
    owner = person(make_user)
    assert make_camera(owner).clock_offset_seconds is None  # optional: most owners do not know
    fast = make_camera(owner, label="Side gate", clock_offset_seconds=180)
    assert fast.clock_offset_seconds == 180
    slow = services.camera_update(actor=owner, camera_id=fast.pk, clock_offset_seconds=-60)
    assert slow.clock_offset_seconds == -60
    (updated,) = events(services.CAMERA_UPDATED, fast.pk)
    assert json.loads(updated.details)["fields"] == ["clock_offset_seconds"]
    cleared = services.camera_update(actor=owner, camera_id=fast.pk, clock_offset_seconds=None)
    assert cleared.clock_offset_seconds is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("fast", "whole number of seconds"),
        (1.5, "whole number of seconds"),
        (True, "whole number of seconds"),
        (float("nan"), "whole number of seconds"),
        (10 * 365 * 24 * 3600 + 1, "at most ten years"),
    ],
)
def test_a_clock_offset_that_is_not_whole_seconds_is_refused_in_words(make_user, value, words):
    with pytest.raises(ValidationFailed) as refused:
        make_camera(person(make_user), clock_offset_seconds=value)
    assert words in refused.value.errors["clock_offset_seconds"][0]
    assert not Camera.objects.exists()
