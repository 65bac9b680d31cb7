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
from lantern.cases.schemas_sharing import FactOut, ShareIn, ShareOut, VehicleFactIn
from lantern.core.actor import Actor
from lantern.core.api import ErrorOut, FieldErrorsOut, TimeCursorPagination, actor_of
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
@paginate(TimeCursorPagination)
def case_list(request: LanternRequest):
    """Cases, newest first (by when they were opened), paged by cursor and never counted;
    each page reads the cases it passes and their own links (``case_walk``)."""
    return selectors.case_walk(actor=actor_of(request))


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
            partnership_id=payload.partnership_id,
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
    """Record the registered keeper from your organisation's DVLA enquiry: your
    organisation's own statements, which only it reads."""
    keeper = services.vehicle_set_keeper(
        actor=actor_of(request),
        case_id=case_id,
        vehicle_id=vehicle_id,
        name=payload.name,
        address=payload.address,
        person_id=payload.person_id,
    )
    return KeeperOut(vehicle_id=vehicle_id, keeper_person_id=keeper.person_id)


@router.post(
    "/cases/{case_id}/vehicles/{vehicle_id}/facts",
    response={201: FactOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def vehicle_fact(
    request: LanternRequest, case_id: uuid.UUID, vehicle_id: uuid.UUID, payload: VehicleFactIn
):
    """Record your organisation's statement of the vehicle's make, model or colour, from the
    case: a new statement of yours (replacing your own older one), never a change to another
    organisation's."""
    actor = actor_of(request)
    fact = services.vehicle_fact_assert(
        actor=actor,
        case_id=case_id,
        vehicle_id=vehicle_id,
        property=payload.property,
        value=payload.value,
    )
    vehicle = selectors.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    view = selectors.vehicle_view(actor=actor, vehicle=vehicle)
    return Status(201, next(_fact(s) for s in view.statements if s.id == fact.pk))


@router.post("/facts/{fact_id}/withdraw", response={204: None, 403: ErrorOut, 404: ErrorOut})
def fact_withdraw(request: LanternRequest, fact_id: uuid.UUID):
    """Withdraw one of your organisation's own statements (kept, marked withdrawn)."""
    services.vehicle_fact_retract(actor=actor_of(request), fact_id=fact_id)
    return Status(204, None)


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


def _fact(statement: selectors.Statement) -> FactOut:
    return FactOut(
        id=statement.id,
        property=statement.property,
        value=None if statement.value is None else str(statement.value),
        text=statement.text,
        organisation_id=statement.organisation_id,
        organisation=statement.organisation,
        asserted_at=statement.asserted_at,
        source_type=statement.source_type,
        case_id=statement.case_id,
        own=statement.own,
    )


def _vehicle(actor: Actor, vehicle: Vehicle | None, registration: str) -> VehicleOut:
    sightings = selectors.vehicle_sightings(actor=actor, registration=registration)
    letters = selectors.vehicle_letters(actor=actor, vehicle=vehicle) if vehicle else []
    view = selectors.vehicle_view(actor=actor, vehicle=vehicle) if vehicle else None
    return VehicleOut(
        id=vehicle.pk if vehicle else None,
        registration=registration,
        facts=[_fact(s) for s in view.statements] if view else [],
        keeper_held_by=list(view.keepers_held_by) if view else [],
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


def _share(share) -> ShareOut:
    return ShareOut(
        id=share.pk,
        partnership_id=share.partnership_id,
        reason=share.reason,
        shared_at=share.created_at,
        withdrawn_at=share.withdrawn_at,
    )


@router.get("/cases/{case_id}/shares", response={200: list[ShareOut], 404: ErrorOut})
def case_shares(request: LanternRequest, case_id: uuid.UUID):
    """The case's live shares with other partnerships."""
    case = selectors.case_get(actor=actor_of(request), case_id=case_id)
    return [_share(s) for s in selectors.case_shares(case=case)]


@router.post(
    "/cases/{case_id}/shares",
    response={201: ShareOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_share(request: LanternRequest, case_id: uuid.UUID, payload: ShareIn):
    """Share the case with another partnership, saying why (audited). Then add its
    organisations as partners of the case so that their staff see it."""
    share = services.case_share(
        actor=actor_of(request),
        case_id=case_id,
        to_partnership_id=payload.partnership_id,
        reason=payload.reason,
    )
    return Status(201, _share(share))


@router.post(
    "/cases/{case_id}/shares/{share_id}/withdraw",
    response={200: ShareOut, 403: ErrorOut, 404: ErrorOut},
)
def case_share_withdraw(request: LanternRequest, case_id: uuid.UUID, share_id: uuid.UUID):
    """Withdraw a share: the other partnership's staff no longer see the case."""
    share = services.case_share_withdraw(
        actor=actor_of(request), case_id=case_id, share_id=share_id
    )
    return _share(share)
