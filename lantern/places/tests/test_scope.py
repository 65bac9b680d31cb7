"""Cameras, named areas and footage requests belong to a partnership
(docs/adr/0015-partnership-is-the-scope.md): staff of another partnership find none of them,
get 404 for them, and cannot ask another partnership's camera for footage; a share makes a
record visible to them and its withdrawal hides it again. Owners keep their own cameras."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import FAR_POINT
from lantern.accounts import services as accounts_services
from lantern.accounts.models import Partnership
from lantern.accounts.selectors import actor_for
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.places import geometry, selectors, services
from lantern.places.models import Camera
from lantern.places.tests.factories import LARKSPUR, camera_fields, make_camera, make_request

pytestmark = pytest.mark.django_db

NEW_YORK = (40.7128, -74.0060)  # served by no partnership


def staff(make_user, role: Role, org: str | None = "default"):
    return actor_for(make_user(role, org), verified=True)


def partnership(name: str) -> Partnership:
    return Partnership.objects.get(name=name)


def _seen_from(camera: Camera) -> tuple[float, float]:
    """A place 20 m in front of the camera (inside its field of view)."""
    return geometry.destination(camera.latitude, camera.longitude, camera.direction, 20)


def _search(actor, camera: Camera) -> list[Camera]:
    lat, lng = _seen_from(camera)
    at = clock.now() - timedelta(hours=1)
    found = selectors.cameras_that_may_have_seen(actor=actor, latitude=lat, longitude=lng, at=at)
    return [m.camera for m in found]


def test_a_camera_belongs_to_the_partnership_whose_area_holds_it(make_user, far):
    owner = actor_for(make_user(Role.RESIDENT))
    here = make_camera(owner)
    there = make_camera(owner, label="Cottage", latitude=FAR_POINT[0], longitude=FAR_POINT[1])
    assert here.partnership == partnership("Test Partnership")
    assert there.partnership == partnership("Far Partnership")  # the smaller area wins
    # The owner keeps seeing and editing both, wherever they are.
    assert set(selectors.camera_list_own(actor=owner)) == {here, there}
    moved = services.camera_update(actor=owner, camera_id=here.pk, latitude=FAR_POINT[0])
    moved = services.camera_update(actor=owner, camera_id=here.pk, longitude=FAR_POINT[1])
    assert moved.partnership == partnership("Far Partnership")  # filed again where it now is


def test_a_camera_where_no_partnership_serves_is_refused_in_plain_words(make_user, signed_in):
    owner = actor_for(make_user(Role.RESIDENT))
    with pytest.raises(ValidationFailed) as refused:
        make_camera(owner, latitude=NEW_YORK[0], longitude=NEW_YORK[1])
    assert "Lantern does not serve this place yet" in refused.value.errors["latitude"][0]
    assert not Camera.objects.exists()
    camera = make_camera(owner)
    with pytest.raises(ValidationFailed, match="does not serve"):
        services.camera_update(actor=owner, camera_id=camera.pk, latitude=NEW_YORK[0])
    camera.refresh_from_db()
    assert camera.latitude == LARKSPUR[0]
    # On the resident's registration page and in the API, the same message.
    client = signed_in(Role.RESIDENT)
    page = client.post(
        "/places/cameras/register/",
        {
            "owner_kind": "resident",
            "label": "Holiday flat",
            "latitude": str(NEW_YORK[0]),
            "longitude": str(NEW_YORK[1]),
            "direction": "10",
            "angle": "40",
            "range_m": "20",
            "records_audio": "no",
            "covers_street": "no",
            "retention_days": "30",
            "contact_preference": "lantern",
            "guidance_acknowledged": "on",
        },
    )
    assert page.status_code == 200
    assert "Lantern does not serve this place yet" in page.content.decode()
    body = {**camera_fields(latitude=NEW_YORK[0], longitude=NEW_YORK[1])}
    api = client.post(
        "/api/v1/places/cameras",
        {**body, "guidance_acknowledged": True},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "Lantern does not serve this place yet" in api.content.decode()
    assert Camera.objects.count() == 1


def test_staff_of_another_partnership_find_none_of_its_cameras(make_user, far, signed_in):
    owner = actor_for(make_user(Role.RESIDENT))
    camera = make_camera(owner)
    officer = staff(make_user, Role.POLICE_OFFICER)
    far_officer = staff(make_user, Role.POLICE_OFFICER, "far_police")
    assert _search(officer, camera) == [camera]
    assert _search(far_officer, camera) == []
    with pytest.raises(NotFound):
        selectors.camera_get(actor=far_officer, camera_id=camera.pk)
    # Nor can they ask it for footage: as if it did not exist.
    with pytest.raises(NotFound):
        make_request(far_officer, camera)
    # Through the pages and the API: nothing found, 404.
    client = signed_in(Role.POLICE_OFFICER, "far_police")
    lat, lng = _seen_from(camera)
    at = (clock.now() - timedelta(hours=1)).isoformat()
    found = client.get(
        "/api/v1/places/cameras/search", {"latitude": lat, "longitude": lng, "at": at}
    )
    assert found.status_code == 200 and found.json() == []
    assert client.get(f"/api/v1/places/cameras/{camera.pk}").status_code == 404
    assert client.get(f"/places/cameras/{camera.pk}/request/").status_code == 404
    now = clock.now()
    sent = client.post(
        "/api/v1/places/footage-requests",
        {
            "camera_id": str(camera.pk),
            "report_id": str(camera.pk),
            "window_start": (now - timedelta(hours=2)).isoformat(),
            "window_end": (now - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert sent.status_code == 404
    assert not camera.requests.exists()


def test_a_footage_request_belongs_to_its_cameras_partnership(make_user, far, orgs):
    owner = actor_for(make_user(Role.RESIDENT))
    camera = make_camera(owner)
    officer = staff(make_user, Role.POLICE_OFFICER)
    request = make_request(officer, camera)
    # A colleague of the same force sees it ...
    colleague = staff(make_user, Role.POLICE_OFFICER)
    assert selectors.footage_request_get(actor=colleague, id=request.pk) == request
    # ... but not once their force has left the camera's partnership.
    accounts_services.partnership_remove_member(
        actor=SYSTEM,
        partnership_id=partnership("Test Partnership").pk,
        organisation_id=orgs["police"].pk,
    )
    gone = staff(make_user, Role.POLICE_OFFICER)
    assert not selectors.footage_request_list_sent(actor=gone).exists()
    with pytest.raises(NotFound):
        selectors.footage_request_get(actor=gone, id=request.pk)
    # The owner answers it whatever happens to the partnership.
    assert selectors.footage_request_get(actor=owner, id=request.pk) == request


def test_a_shared_camera_is_found_until_the_share_is_withdrawn(make_user, far):
    owner = actor_for(make_user(Role.RESIDENT))
    camera = make_camera(owner)
    far_officer = staff(make_user, Role.POLICE_OFFICER, "far_police")
    share = accounts_services.record_share(
        actor=SYSTEM,
        object_type="camera",
        object_id=camera.pk,
        from_partnership_id=camera.partnership_id,
        to_partnership_id=partnership("Far Partnership").pk,
        reason="The incident crossed the border between the two areas",
    )
    assert _search(far_officer, camera) == [camera]
    assert selectors.camera_get(actor=far_officer, camera_id=camera.pk) == camera
    request = make_request(far_officer, camera)
    assert selectors.footage_request_list_sent(actor=far_officer).get() == request
    accounts_services.share_withdraw(actor=SYSTEM, share_id=share.pk)
    assert _search(far_officer, camera) == []
    assert not selectors.footage_request_list_sent(actor=far_officer).exists()
    with pytest.raises(NotFound):
        selectors.camera_get(actor=far_officer, camera_id=camera.pk)


SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[0.716, 51.540], [0.720, 51.540], [0.720, 51.542], [0.716, 51.542], [0.716, 51.540]]
    ],
}


def test_areas_belong_to_their_creators_partnership(make_user, far, signed_in):
    analyst = staff(make_user, Role.ANALYST)
    far_analyst = staff(make_user, Role.ANALYST, "far_police")
    ours = services.area_create(actor=analyst, name="Town centre", geojson=SQUARE)
    theirs = services.area_create(actor=far_analyst, name="Town centre", geojson=SQUARE)
    assert ours.partnership == partnership("Test Partnership")
    assert theirs.partnership == partnership("Far Partnership")  # names clash only within one
    assert list(selectors.area_list(actor=far_analyst)) == [theirs]
    with pytest.raises(NotFound):
        selectors.area_get(actor=far_analyst, area_id=ours.pk)
    with pytest.raises(NotFound):
        services.area_update(actor=far_analyst, area_id=ours.pk, name="Mine", geojson=SQUARE)
    assert selectors.areas_containing(actor=far_analyst, latitude=51.541, longitude=0.717) == [
        theirs
    ]
    client = signed_in(Role.ANALYST, "far_police")
    listed = client.get("/api/v1/places/areas").json()
    assert [a["id"] for a in listed["items"]] == [str(theirs.pk)]
    assert client.get(f"/api/v1/places/areas/{ours.pk}").status_code == 404


def test_an_area_maker_in_two_partnerships_chooses_one(make_user, far, orgs):
    farp = partnership("Far Partnership")
    accounts_services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    analyst = staff(make_user, Role.ANALYST)
    with pytest.raises(ValidationFailed, match="partnership"):
        services.area_create(actor=analyst, name="Ward 3", geojson=SQUARE)
    area = services.area_create(
        actor=analyst, name="Ward 3", geojson=SQUARE, partnership_id=farp.pk
    )
    assert area.partnership == farp
    # Lantern itself (a command, the demo) gets the partnership whose area holds the area.
    made = services.area_create(actor=SYSTEM, name="Ward 4", geojson=SQUARE)
    assert made.partnership == partnership("Test Partnership")
