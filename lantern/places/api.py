"""Places and cameras in the JSON API: areas, a resident's cameras, the officers' camera
search, and footage requests. The same services and selectors as the pages."""

import uuid

from ninja import Query, Router, Status
from ninja.pagination import paginate

from lantern.core.api import (
    BoundedPagination,
    CursorPageInput,
    ErrorOut,
    FieldErrorsOut,
    RefusalOut,
    TimeCursorPagination,
    actor_of,
)
from lantern.core.client_address import client_address
from lantern.core.errors import TooManyAttempts
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.places import selectors, services
from lantern.places.geocoding import GeocoderUnavailable
from lantern.places.models import FootageRequest
from lantern.places.schemas import (
    AreaOut,
    AreaPublicIn,
    CameraIn,
    CameraMatchOut,
    CameraOut,
    CameraSearchIn,
    DeclineIn,
    FootageRequestIn,
    FootageRequestOut,
    FootageRequestPageOut,
    PlaceOut,
    PlaceSearchIn,
)

router = Router(tags=["places"])


def _request_out(r: FootageRequest) -> FootageRequestOut:
    return FootageRequestOut(
        id=r.pk,
        camera_id=r.camera_id,
        camera_label=r.camera.business_name or r.camera.label,
        report_id=r.report_id,
        organisation_name=r.organisation.name,
        status=r.status,
        window_start=r.window_start,
        window_end=r.window_end,
        message=r.message,
        expires_at=r.expires_at,
        seen_at=r.seen_at,
        declined_at=r.declined_at,
        decline_reason=r.decline_reason,
        answered_at=r.answered_at,
        item_count=r.item_count,
    )


@router.get("/areas", response=list[AreaOut])
@paginate(BoundedPagination)
def area_list(request: LanternRequest):
    return selectors.area_list(actor=actor_of(request))


@router.get("/areas/{area_id}", response={200: AreaOut, 404: ErrorOut})
def area_get(request: LanternRequest, area_id: uuid.UUID):
    return selectors.area_get(actor=actor_of(request), area_id=area_id)


@router.get(
    "/search",
    auth=None,
    response={200: list[PlaceOut], 422: FieldErrorsOut, 429: ErrorOut, 503: ErrorOut},
)
def place_search(request: LanternRequest, query: Query[PlaceSearchIn]):
    """Streets, postcodes and places whose name starts with ``q``, best first (at most 10).
    Open to anyone, signed in or not (a resident reporting without an account uses it);
    limited per client address (``LANTERN_PLACE_SEARCHES_PER_MINUTE``). The text is not
    logged or kept."""
    try:
        places = selectors.place_search(text=query.q, client_address=client_address(request))
    except TooManyAttempts as exc:
        return Status(429, {"detail": f"Too many searches: try again in {exc.retry_after} seconds"})
    except GeocoderUnavailable:
        return Status(503, {"detail": "Place search is not working at the moment"})
    return [
        PlaceOut(
            name=p.name,
            label=p.label,
            kind=p.kind,
            latitude=p.lat,
            longitude=p.lon,
            postcode=p.postcode,
            locality=p.locality,
        )
        for p in places
    ]


@router.post("/areas/{area_id}/public", response={200: AreaOut, 403: ErrorOut, 404: ErrorOut})
def area_set_public(request: LanternRequest, area_id: uuid.UUID, payload: AreaPublicIn):
    """Show the area to anyone as a neighbourhood page of aggregate counts, or stop."""
    return services.area_set_public(actor=actor_of(request), area_id=area_id, public=payload.public)


@router.get("/cameras", response=list[CameraOut])
@paginate(BoundedPagination)
def camera_list(request: LanternRequest):
    """The cameras the signed-in resident has registered."""
    return selectors.camera_list_own(actor=actor_of(request))


@router.post("/cameras", response={201: CameraOut, 403: ErrorOut, 422: FieldErrorsOut})
def camera_register(request: LanternRequest, payload: CameraIn):
    data = payload.dict()
    acknowledged = data.pop("guidance_acknowledged")
    camera = services.camera_register(
        actor=actor_of(request), guidance_acknowledged=acknowledged, **data
    )
    return Status(201, camera)


@router.get(
    "/cameras/search", response={200: list[CameraMatchOut], 403: ErrorOut, 422: FieldErrorsOut}
)
def camera_search(request: LanternRequest, query: Query[CameraSearchIn]):
    """Registered cameras that may have seen a place at a time (officers). Every camera
    listed is recorded as an access event."""
    actor = actor_of(request)
    if not can(actor, Permission.CAMERA_SEARCH):
        return Status(403, {"detail": "You may not search cameras"})
    matches = selectors.cameras_that_may_have_seen(
        actor=actor, latitude=query.latitude, longitude=query.longitude, at=query.at
    )
    return [
        CameraMatchOut(
            camera=CameraOut.from_orm(m.camera),
            distance_m=round(m.distance_m, 1),
            bearing_from_camera=round(m.bearing_from_camera, 1),
            footage_kept_until=m.footage_kept_until,
        )
        for m in matches
    ]


@router.get("/cameras/{camera_id}", response={200: CameraOut, 404: ErrorOut})
def camera_get(request: LanternRequest, camera_id: uuid.UUID):
    return selectors.camera_get(actor=actor_of(request), camera_id=camera_id)


@router.delete("/cameras/{camera_id}", response={204: None, 403: ErrorOut, 404: ErrorOut})
def camera_deregister(request: LanternRequest, camera_id: uuid.UUID):
    services.camera_deregister(actor=actor_of(request), camera_id=camera_id)
    return Status(204, None)


# Footage requests grow with the partnership's work: paged by cursor, newest first, never
# counted (docs/adr/0023), walked by places 0007_footage_request_created_list.
FOOTAGE_REQUEST_PAGES = TimeCursorPagination()


@router.get("/footage-requests", response={200: FootageRequestPageOut, 422: FieldErrorsOut})
def footage_request_list(request: LanternRequest, page: Query[CursorPageInput]):
    """For a camera owner, requests to their cameras; for officers, their organisation's.
    Newest first, paged by cursor and never counted: follow ``next`` for older requests."""
    actor = actor_of(request)
    if can(actor, Permission.FOOTAGE_REQUEST_RESPOND):
        requests = selectors.footage_request_list_received(actor=actor)
    else:
        requests = selectors.footage_request_list_sent(actor=actor)
    found = FOOTAGE_REQUEST_PAGES.paginate_queryset(requests, pagination=page, request=request)
    return {**found, "results": [_request_out(r) for r in found["results"]]}


@router.post(
    "/footage-requests",
    response={
        201: FootageRequestOut,
        403: ErrorOut,
        404: ErrorOut,
        422: FieldErrorsOut | RefusalOut,
    },
)
def footage_request_send(request: LanternRequest, payload: FootageRequestIn):
    sent = services.footage_request_send(
        actor=actor_of(request),
        camera_id=payload.camera_id,
        report_id=payload.report_id,
        window_start=payload.window_start,
        window_end=payload.window_end,
        message=payload.message,
    )
    return Status(201, _request_out(sent))


@router.get("/footage-requests/{request_id}", response={200: FootageRequestOut, 404: ErrorOut})
def footage_request_get(request: LanternRequest, request_id: uuid.UUID):
    return _request_out(selectors.footage_request_get(actor=actor_of(request), id=request_id))


@router.post(
    "/footage-requests/{request_id}/decline",
    response={200: FootageRequestOut, 404: ErrorOut, 422: FieldErrorsOut | RefusalOut},
)
def footage_request_decline(request: LanternRequest, request_id: uuid.UUID, payload: DeclineIn):
    declined = services.footage_request_decline(
        actor=actor_of(request), request_id=request_id, reason=payload.reason
    )
    return _request_out(declined)
