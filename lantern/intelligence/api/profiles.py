"""The intelligence API: profiles and tasking.

- ``GET /entities/{entity_id}/profile``: the subject profile as JSON (an access event,
  purpose "subject profile");
- ``GET /tasking/`` and ``POST /tasking/``: the tasking actions the caller sees, and a new
  one (analysts and supervisors);
- ``POST /tasking/{action_id}/complete``: its owner or an analyst marks it done.

Bad input answers 422 with a message per field: a due date before today, an owner who is
not a member of the partnership, an unknown place.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from django.utils.timezone import localdate
from ninja import Field, Router, Schema, Status

from lantern.core import clock
from lantern.core.api import ErrorOut, FieldErrorsOut, actor_of
from lantern.core.http import LanternRequest
from lantern.intelligence.marking import PROTECTIVE_MARKING
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.selectors import profiles as selectors
from lantern.intelligence.selectors import tasking as tasking_selectors
from lantern.intelligence.selectors.profiles import GradedRow, ProfileNetwork
from lantern.intelligence.services import tasking as tasking_services

router = Router()
WRITE = {403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


class ProfileGradedOut(Schema):
    kind: str
    text: str
    grade: str
    handling_conditions: str
    origin: str
    recorded_by: str
    asserted_at: datetime | None
    on: date | None
    valid: str


class ProfileNodeOut(Schema):
    id: uuid.UUID
    caption: str
    schema_label: str
    potential_victim: bool
    degree: int
    betweenness: float
    eigenvector: float
    community: int
    centre: bool


class ProfileLinkOut(Schema):
    source: str
    label: str
    target: str
    grade: str
    handling_conditions: str
    weight: float


class ProfileRankOut(Schema):
    rank: int
    caption: str
    score: float
    lcc_fraction: float


class ProfileNetworkOut(Schema):
    hops: int
    nodes: list[ProfileNodeOut]
    links: list[ProfileLinkOut]
    disruption_ranking: list[ProfileRankOut]
    potential_victims: list[str]


class ProfileCaseworkOut(Schema):
    cases: int
    actions: int


class SubjectProfileOut(Schema):
    id: uuid.UUID
    caption: str
    entity_type: str
    schema_label: str
    protective_marking: str
    potential_victim: bool
    merged: list[str]
    properties: list[ProfileGradedOut]
    links: list[ProfileGradedOut]
    reports: list[ProfileGradedOut]
    timeline: list[ProfileGradedOut]
    network: ProfileNetworkOut
    casework: ProfileCaseworkOut | None
    generated_by: str
    generated_at: datetime


class TaskingActionOut(Schema):
    id: uuid.UUID
    profile_kind: str
    entity_id: uuid.UUID | None
    area_id: uuid.UUID | None
    area_name: str
    period_start: date | None
    period_end: date | None
    action: str
    owner_id: uuid.UUID
    due_on: date
    overdue: bool
    status: str
    completed_at: datetime | None


class TaskingActionIn(Schema):
    profile_kind: Literal["subject", "problem"]
    action: str = Field(..., max_length=tasking_services.ACTION_LIMIT)
    owner_id: uuid.UUID
    due_on: date
    entity_id: uuid.UUID | None = None
    # A problem profile's place: a named area, or a partnership's whole area.
    area_id: uuid.UUID | None = None
    partnership_id: uuid.UUID | None = None
    period_start: date | None = None
    period_end: date | None = None


class TaskingCompleteIn(Schema):
    note: str = Field("", max_length=tasking_services.ACTION_LIMIT)


def _graded(row: GradedRow) -> ProfileGradedOut:
    return ProfileGradedOut(
        kind=row.kind,
        text=row.text,
        grade=row.grade,
        handling_conditions=row.conditions,
        origin=row.origin,
        recorded_by=row.said_by,
        asserted_at=row.asserted_at,
        on=row.on,
        valid=row.valid,
    )


def _network(network: ProfileNetwork) -> ProfileNetworkOut:
    return ProfileNetworkOut(
        hops=network.hops,
        nodes=[
            ProfileNodeOut(
                id=n.id,
                caption=n.caption,
                schema_label=n.schema,
                potential_victim=n.potential_victim,
                degree=n.degree,
                betweenness=n.betweenness,
                eigenvector=n.eigenvector,
                community=n.community,
                centre=n.centre,
            )
            for n in network.nodes
        ],
        links=[
            ProfileLinkOut(
                source=link.source,
                label=link.label,
                target=link.target,
                grade=link.grade,
                handling_conditions=link.conditions,
                weight=link.weight,
            )
            for link in network.links
        ],
        disruption_ranking=[
            ProfileRankOut(
                rank=r.rank, caption=r.caption, score=r.score, lcc_fraction=r.lcc_fraction
            )
            for r in network.ranking
        ],
        potential_victims=network.potential_victims,
    )


def _tasking(action: TaskingAction) -> TaskingActionOut:
    return TaskingActionOut(
        id=action.pk,
        profile_kind=action.profile_kind,
        entity_id=action.entity_id,
        area_id=action.area_id,
        area_name=action.area_name,
        period_start=action.period_start,
        period_end=action.period_end,
        action=action.action,
        owner_id=action.owner_id,
        due_on=action.due_on,
        overdue=action.status == TaskingAction.Status.OPEN
        and action.due_on < localdate(clock.now()),
        status=action.status,
        completed_at=action.completed_at,
    )


@router.get("/entities/{entity_id}/profile", response={200: SubjectProfileOut, 404: ErrorOut})
def subject_profile(request: LanternRequest, entity_id: uuid.UUID):
    profile = selectors.subject_profile(actor_of(request), entity_id=entity_id)
    return SubjectProfileOut(
        id=profile.entity.pk,
        caption=profile.entity.caption,
        entity_type=profile.entity.schema,
        schema_label=profile.schema_label,
        protective_marking=PROTECTIVE_MARKING,
        potential_victim=profile.potential_victim,
        merged=profile.merged,
        properties=[_graded(r) for _, rows in profile.properties for r in rows],
        links=[_graded(r) for r in profile.links],
        reports=[_graded(r) for r in profile.reports],
        timeline=[_graded(r) for r in profile.timeline],
        network=_network(profile.network),
        casework=ProfileCaseworkOut(cases=profile.casework.cases, actions=profile.casework.actions)
        if profile.casework
        else None,
        generated_by=profile.generated_by,
        generated_at=profile.generated_at,
    )


@router.get("/tasking/", response={200: list[TaskingActionOut], 404: ErrorOut})
def tasking_list(
    request: LanternRequest, status: Literal["open", "done", "cancelled", ""] = "open"
):
    actions = tasking_selectors.tasking_list(actor_of(request), status=status)[:500]
    return [_tasking(a) for a in actions]


@router.post("/tasking/", response={**WRITE, 201: TaskingActionOut})
def tasking_add(request: LanternRequest, payload: TaskingActionIn):
    action = tasking_services.tasking_add(actor=actor_of(request), **payload.dict())
    return Status(201, _tasking(action))


@router.post("/tasking/{action_id}/complete", response={**WRITE, 200: TaskingActionOut})
def tasking_complete(request: LanternRequest, action_id: uuid.UUID, payload: TaskingCompleteIn):
    action = tasking_services.tasking_complete(
        actor=actor_of(request), action_id=action_id, note=payload.note
    )
    return _tasking(action)
