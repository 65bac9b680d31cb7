"""The intelligence API: resolution of duplicates. For analysts and supervisors
(INTELLIGENCE_ANALYSE); anyone else gets a 404. Lantern puts pairs forward; a person
confirms or rejects each with a reason, and a merge can be undone."""

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from lantern.core.api import BoundedPagination, ErrorOut, FieldErrorsOut, Text, actor_of
from lantern.core.http import LanternRequest
from lantern.intelligence import selectors, services
from lantern.intelligence.models import Entity, ResolutionCandidate
from lantern.intelligence.services.resolution import REASON_LIMIT

router = Router()
WRITE = {403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


class ResolutionEntityOut(Schema):
    id: uuid.UUID
    type: str = Field(description="person, vehicle, phone...")
    caption: str
    merged_into_id: uuid.UUID | None

    @staticmethod
    def resolve_type(obj: Entity) -> str:
        return obj.schema


class ResolutionCandidateOut(Schema):
    id: uuid.UUID
    type: str = Field(description="The two entities' type: person, vehicle, phone...")
    entity_a: ResolutionEntityOut
    entity_b: ResolutionEntityOut
    probability: float | None = Field(
        description="The model's match probability; null when a rule or an analyst found the pair"
    )
    found_by: str = Field(description="linkage, rule or analyst")
    status: str
    reason: str
    decided_at: datetime | None
    undone_reason: str
    merged_entity_id: uuid.UUID | None
    created_at: datetime

    @staticmethod
    def resolve_type(obj: ResolutionCandidate) -> str:
        return obj.schema


class ResolutionCandidatesQuery(Schema):
    status: Literal["pending", "confirmed", "rejected", "undone", "all"] = "pending"


class ResolutionFindIn(Schema):
    threshold: float = Field(0.9, ge=0.0, le=1.0, description="Lowest match probability")
    partnership_id: uuid.UUID | None = Field(
        None, description="One of your partnerships; all of them when left out"
    )


class ResolutionFindOut(Schema):
    partnerships: int
    people: int
    vehicles: int
    phones: int
    candidate_pairs: int
    predicted: int
    rule_pairs: int
    proposed: int
    known: int
    trained: bool
    threshold: float
    seconds: float
    candidate_ids: list[uuid.UUID]


class ResolutionProposeIn(Schema):
    entity_a_id: uuid.UUID
    entity_b_id: uuid.UUID


class ResolutionDecisionIn(Schema):
    reason: Text(REASON_LIMIT)  # type: ignore[valid-type]


@router.get(
    "/resolution/candidates",
    response={200: list[ResolutionCandidateOut], 404: ErrorOut},
    summary="Resolution candidates",
)
@paginate(BoundedPagination)
def candidate_list(request: LanternRequest, filters: Query[ResolutionCandidatesQuery]):
    """Pairs put forward as possibly one entity, in the caller's partnerships, most probable
    first; ``status`` chooses which (pending by default, or all)."""
    status = "" if filters.status == "all" else filters.status
    return selectors.candidate_list(actor_of(request), status=status)


@router.post(
    "/resolution/find",
    response={200: ResolutionFindOut, **WRITE},
    summary="Find duplicate people, vehicles and phones",
)
def find(request: LanternRequest, payload: ResolutionFindIn):
    """Look for duplicates now (in this request) and put each new pair forward; nothing is
    merged. The page runs the same search in the background."""
    result = services.candidates_find(
        actor_of(request), partnership_id=payload.partnership_id, threshold=payload.threshold
    )
    return result.as_dict()


@router.post(
    "/resolution/candidates",
    response={201: ResolutionCandidateOut, **WRITE},
    summary="Put a pair forward",
)
def propose(request: LanternRequest, payload: ResolutionProposeIn):
    """Two entities of one type, in one partnership, that an analyst thinks are one. A pair
    already put forward is answered as it is."""
    candidate = services.candidate_propose(
        actor=actor_of(request),
        entity_a_id=payload.entity_a_id,
        entity_b_id=payload.entity_b_id,
        found_by="analyst",
    )
    return Status(201, _fresh(candidate))


def _fresh(candidate: ResolutionCandidate) -> ResolutionCandidate:
    return ResolutionCandidate.objects.select_related("entity_a", "entity_b").get(pk=candidate.pk)


@router.post(
    "/resolution/candidates/{candidate_id}/confirm",
    response={200: ResolutionCandidateOut, **WRITE},
    summary="Confirm a pair: merge",
)
def confirm(request: LanternRequest, candidate_id: uuid.UUID, payload: ResolutionDecisionIn):
    candidate = services.merge_confirm(
        actor=actor_of(request), candidate_id=candidate_id, reason=payload.reason
    )
    return _fresh(candidate)


@router.post(
    "/resolution/candidates/{candidate_id}/reject",
    response={200: ResolutionCandidateOut, **WRITE},
    summary="Reject a pair",
)
def reject(request: LanternRequest, candidate_id: uuid.UUID, payload: ResolutionDecisionIn):
    candidate = services.merge_reject(
        actor=actor_of(request), candidate_id=candidate_id, reason=payload.reason
    )
    return _fresh(candidate)


@router.post(
    "/resolution/candidates/{candidate_id}/unmerge",
    response={200: ResolutionCandidateOut, **WRITE},
    summary="Undo a merge",
)
def unmerge(request: LanternRequest, candidate_id: uuid.UUID, payload: ResolutionDecisionIn):
    candidate = services.unmerge(
        actor=actor_of(request), candidate_id=candidate_id, reason=payload.reason
    )
    return _fresh(candidate)
