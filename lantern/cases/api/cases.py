"""Cases, their subjects, people and vehicles in the JSON API."""

import uuid

from ninja import Status
from ninja.pagination import paginate

from lantern.cases import selectors, services
from lantern.cases.api.router import router
from lantern.cases.models import Case, Vehicle
from lantern.cases.schemas import (
    CaseDetailOut,
    CaseIn,
    CaseOut,
    KeeperIn,
    KeeperOut,
    PersonIn,
    PersonOut,
    ReportLinkIn,
    SightingOut,
    SubjectOut,
    VehicleIn,
    VehicleLookupIn,
    VehicleOut,
)
from lantern.core.actor import Actor
from lantern.core.api import BoundedPagination, ErrorOut, FieldErrorsOut, actor_of
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import InvalidRegistration, normalise


def _subject(link) -> SubjectOut:
    what = link.person or link.vehicle or link.body
    return SubjectOut(
        id=link.pk,
        role=link.role,
        person_id=link.person_id,
        vehicle_id=link.vehicle_id,
        registration=link.vehicle.registration if link.vehicle else None,
        body_id=link.body_id,
        label=getattr(what, "label", None) or str(what),
    )


def _case_detail(case: Case) -> CaseDetailOut:
    return CaseDetailOut(
        **CaseOut.from_orm(case).dict(),
        summary=case.summary,
        report_ids=sorted(selectors.case_report_ids(case=case)),
        subjects=[_subject(s) for s in selectors.case_subjects(case=case)],
        closure_reason=case.closure_reason,
    )


@router.get("/cases", response=list[CaseOut])
@paginate(BoundedPagination)
def case_list(request: LanternRequest):
    return selectors.case_list(actor=actor_of(request))


@router.post("/cases", response={201: CaseDetailOut, 403: ErrorOut, 422: FieldErrorsOut})
def case_open(request: LanternRequest, payload: CaseIn):
    case = services.case_open(
        actor=actor_of(request),
        data=services.CaseInput(
            kind=payload.kind,
            title=payload.title,
            summary=payload.summary,
            area=payload.area,
            next_review_on=payload.next_review_on,
        ),
    )
    return Status(201, _case_detail(case))


@router.get("/cases/{case_id}", response={200: CaseDetailOut, 404: ErrorOut})
def case_get(request: LanternRequest, case_id: uuid.UUID):
    return _case_detail(selectors.case_get(actor=actor_of(request), case_id=case_id))


@router.post(
    "/cases/{case_id}/reports",
    response={201: CaseDetailOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_link_report(request: LanternRequest, case_id: uuid.UUID, payload: ReportLinkIn):
    actor = actor_of(request)
    services.case_link_report(actor=actor, case_id=case_id, report_id=payload.report_id)
    return Status(201, _case_detail(selectors.case_get(actor=actor, case_id=case_id)))


@router.post(
    "/cases/{case_id}/people",
    response={201: SubjectOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def person_link(request: LanternRequest, case_id: uuid.UUID, payload: PersonIn):
    link = services.person_link(
        actor=actor_of(request),
        case_id=case_id,
        role=payload.role,
        data=services.PersonInput(
            given_name=payload.given_name,
            family_name=payload.family_name,
            aliases=payload.aliases,
            date_of_birth=payload.date_of_birth,
            estimated_age=payload.estimated_age,
            description=payload.description,
        ),
    )
    return Status(201, _subject(link))


@router.post(
    "/cases/{case_id}/vehicles",
    response={201: SubjectOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def vehicle_link(request: LanternRequest, case_id: uuid.UUID, payload: VehicleIn):
    link = services.vehicle_link(
        actor=actor_of(request),
        case_id=case_id,
        registration=payload.registration,
        role=payload.role,
        make=payload.make,
        model=payload.model,
        colour=payload.colour,
    )
    return Status(201, _subject(link))


@router.post(
    "/cases/{case_id}/vehicles/{vehicle_id}/keeper",
    response={200: KeeperOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def vehicle_keeper(
    request: LanternRequest, case_id: uuid.UUID, vehicle_id: uuid.UUID, payload: KeeperIn
):
    vehicle = services.vehicle_set_keeper(
        actor=actor_of(request),
        case_id=case_id,
        vehicle_id=vehicle_id,
        name=payload.name,
        address=payload.address,
        person_id=payload.person_id,
    )
    return KeeperOut(vehicle_id=vehicle.pk, keeper_person_id=vehicle.keeper_person_id)


@router.get("/people/{person_id}", response={200: PersonOut, 404: ErrorOut})
def person_get(request: LanternRequest, person_id: uuid.UUID):
    person = selectors.person_get(actor=actor_of(request), person_id=person_id)
    return PersonOut(
        id=person.pk,
        label=person.label,
        aliases=person.aliases,
        date_of_birth=person.date_of_birth,
        estimated_age=person.estimated_age,
        description=person.description,
    )


def _vehicle(actor: Actor, vehicle: Vehicle | None, registration: str) -> VehicleOut:
    sightings = selectors.vehicle_sightings(actor=actor, registration=registration)
    letters = selectors.vehicle_letters(actor=actor, vehicle=vehicle) if vehicle else []
    return VehicleOut(
        id=vehicle.pk if vehicle else None,
        registration=registration,
        make=vehicle.make if vehicle else "",
        model=vehicle.model if vehicle else "",
        colour=vehicle.colour if vehicle else "",
        on_a_case=vehicle is not None,
        sightings=[SightingOut(**s.__dict__) for s in sightings],
        letter_ids=[a.pk for a in letters],
    )


@router.get("/vehicles/{uuid:vehicle_id}", response={200: VehicleOut, 404: ErrorOut})
def vehicle_get(request: LanternRequest, vehicle_id: uuid.UUID):
    actor = actor_of(request)
    vehicle = selectors.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    return _vehicle(actor, vehicle, vehicle.registration)


@router.post(
    "/vehicles/lookup",
    response={200: VehicleOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def vehicle_lookup(request: LanternRequest, payload: VehicleLookupIn):
    """Find a vehicle by its registration, sent in the body so that it stays out of URLs
    and logs: its record, if it is on a case you see, and every report naming it."""
    actor = actor_of(request)
    if not can(actor, Permission.CASE_VIEW):
        raise PermissionDenied("case.view")
    try:
        compact = normalise(payload.registration)
    except InvalidRegistration as exc:
        raise ValidationFailed({"registration": [str(exc)]}) from None
    vehicle = selectors.vehicle_find(actor=actor, registration=compact)
    result = _vehicle(actor, vehicle, compact)
    if vehicle is None and not result.sightings:
        return Status(404, {"detail": "Not found"})
    return result
