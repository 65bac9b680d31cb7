"""Safeguarding in the JSON API. Every record is special category data: the selectors
answer 404 to anyone who may not see it, and log every read."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from ninja import Router, Status
from ninja.pagination import paginate

from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.api import BoundedPagination, ErrorOut, FieldErrorsOut, RefusalOut, actor_of
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.safeguarding import schemas, selectors, services

router = Router(tags=["safeguarding"])
LONDON = ZoneInfo("Europe/London")
WRITE = {201: None, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut | RefusalOut}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=LONDON)


@router.post("/screenings", response={**WRITE, 201: schemas.ScreeningOut})
def screening_create(request: LanternRequest, payload: schemas.ScreeningIn):
    data = payload.dict()
    data["observed_at"] = _aware(data["observed_at"])
    return Status(201, services.screening_record(actor=actor_of(request), **data))


@router.get("/screenings/{screening_id}", response={200: schemas.ScreeningOut, 404: ErrorOut})
def screening_get(request: LanternRequest, screening_id: uuid.UUID):
    return selectors.screening_get(actor=actor_of(request), screening_id=screening_id)


@router.post("/screenings/{screening_id}/duty-to-notify", response={**WRITE, 201: schemas.DutyOut})
def duty_to_notify(request: LanternRequest, screening_id: uuid.UUID, payload: schemas.DutyIn):
    outcome = services.duty_to_notify(
        actor=actor_of(request), screening_id=screening_id, **payload.dict()
    )
    return Status(
        201,
        schemas.DutyOut(
            route=outcome.route,
            met_on=outcome.met_on,
            record_id=outcome.record.pk if outcome.record else None,
            childrens_referral_id=(
                outcome.childrens_referral.pk if outcome.childrens_referral else None
            ),
        ),
    )


@router.get("/duty-records/{record_id}", response={200: schemas.DutyRecordOut, 404: ErrorOut})
def duty_record_get(request: LanternRequest, record_id: uuid.UUID):
    return selectors.duty_record_get(actor=actor_of(request), record_id=record_id)


@router.post("/reviews", response={**WRITE, 201: schemas.SafeguardingReviewOut})
def review_create(request: LanternRequest, payload: schemas.ReviewIn):
    return Status(201, services.review_record(actor=actor_of(request), **payload.dict()))


@router.get("/reviews/{review_id}", response={200: schemas.SafeguardingReviewOut, 404: ErrorOut})
def review_get(request: LanternRequest, review_id: uuid.UUID):
    return selectors.review_get(actor=actor_of(request), review_id=review_id)


@router.post("/consents", response={**WRITE, 201: schemas.ConsentOut})
def consent_create(request: LanternRequest, payload: schemas.ConsentIn):
    data = payload.dict()
    data["explained_at"] = _aware(data["explained_at"])
    return Status(201, services.consent_record(actor=actor_of(request), **data))


@router.get("/consents/{consent_id}", response={200: schemas.ConsentOut, 404: ErrorOut})
def consent_get(request: LanternRequest, consent_id: uuid.UUID):
    return selectors.consent_get(actor=actor_of(request), consent_id=consent_id)


@router.post("/consents/{consent_id}/withdraw", response={**WRITE, 200: schemas.ConsentOut})
def consent_withdraw(request: LanternRequest, consent_id: uuid.UUID):
    return services.consent_withdraw(actor=actor_of(request), consent_id=consent_id)


@router.post("/referrals", response={**WRITE, 201: schemas.ReferralOut})
def referral_create(request: LanternRequest, payload: schemas.ReferralIn):
    data = services.ReferralInput(**payload.dict())
    return Status(201, services.referral_send(actor=actor_of(request), data=data))


@router.get("/referrals/{referral_id}", response={200: schemas.ReferralOut, 404: ErrorOut})
def referral_get(request: LanternRequest, referral_id: uuid.UUID):
    return selectors.referral_get(actor=actor_of(request), referral_id=referral_id)


@router.get("/people/{person_id}", response={200: schemas.SafeguardingPersonOut, 404: ErrorOut})
def person_get(request: LanternRequest, person_id: uuid.UUID):
    return selectors.person_records(actor=actor_of(request), person_id=person_id)


@router.get("/people/{person_id}/status", response={200: schemas.StatusOut, 404: ErrorOut})
def person_status(request: LanternRequest, person_id: uuid.UUID):
    actor = actor_of(request)
    if not can(actor, Permission.SAFEGUARDING_STATUS_VIEW) or not selectors.person_in_scope(
        actor, person_id
    ):
        raise NotFound("person")
    summary = directory.person(actor, person_id)
    age = summary.age_on(clock.now().date()) if summary else None
    status = selectors.gate_status(person_id=person_id, person_age=age)
    return schemas.StatusOut(
        person_id=person_id,
        review_recorded=bool(status.review_decision),
        review_decision=status.review_decision,
        reviewed_on=status.reviewed_on,
        enforcement_allowed=status.allows_enforcement,
    )


@router.get("/agency/referrals", response=list[schemas.AgencyReferralOut])
@paginate(BoundedPagination)
def agency_referral_list(request: LanternRequest):
    actor = actor_of(request)
    return [_agency_view(actor, r) for r in selectors.agency_referrals(actor=actor)]


def _agency_view(actor: Actor, referral) -> schemas.AgencyReferralOut:
    shared = selectors.agency_shares_information(referral=referral)
    details = (
        selectors.agency_referral_shared(actor=actor, referral=referral)
        if can(actor, Permission.AGENCY_REFERRAL_VIEW, referral)
        else []
    )
    return schemas.AgencyReferralOut(
        id=referral.pk,
        service=referral.service,
        reason=referral.reason,
        shared_information=referral.shared_information if shared else "",
        shared=[
            schemas.SharedDetailOut(item=d.item, label=d.label, shared=d.shared, value=d.value)
            for d in details
        ],
        status=referral.status,
        outcome=referral.outcome,
        sent_at=referral.sent_at,
    )


@router.get(
    "/agency/referrals/{referral_id}", response={200: schemas.AgencyReferralOut, 404: ErrorOut}
)
def agency_referral_get(request: LanternRequest, referral_id: uuid.UUID):
    actor = actor_of(request)
    referral = selectors.agency_referral_get(actor=actor, referral_id=referral_id)
    return _agency_view(actor, referral)


@router.post(
    "/agency/referrals/{referral_id}/status", response={**WRITE, 200: schemas.AgencyReferralOut}
)
def agency_referral_update(
    request: LanternRequest, referral_id: uuid.UUID, payload: schemas.ReferralStatusIn
):
    actor = actor_of(request)
    referral = services.referral_update(actor=actor, referral_id=referral_id, **payload.dict())
    return _agency_view(actor, referral)


@router.get("/agency/contacts", response=list[schemas.OutreachContactOut])
@paginate(BoundedPagination)
def contact_list(request: LanternRequest):
    """The outreach contacts the caller's own agency logged (no names: none are recorded)."""
    return selectors.agency_contacts(actor=actor_of(request))


@router.post("/agency/contacts", response={**WRITE, 201: schemas.OutreachContactOut})
def contact_create(request: LanternRequest, payload: schemas.ContactIn):
    return Status(201, services.outreach_contact_log(actor=actor_of(request), **payload.dict()))


@router.get("/numbers", response={200: list[schemas.MonthOut], 404: ErrorOut})
def numbers(request: LanternRequest):
    return selectors.partnership_numbers(actor=actor_of(request))
