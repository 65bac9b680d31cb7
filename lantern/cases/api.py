"""Cases, subjects, vehicles, enforcement actions and ASB Case Reviews in the JSON API.

A rule's refusal is an answer: 422 with {"rule", "message", "source"} (config/api.py).
"""

import uuid

from django.http import HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from lantern.cases import selectors, services, workflow
from lantern.cases.models import Case, CaseReview, EnforcementAction, Vehicle
from lantern.cases.requirements import requirement_statuses
from lantern.cases.schemas import (
    ActionIn,
    ActionOut,
    BreachIn,
    BreachOut,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    EligibilityOut,
    EvidenceRefOut,
    KeeperIn,
    KeeperOut,
    PersonIn,
    PersonOut,
    PreviewOut,
    ReportLinkIn,
    RequirementOut,
    ReviewDecisionIn,
    ReviewDetailOut,
    ReviewIn,
    ReviewMeetingIn,
    ReviewOut,
    ReviewOutcomeIn,
    ServeIn,
    SightingOut,
    SubjectOut,
    TransitionIn,
    VehicleIn,
    VehicleLookupIn,
    VehicleOut,
)
from lantern.core.actor import Actor
from lantern.core.api import BoundedPagination, ErrorOut, FieldErrorsOut, RefusalOut, actor_of
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import InvalidRegistration, normalise

router = Router(tags=["cases"])

Refused = RefusalOut | FieldErrorsOut


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


def _action(action: EnforcementAction, documents: list[str] | None = None) -> ActionOut:
    return ActionOut(
        id=action.pk,
        case_id=action.case_id,
        kind=action.kind,
        state=action.state,
        person_id=action.person_id,
        registration=action.vehicle.registration if action.vehicle else None,
        conduct_category=action.conduct_category,
        conduct=action.conduct,
        prior_warning_id=action.prior_warning_id,
        requirements=[
            RequirementOut(
                kind=q.kind,
                text=q.text,
                period_days=q.period_days,
                in_force=q.in_force,
                why=q.why,
            )
            for q in requirement_statuses(action)
        ],
        served_on=action.served_on,
        served_how=action.served_how,
        comply_by=action.comply_by,
        expires_on=action.expires_on,
        appeal_ends_on=action.appeal_ends_on,
        appeal_lodged_on=action.appeal_lodged_on,
        amount_pence=action.amount_pence,
        document_sha256=[d.sha256 for d in selectors.action_documents(action=action)]
        if documents is None
        else documents,
        next_steps=[t.name for t in workflow.transitions_for(action)],
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


@router.get("/cases/{case_id}/actions", response={200: list[ActionOut], 404: ErrorOut})
def action_list(request: LanternRequest, case_id: uuid.UUID):
    case = selectors.case_get(actor=actor_of(request), case_id=case_id)
    actions = list(selectors.case_actions(case=case))
    shas = selectors.document_hashes(actions=actions)
    return [_action(a, shas.get(a.pk, [])) for a in actions]


@router.post(
    "/cases/{case_id}/actions",
    response={201: ActionOut, 403: ErrorOut, 404: ErrorOut, 422: Refused},
)
def action_draft(request: LanternRequest, case_id: uuid.UUID, payload: ActionIn):
    data = payload.dict()
    data["evidence"] = [{"kind": e["kind"], "id": str(e["id"])} for e in data["evidence"]]
    data["conduct_category"] = data["conduct_category"] or ""
    action = services.action_draft(
        actor=actor_of(request), case_id=case_id, data=services.ActionInput(**data)
    )
    return Status(201, _action(action))


@router.get("/actions/{action_id}", response={200: ActionOut, 404: ErrorOut})
def action_get(request: LanternRequest, action_id: uuid.UUID):
    return _action(selectors.action_get(actor=actor_of(request), action_id=action_id))


def _preview(preview: selectors.DocumentPreview, actor: Actor) -> PreviewOut:
    action = preview.action
    return PreviewOut(
        action_id=action.pk,
        kind=action.kind,
        state=action.state,
        title=preview.title,
        draft=True,
        problems=preview.problems,
        servable=not preview.problems,
        sha256=preview.sha256,
        size=len(preview.content),
        addressed_to=action.addressee_label,
        conduct=action.conduct,
        detrimental_effect=action.detrimental_effect,
        persistent_nature=action.persistent_nature,
        unreasonable_because=action.unreasonable_because,
        requirements=action.requirements,
        amount_pence=action.amount_pence,
        evidence=[
            EvidenceRefOut(
                kind=e.kind,
                id=uuid.UUID(e.id),
                reference=e.reference,
                sha256=e.sha256,
                visible=e.record is not None,
            )
            for e in selectors.action_evidence(actor=actor, action=action)
        ],
    )


@router.get("/actions/{action_id}/preview", response={200: PreviewOut, 404: ErrorOut})
def action_preview(request: LanternRequest, action_id: uuid.UUID):
    """Before approval or service: what would stop the document being served, what is being
    approved and the evidence it rests on. Each read is an access event; the draft PDF is
    at ``/actions/{action_id}/preview/pdf``."""
    actor = actor_of(request)
    preview = selectors.action_preview(actor=actor, action_id=action_id, purpose="document_preview")
    return _preview(preview, actor)


@router.get(
    "/actions/{action_id}/preview/pdf",
    response={200: None, 404: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The draft document (PDF), marked DRAFT",
                "content": {"application/pdf": {}},
            }
        }
    },
)
def action_preview_pdf(request: LanternRequest, action_id: uuid.UUID):
    """The document as it would be served, by the same renderer, marked DRAFT; its SHA-256
    in X-Content-SHA256. Each read is an access event."""
    preview = selectors.action_preview(
        actor=actor_of(request), action_id=action_id, purpose="document_preview_pdf"
    )
    response = HttpResponse(preview.content, content_type="application/pdf")
    response["Cache-Control"] = "no-store"
    response["X-Content-SHA256"] = preview.sha256
    return response


@router.post(
    "/actions/{action_id}/approve",
    response={200: ActionOut, 403: ErrorOut, 404: ErrorOut, 422: Refused},
)
def action_approve(request: LanternRequest, action_id: uuid.UUID):
    return _action(services.action_approve(actor=actor_of(request), action_id=action_id))


@router.post(
    "/actions/{action_id}/serve",
    response={200: ActionOut, 403: ErrorOut, 404: ErrorOut, 422: Refused},
)
def action_serve(request: LanternRequest, action_id: uuid.UUID, payload: ServeIn):
    return _action(
        services.action_serve(
            actor=actor_of(request),
            action_id=action_id,
            how=payload.how,
            served_on=payload.served_on,
        )
    )


@router.post(
    "/actions/{action_id}/transitions",
    response={200: ActionOut, 403: ErrorOut, 404: ErrorOut, 422: Refused},
)
def action_transition(request: LanternRequest, action_id: uuid.UUID, payload: TransitionIn):
    return _action(
        services.action_transition(
            actor=actor_of(request),
            action_id=action_id,
            name=payload.name,
            note=payload.note,
            on=payload.on,
        )
    )


@router.post(
    "/actions/{action_id}/breaches",
    response={201: BreachOut, 403: ErrorOut, 404: ErrorOut, 422: Refused},
)
def breach_record(request: LanternRequest, action_id: uuid.UUID, payload: BreachIn):
    breach = services.breach_record(
        actor=actor_of(request),
        action_id=action_id,
        occurred_on=payload.occurred_on,
        requirement_index=payload.requirement_index,
        details=payload.details,
        evidence=[{"kind": e.kind, "id": str(e.id)} for e in payload.evidence],
    )
    return Status(
        201,
        BreachOut(
            id=breach.pk,
            action_id=breach.action_id,
            occurred_on=breach.occurred_on,
            requirement_index=breach.requirement_index,
        ),
    )


@router.get(
    "/case-reviews/eligibility", response={200: EligibilityOut, 403: ErrorOut, 404: ErrorOut}
)
def case_review_eligibility(request: LanternRequest, council_id: uuid.UUID | None = None):
    """Your eligibility under a council's threshold (by default the one council Lantern
    knows; the defaults when it knows several and none is given)."""
    actor = actor_of(request)
    if not can(actor, Permission.CASE_REVIEW_APPLY):
        return Status(403, {"detail": "You may not do this"})
    council = None
    if council_id is not None:
        council = selectors.review_councils().filter(pk=council_id).first()
        if council is None:
            raise NotFound("council")
    result = selectors.resident_eligibility(actor=actor, council=council)
    policy = result.policy
    return EligibilityOut(
        eligible=result.eligible,
        qualifying_reports=len(result.qualifying_report_ids),
        hate_incidents=len(result.hate_report_ids),
        should_be_told=result.should_be_told,
        council_id=policy.authority_id,
        council_name=policy.authority_name,
        threshold=policy.threshold_text(),
        threshold_incidents=policy.case_review_incidents,
        threshold_months=policy.case_review_months,
        threshold_hate_incidents=policy.case_review_hate_incidents,
    )


@router.post("/case-reviews", response={201: ReviewOut, 403: ErrorOut, 422: Refused})
def case_review_apply(request: LanternRequest, payload: ReviewIn):
    review = services.case_review_apply(
        actor=actor_of(request), statement=payload.statement, council_id=payload.council_id
    )
    return Status(201, ReviewOut.from_orm(review))


def _review(review: CaseReview) -> ReviewDetailOut:
    step = selectors.review_next_step(review)
    return ReviewDetailOut(
        **ReviewOut.from_orm(review).dict(),
        statement=review.statement,
        hate_incident=review.hate_incident,
        qualifying_reports=len(review.report_ids),
        threshold_met=review.threshold_met,
        decided_on=review.decided_on,
        decision_reason=review.decision_reason,
        meeting_on=review.meeting_on,
        recommendations=review.recommendations,
        outcome_sent_on=review.outcome_sent_on,
        outcome_sha256=review.outcome_sha256,
        next_step=step.name if step else None,
        next_step_due_on=step.due_on if step else None,
        next_step_late=bool(step and step.late),
        council_id=review.council_id,
        threshold=selectors.review_policy(review=review).threshold_text(),
    )


@router.get("/case-reviews", response={200: list[ReviewOut], 403: ErrorOut})
@paginate(BoundedPagination)
def case_review_list(request: LanternRequest):
    """Every application, for the partnership's officers; a resident's own, for a resident."""
    actor = actor_of(request)
    if can(actor, Permission.CASE_REVIEW_MANAGE):
        return selectors.case_review_list(actor=actor)
    if can(actor, Permission.CASE_REVIEW_APPLY):
        return selectors.own_case_reviews(actor=actor).order_by("-created_at")
    raise PermissionDenied("case_review.manage")


@router.get("/case-reviews/{uuid:review_id}", response={200: ReviewDetailOut, 404: ErrorOut})
def case_review_get(request: LanternRequest, review_id: uuid.UUID):
    return _review(selectors.case_review_get(actor=actor_of(request), review_id=review_id))


@router.post(
    "/case-reviews/{uuid:review_id}/decision",
    response={200: ReviewDetailOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_review_decide(request: LanternRequest, review_id: uuid.UUID, payload: ReviewDecisionIn):
    return _review(
        services.case_review_decide(
            actor=actor_of(request),
            review_id=review_id,
            threshold_met=payload.threshold_met,
            reason=payload.reason,
        )
    )


@router.post(
    "/case-reviews/{uuid:review_id}/meeting",
    response={200: ReviewDetailOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_review_meeting(request: LanternRequest, review_id: uuid.UUID, payload: ReviewMeetingIn):
    return _review(
        services.case_review_meeting(
            actor=actor_of(request),
            review_id=review_id,
            held_on=payload.held_on,
            recommendations=payload.recommendations,
        )
    )


@router.post(
    "/case-reviews/{uuid:review_id}/outcome",
    response={200: ReviewDetailOut, 404: ErrorOut, 422: FieldErrorsOut},
)
def case_review_outcome(request: LanternRequest, review_id: uuid.UUID, payload: ReviewOutcomeIn):
    """Send the outcome letter: rendered as PDF once, frozen with its SHA-256."""
    return _review(
        services.case_review_outcome(
            actor=actor_of(request), review_id=review_id, letter=payload.letter
        )
    )


@router.get(
    "/case-reviews/{uuid:review_id}/letter",
    response={200: None, 404: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The outcome letter as sent (PDF)",
                "content": {"application/pdf": {}},
            }
        }
    },
)
def case_review_letter(request: LanternRequest, review_id: uuid.UUID):
    """The outcome letter's PDF, byte for byte as sent; its SHA-256 in X-Content-SHA256."""
    review = selectors.case_review_get(actor=actor_of(request), review_id=review_id)
    if not review.outcome_pdf:
        raise NotFound("outcome letter")
    response = HttpResponse(bytes(review.outcome_pdf), content_type="application/pdf")
    response["X-Content-SHA256"] = review.outcome_sha256
    return response
