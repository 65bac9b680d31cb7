"""The intelligence API: exports and the disruption ranking (docs/intelligence/exports.md).

``POST /exports`` answers the file (GraphML, or the two CSV tables zipped) of what the
analyst may read, audited with the reason given; ``GET /ranking`` the disruption ranking of
the whole network they read. Both need INTELLIGENCE_ANALYSE: anyone else gets a 404."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from lantern.core.api import ErrorOut, FieldErrorsOut, actor_of
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.intelligence.selectors.exchange import disruption_ranking
from lantern.intelligence.services import exchange

router = Router()


class IntelligenceExportIn(Schema):
    format: str = Field(description="graphml, or csv (entities.csv and links.csv, zipped)")
    reason: str = Field(
        description="Why: the purpose, at most 200 characters, no personal data. Kept in the "
        "audit log with who exported what."
    )
    entity_id: uuid.UUID | None = Field(
        None, description="Export only this entity's neighbourhood; leave out for everything."
    )
    hops: int = Field(2, description="For a neighbourhood: how many links away, 1 to 4.")


class IntelligenceRankingQuery(Schema):
    top: int = Field(10, description="How many targets to rank, 1 to 1000.")


class RankStepOut(Schema):
    rank: int
    id: str
    label: str
    score: float
    lcc_fraction: float
    potential_victim: bool


class PotentialVictimOut(Schema):
    id: str
    label: str
    potential_victim: bool


class IntelligenceRankingOut(Schema):
    ranking: list[RankStepOut]
    potential_victims: list[PotentialVictimOut]
    weighting: str
    initial_lcc: int
    entities: int
    links: int


FILE_OPENAPI = {
    "responses": {
        "200": {
            "description": "The export, as bytes: GraphML, or a zip of entities.csv and "
            "links.csv; Content-Disposition names the file",
            "content": {"application/octet-stream": {}},
        }
    }
}


@router.post(
    "/exports",
    response={200: None, 404: ErrorOut, 422: FieldErrorsOut},
    openapi_extra=FILE_OPENAPI,
)
def export(request: LanternRequest, body: IntelligenceExportIn) -> HttpResponse:
    """Export what you may read, as GraphML or CSV tables, with the reason."""
    result = exchange.network_export(
        actor=actor_of(request),
        format=body.format,
        reason=body.reason,
        entity_id=body.entity_id,
        hops=body.hops,
    )
    name, _, content = result.single()
    # Bytes, as the schema says (generated clients know octet-stream); the name tells which.
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/ranking", response={200: IntelligenceRankingOut, 404: ErrorOut, 422: FieldErrorsOut})
def ranking(
    request: LanternRequest, query: Query[IntelligenceRankingQuery]
) -> IntelligenceRankingOut:
    """The disruption ranking: sequential removal by betweenness; victims never ranked."""
    actor = actor_of(request)
    if not can(actor, Permission.INTELLIGENCE_ANALYSE):
        raise NotFound("intelligence")
    result = disruption_ranking(actor, top=query.top)
    r = result.ranking
    return IntelligenceRankingOut(
        ranking=[
            RankStepOut(
                rank=s.rank,
                id=s.id,
                label=s.label,
                score=s.score,
                lcc_fraction=s.lcc_fraction,
                potential_victim=s.potential_victim,
            )
            for s in r.steps
        ],
        potential_victims=[
            PotentialVictimOut(id=n.id, label=n.label, potential_victim=True)
            for n in r.potential_victims
        ],
        weighting=str(r.weighting),
        initial_lcc=r.initial_lcc,
        entities=result.nodes,
        links=result.links,
    )
