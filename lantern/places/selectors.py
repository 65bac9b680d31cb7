"""Every read of places data, filtered for the actor.

Camera records are personal data (where someone lives and what they watch): their owner
reads their own freely; every staff read of one is an access event. Other apps use these
selectors (never the models): areas for filters, and footage requests by id or report.

Staff see the cameras, areas and footage requests of their partnerships, or shared with one
of them (``scope_q``, docs/adr/0015-partnership-is-the-scope.md); a camera's owner sees their
own cameras and the requests to them wherever they are. A footage request belongs to its
camera's partnership (object type "camera").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db.models import QuerySet
from shapely.geometry.base import BaseGeometry

from lantern.accounts.selectors import in_scope, scope_q
from lantern.audit.services import audit_access, audit_access_list
from lantern.core import areas, clock
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound, TooManyAttempts
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.core.ratelimit import Limit
from lantern.places import geometry
from lantern.places.geocoding import Place, geocoder
from lantern.places.models import Area, Camera, FootageDeletionReminder, FootageRequest

K = TypeVar("K")

# --- object policies ----------------------------------------------------------------------------


CAMERA = "camera"  # the audit object type of a camera, and of its footage requests' scope
AREA = "area"


def _camera_in_scope(actor: Actor, camera: Camera) -> bool:
    return in_scope(
        actor, object_type=CAMERA, object_id=camera.pk, partnership_id=camera.partnership_id
    )


def _camera_policy(actor: Actor, permission: Permission, record: Camera) -> bool:
    if permission is Permission.CAMERA_REGISTER:  # managing a camera: its owner only
        return record.owner_id == actor.user_id
    if permission in {Permission.CAMERA_SEARCH, Permission.FOOTAGE_REQUEST_SEND}:
        return record.active and _camera_in_scope(actor, record)
    return False


def _footage_request_policy(actor: Actor, permission: Permission, record: FootageRequest) -> bool:
    if permission is Permission.FOOTAGE_REQUEST_RESPOND:
        return record.camera.owner_id == actor.user_id
    if permission is Permission.FOOTAGE_REQUEST_VIEW:
        return record.organisation_id in actor.organisation_ids and _camera_in_scope(
            actor, record.camera
        )
    return False


def _area_policy(actor: Actor, permission: Permission, record: Area) -> bool:
    if permission in {Permission.AREA_VIEW, Permission.AREA_MANAGE}:
        return in_scope(
            actor, object_type=AREA, object_id=record.pk, partnership_id=record.partnership_id
        )
    return False


register_object_policy(Camera, _camera_policy)
register_object_policy(FootageRequest, _footage_request_policy)
register_object_policy(Area, _area_policy)


def search_metres() -> int:
    """LANTERN_CAMERA_SEARCH_METRES (docs/settings.md): how far the camera search looks."""
    return int(getattr(settings, "LANTERN_CAMERA_SEARCH_METRES", 100))


# --- areas (public: names and outlines of places, no personal data) ---------------------------


def area_list(*, actor: Actor) -> QuerySet[Area]:
    """The named areas of the actor's partnerships (and those shared with them), by name."""
    if not can(actor, Permission.AREA_VIEW):
        return Area.objects.none()
    return Area.objects.filter(scope_q(actor, object_type=AREA))


def area_get(*, actor: Actor, area_id: uuid.UUID) -> Area:
    area = area_list(actor=actor).filter(pk=area_id).first()
    if area is None:
        raise NotFound("area")
    return area


def area_shape(area: Area) -> BaseGeometry:
    return areas.parse_area_geojson(area.geojson)


def area_contains(*, area: Area, latitude: float, longitude: float) -> bool:
    """Whether the point (boundary included) lies in the area."""
    if not (area.min_lat <= latitude <= area.max_lat and area.min_lng <= longitude <= area.max_lng):
        return False
    return areas.contains(area_shape(area), latitude, longitude)


def area_filter_points(*, area: Area, points: Iterable[tuple[K, float, float]]) -> list[K]:
    """The keys of the (key, latitude, longitude) points inside the area, in order. Other
    apps filter their records by first narrowing to ``area_bounds`` in the database."""
    shape = area_shape(area)
    out = []
    for key, lat, lng in points:
        if lat is None or lng is None:
            continue
        in_box = area.min_lat <= lat <= area.max_lat and area.min_lng <= lng <= area.max_lng
        if in_box and areas.contains(shape, lat, lng):
            out.append(key)
    return out


def area_bounds(area: Area) -> tuple[float, float, float, float]:
    """(min_lat, min_lng, max_lat, max_lng) of the area, for a database pre-filter."""
    return area.min_lat, area.min_lng, area.max_lat, area.max_lng


def areas_containing(*, actor: Actor, latitude: float, longitude: float) -> list[Area]:
    candidates = area_list(actor=actor).filter(
        min_lat__lte=latitude, max_lat__gte=latitude, min_lng__lte=longitude, max_lng__gte=longitude
    )
    return [a for a in candidates if area_contains(area=a, latitude=latitude, longitude=longitude)]


# --- cameras -------------------------------------------------------------------------------------


def camera_list_own(*, actor: Actor) -> QuerySet[Camera]:
    if actor.user_id is None or not can(actor, Permission.CAMERA_REGISTER):
        return Camera.objects.none()
    return Camera.objects.filter(owner_id=actor.user_id, active=True)


def camera_get_own(*, actor: Actor, camera_id: uuid.UUID) -> Camera:
    camera = camera_list_own(actor=actor).filter(pk=camera_id).first()
    if camera is None:
        raise NotFound("camera")
    return camera


def camera_get(*, actor: Actor, camera_id: uuid.UUID) -> Camera:
    """One camera: its owner's, or an active one in the officer's partnerships (or shared
    with them) for an officer who may search cameras (an access event: the record says
    where someone lives). Any other camera is NotFound."""
    camera = Camera.objects.filter(pk=camera_id).select_related("owner").first()
    if camera is None:
        raise NotFound("camera")
    if camera.active and camera.owner_id == actor.user_id:
        return camera
    if not can(actor, Permission.CAMERA_SEARCH, camera):
        raise NotFound("camera")
    audit_access(
        actor=actor, object_type="camera", object_id=camera.pk, data_class=DataClass.PERSONAL
    )
    return camera


def camera_get_for_request(*, actor: Actor, camera_id: uuid.UUID) -> Camera:
    """An active camera the actor may ask for footage (in their partnerships, or shared with
    one of them), locked until the caller's transaction ends; NotFound otherwise."""
    camera = (
        Camera.objects.select_for_update()
        .filter(scope_q(actor, object_type=CAMERA))
        .filter(pk=camera_id, active=True)
        .first()
    )
    if camera is None or not can(actor, Permission.FOOTAGE_REQUEST_SEND, camera):
        raise NotFound("camera")
    return camera


@dataclass(frozen=True)
class CameraMatch:
    camera: Camera
    distance_m: float
    bearing_from_camera: float  # from the camera to the place, degrees from north
    footage_kept_until: datetime  # when the camera's retention overwrites footage of ``at``


def cameras_that_may_have_seen(
    *,
    actor: Actor,
    latitude: float,
    longitude: float,
    at: datetime,
    metres: int | None = None,
) -> list[CameraMatch]:
    """Registered cameras that may have seen a place at a time: within ``metres`` (default
    LANTERN_CAMERA_SEARCH_METRES) and within the camera's own range, with the place inside
    its field of view, and with footage of ``at`` still kept; only cameras of the actor's
    partnerships, or shared with one of them. Nearest first. Each camera listed is an
    access event."""
    if not can(actor, Permission.CAMERA_SEARCH) or at > clock.now():
        return []  # no camera has footage of the future
    radius = search_metres() if metres is None else metres
    min_lat, min_lng, max_lat, max_lng = geometry.bounding_box(latitude, longitude, radius)
    now = clock.now()
    candidates = (
        Camera.objects.filter(scope_q(actor, object_type=CAMERA))
        .filter(
            active=True,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lng,
            longitude__lte=max_lng,
        )
        .select_related("owner")
    )
    matches = []
    for camera in candidates:
        distance = geometry.distance_m(camera.latitude, camera.longitude, latitude, longitude)
        if distance > radius:
            continue
        if not geometry.sector_covers(
            camera_lat=camera.latitude,
            camera_lng=camera.longitude,
            direction=camera.direction,
            angle=camera.angle,
            range_m=camera.range_m,
            lat=latitude,
            lng=longitude,
        ):
            continue
        kept_until = at + timedelta(days=camera.retention_days)
        if kept_until <= now:
            continue
        matches.append(
            CameraMatch(
                camera=camera,
                distance_m=distance,
                bearing_from_camera=geometry.bearing_deg(
                    camera.latitude, camera.longitude, latitude, longitude
                ),
                footage_kept_until=kept_until,
            )
        )
    matches.sort(key=lambda m: m.distance_m)
    audit_access_list(  # one event naming every camera found (ADR 0020)
        actor=actor,
        object_type="camera",
        object_ids=[match.camera.pk for match in matches],
        data_class=DataClass.PERSONAL,
        purpose="search",
    )
    return matches


def camera_sector(camera: Camera) -> list[list[float]]:
    """The camera's field of view as [[lat, lng], ...] for the map."""
    return [
        [round(lat, 7), round(lng, 7)]
        for lat, lng in geometry.sector_polygon(
            camera.latitude, camera.longitude, camera.direction, camera.angle, camera.range_m
        )
    ]


# --- footage requests ---------------------------------------------------------------------------


def _requests() -> QuerySet[FootageRequest]:
    return FootageRequest.objects.select_related("camera", "organisation", "requested_by")


def footage_request_list_received(*, actor: Actor) -> QuerySet[FootageRequest]:
    """Requests to the actor's cameras (the owner's view)."""
    if actor.user_id is None or not can(actor, Permission.FOOTAGE_REQUEST_RESPOND):
        return FootageRequest.objects.none()
    return _requests().filter(camera__owner_id=actor.user_id)


def footage_request_list_sent(*, actor: Actor) -> QuerySet[FootageRequest]:
    """Requests sent by the actor's organisations to cameras in the actor's partnerships
    (the officers' view)."""
    if not can(actor, Permission.FOOTAGE_REQUEST_VIEW):
        return FootageRequest.objects.none()
    return (
        _requests()
        .filter(scope_q(actor, object_type=CAMERA, field="camera__partnership"))
        .filter(organisation_id__in=actor.organisation_ids)
    )


def footage_request_list_for_report(
    *, actor: Actor, report_id: uuid.UUID
) -> QuerySet[FootageRequest]:
    """The requests sent for one report, as the actor may see them (reports, cases)."""
    return footage_request_list_sent(actor=actor).filter(report_id=report_id)


def footage_request_get(*, actor: Actor, id: uuid.UUID) -> FootageRequest:
    """One footage request: for the camera's owner, for the requesting organisation's
    officers in the camera's partnership (an access event: it names where the owner's camera
    is), or for the system. The evidence app calls this before it accepts an upload linked
    to a request."""
    request = _requests().filter(pk=id).first()
    if request is None:
        raise NotFound("footage request")
    if actor.is_system:
        return request
    if can(actor, Permission.FOOTAGE_REQUEST_RESPOND, request):
        return request
    if can(actor, Permission.FOOTAGE_REQUEST_VIEW, request):
        audit_access(
            actor=actor,
            object_type="footage_request",
            object_id=request.pk,
            data_class=DataClass.PERSONAL,
        )
        return request
    raise NotFound("footage request")


def open_request_count(*, actor: Actor) -> int:
    return (
        footage_request_list_received(actor=actor)
        .filter(status__in=[FootageRequest.Status.SENT, FootageRequest.Status.SEEN])
        .count()
    )


# --- finding places by name (lantern/places/geocoding) ----------------------------------------


def place_search_limit() -> Limit:
    """Searches allowed from one client address in a minute
    (``LANTERN_PLACE_SEARCHES_PER_MINUTE``): anyone may search, signed in or not, and a
    production geocoder is a paid or rationed service."""
    return Limit(
        name="place-search",
        attempts=settings.LANTERN_PLACE_SEARCHES_PER_MINUTE,
        window=timedelta(minutes=1),
    )


def place_search(*, text: str, client_address: str, limit: int = 10) -> list[Place]:
    """Streets, postcodes and places matching what was typed. Every search counts towards
    the client's limit; past it, ``TooManyAttempts``. Public reference data: no actor. The
    text is neither logged nor kept. ``GeocoderUnavailable`` if the service does not answer."""
    counter = place_search_limit()
    wait = counter.retry_after(client_address)
    if wait is not None:
        raise TooManyAttempts(wait)
    counter.failed(client_address)  # every search counts, not only failures
    return geocoder().search(text, limit=limit)


# --- public neighbourhood pages (analytics/views/areas.py) -------------------------------------


def public_area_list() -> QuerySet[Area]:
    """The areas staff chose to show anyone as neighbourhoods (``Area.public``), every
    partnership's: names and polygons only, no actor (the pages are public)."""
    return Area.objects.filter(public=True).order_by("name")


def public_area_get(*, area_id: uuid.UUID) -> Area:
    area = public_area_list().filter(pk=area_id).first()
    if area is None:
        raise NotFound("area")
    return area


def footage_to_keep(camera: Camera, delete_before: datetime) -> list[tuple[datetime, datetime]]:
    """The windows of the camera's open footage requests that reach back before
    ``delete_before``: footage its owner must not delete yet (an open request needs it; one
    past its expiry no longer does: the camera's retention has passed its window).
    For the owner's own camera (the caller has reached it through ``camera_get_own``-style
    checks) and for the reminder task."""
    return [
        (request.window_start, request.window_end)
        for request in FootageRequest.objects.filter(
            camera=camera,
            status__in=[FootageRequest.Status.SENT, FootageRequest.Status.SEEN],
            window_start__lt=delete_before,
            expires_at__gt=clock.now(),
        ).order_by("window_start")
    ]


def last_deletion_reminder(camera: Camera) -> FootageDeletionReminder | None:
    """The camera's latest reminder to delete old footage (None: never reminded)."""
    return camera.reminders.order_by("-created_at").first()


def deletion_reminders_waiting(*, actor: Actor) -> list[FootageDeletionReminder]:
    """The latest reminder of each of the actor's own cameras on the register that they
    have not yet said they acted on, oldest first."""
    if actor.user_id is None or not can(actor, Permission.CAMERA_REGISTER):
        return []
    latest: dict[uuid.UUID, FootageDeletionReminder] = {}
    reminders = FootageDeletionReminder.objects.filter(
        camera__owner_id=actor.user_id, camera__active=True
    ).order_by("created_at")
    for reminder in reminders:
        latest[reminder.camera_id] = reminder
    return [r for r in latest.values() if r.done_at is None]
