"""Enforcement actions in the JSON API: drafting, preview, approval, service, transitions and
breaches."""

import uuid

from ninja import Status

from lantern.cases import selectors, services, workflow
from lantern.cases.api.router import Refused, pdf_openapi, pdf_response, router
from lantern.cases.models import EnforcementAction
from lantern.cases.requirements import requirement_statuses
from lantern.cases.schemas import (
    ActionIn,
    ActionOut,
    BreachIn,
    BreachOut,
    EvidenceRefOut,
    PreviewOut,
    RequirementOut,
    ServeIn,
    TransitionIn,
)
from lantern.core.actor import Actor
from lantern.core.api import ErrorOut, actor_of
from lantern.core.http import LanternRequest


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
    openapi_extra=pdf_openapi("The draft document (PDF), marked DRAFT"),
)
def action_preview_pdf(request: LanternRequest, action_id: uuid.UUID):
    """The document as it would be served, by the same renderer, marked DRAFT; its SHA-256
    in X-Content-SHA256. Each read is an access event."""
    preview = selectors.action_preview(
        actor=actor_of(request), action_id=action_id, purpose="document_preview_pdf"
    )
    return pdf_response(preview.content, preview.sha256)


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
