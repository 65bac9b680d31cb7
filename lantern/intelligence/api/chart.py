"""The intelligence API: the network around an entity (a link chart's data) and the whole
network's disruption ranking. Reads only (GET); the same selectors as the pages
(lantern/intelligence/selectors/chart.py), so the same need to know and the same audit
access events. Potential victims are flagged on every node and listed apart from every
ranking, never in it (DESIGN.md principle 9)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field, Query, Router, Schema

from lantern.core.api import ErrorOut, FieldErrorsOut, Text, actor_of
from lantern.core.http import LanternRequest
from lantern.intelligence.selectors import chart as charts
from lantern.intelligence.selectors.network import MAX_HOPS, Filters

router = Router()

Errors = {403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


class ChartFiltersQuery(Schema):
    link_types: Text(400) = Field(  # type: ignore[valid-type]
        "", description="Comma-separated link types (schema.LINKS); empty: every type"
    )
    since: date | None = Field(None, description="Links valid or happening on or after")
    until: date | None = Field(None, description="Links valid or happening on or before")
    min_grade: Text(2) = Field(  # type: ignore[valid-type]
        "", description="The weakest grading shown, such as 2B (source 1-2, assessment A-B)"
    )
    top: int = Field(charts.DEFAULT_TOP, description=f"How many to rank (1 to {charts.MAX_TOP})")


class ChartQuery(ChartFiltersQuery):
    hops: int = Field(2, description=f"How many links out from the entity (1 to {MAX_HOPS})")


class ChartNodeOut(Schema):
    id: uuid.UUID
    schema_: str = Field(..., alias="schema")
    caption: str
    potential_victim: bool
    centre: bool
    degree: int
    betweenness: float
    eigenvector: float
    community: int


class ChartLinkOut(Schema):
    id: uuid.UUID
    type: str
    label: str
    source: uuid.UUID
    target: uuid.UUID
    weight: float
    grade: str
    handling_conditions: str
    occurred_at: datetime | None
    valid_from: date | None
    valid_to: date | None
    asserted_at: datetime | None
    origin_type: str


class ChartTimelineEntryOut(Schema):
    link_id: uuid.UUID
    when: datetime | None
    when_is: str = Field(..., description="occurred, valid from, or recorded")
    type: str
    label: str
    source: uuid.UUID
    target: uuid.UUID
    grade: str


class ChartRankingStepOut(Schema):
    rank: int
    id: uuid.UUID
    label: str
    score: float = Field(..., description="Betweenness just before removal")
    lcc_fraction: float = Field(
        ..., description="Share of the largest connected component left after this removal"
    )


class ChartVictimOut(Schema):
    id: uuid.UUID
    label: str


class ChartRankingOut(Schema):
    steps: list[ChartRankingStepOut]
    potential_victims: list[ChartVictimOut] = Field(
        ..., description="Kept in the network, never ranked as disruption targets"
    )
    nodes: int
    links: int
    initial_lcc: int
    weighting: str


class ChartOut(Schema):
    centre: uuid.UUID
    hops: int
    nodes: list[ChartNodeOut]
    links: list[ChartLinkOut]
    timeline: list[ChartTimelineEntryOut]
    ranking: ChartRankingOut


def filters_from(link_types: str, since: date | None, until: date | None, min_grade: str):
    """Filters from query text; Filters refuses bad ones (ValidationFailed: a 422)."""
    types = frozenset(t.strip() for t in link_types.split(",") if t.strip())
    return Filters(link_types=types, since=since, until=until, min_grade=min_grade.strip())


def ranking_out(ranking: charts.Ranking) -> dict:
    return {
        "steps": [vars(s) for s in ranking.steps],
        "potential_victims": [vars(v) for v in ranking.potential_victims],
        "nodes": ranking.nodes,
        "links": ranking.links,
        "initial_lcc": ranking.initial_lcc,
        "weighting": ranking.weighting,
    }


def chart_out(chart: charts.Chart) -> dict:
    return {
        "centre": chart.centre,
        "hops": chart.hops,
        "nodes": [
            {
                "id": n.id,
                "schema": n.schema,
                "caption": n.caption,
                "potential_victim": n.potential_victim,
                "centre": n.centre,
                "degree": n.degree,
                "betweenness": n.betweenness,
                "eigenvector": n.eigenvector,
                "community": n.community,
            }
            for n in chart.nodes
        ],
        "links": [
            {
                "id": link.id,
                "type": link.type,
                "label": link.label,
                "source": link.source,
                "target": link.target,
                "weight": link.weight,
                "grade": link.grade,
                "handling_conditions": link.handling_conditions,
                "occurred_at": link.occurred_at,
                "valid_from": link.valid_from,
                "valid_to": link.valid_to,
                "asserted_at": link.asserted_at,
                "origin_type": link.origin_type,
            }
            for link in chart.links
        ],
        "timeline": [
            {
                "link_id": link.id,
                "when": link.when,
                "when_is": link.when_is,
                "type": link.type,
                "label": link.label,
                "source": link.source,
                "target": link.target,
                "grade": link.grade,
            }
            for link in chart.timeline
        ],
        "ranking": ranking_out(chart.ranking),
    }


@router.get(
    "/entities/{entity_id}/network",
    response={200: ChartOut, **Errors},
    summary="The network around an entity, measured, with its timeline and ranking",
    by_alias=True,
)
def entity_network(request: LanternRequest, entity_id: uuid.UUID, query: Query[ChartQuery]):
    """The entity and everything within ``hops`` links of it that you may read, filtered by
    link type, period and minimum grading: each node's degree, betweenness, eigenvector
    centrality and community; each link with its grading and provenance; the same links as
    a timeline; and the disruption ranking of this neighbourhood. Potential victims are
    flagged and listed apart, never ranked. Logged as a read of the entity. Needs
    intelligence.view."""
    filters = filters_from(query.link_types, query.since, query.until, query.min_grade)
    result = charts.chart(
        actor_of(request), entity_id=entity_id, hops=query.hops, filters=filters, top=query.top
    )
    return chart_out(result)


@router.get(
    "/network/ranking",
    response={200: ChartRankingOut, **Errors},
    summary="The whole network's disruption ranking",
)
def network_ranking(request: LanternRequest, query: Query[ChartFiltersQuery]):
    """Sequential removal by betweenness over every link you may read (with the filters):
    who, removed in turn, most breaks up the network, with the share of the largest
    connected component left after each removal. Potential victims are listed apart and
    never ranked. Logged. Needs intelligence.analyse."""
    filters = filters_from(query.link_types, query.since, query.until, query.min_grade)
    return ranking_out(charts.ranking(actor_of(request), filters=filters, top=query.top))
