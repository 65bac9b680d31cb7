"""What both profiles share: the rows they show, origins named by type and reference, the
network with its measures and disruption ranking, and dates as shown."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.timezone import localdate

from lantern.cases import selectors as cases_selectors
from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.frontend.dates import format_date, format_datetime
from lantern.intelligence.models import (
    Entity,
    Handling,
    IntelligenceReport,
    Origin,
)
from lantern.intelligence.schema import ENTITIES, LINKS, PERSON, VEHICLE
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import (
    Network,
)
from lantern.reports import selectors as report_selectors

P = Permission
SUBJECT_SCHEMAS = (PERSON, VEHICLE)
SUBJECT_PURPOSE = "subject profile"
PROBLEM_PURPOSE = "problem profile"
PROBLEM = "intelligence_problem_profile"
NETWORK_HOPS = 2
RANKING_LIMIT = 10
# The problem profile keeps to a modest size: these many entities seen there at most, the
# links among them and their neighbours, and the busiest cells.
SEEDS_LIMIT = 200
LINKS_LIMIT = 2000
HOTSPOT_RESOLUTION = 9  # H3 cells of about 0.1 square km (edge about 175 m)
HOTSPOT_COUNT = 5
PERIOD_DAYS_LIMIT = 3 * 366
REPORT_ORIGINS = (Origin.REPORT, Origin.SIGHTING)


# --- what a profile shows ------------------------------------------------------------------


@dataclass
class GradedRow:
    """One graded record as a profile shows it: what it says, its grading, the handling
    conditions of a C grading, where it came from (type and reference only) and who said so."""

    kind: str  # "Statement", "Link", "Intelligence report"
    text: str
    grade: str
    handling: str
    conditions: str
    origin: str
    said_by: str
    asserted_at: datetime | None
    on: date | None  # the date it is about, for the timeline
    valid: str = ""
    other_id: uuid.UUID | None = None  # a link's other entity

    @property
    def conditional(self) -> bool:
        return self.handling == Handling.C


@dataclass
class NodeRow:
    id: uuid.UUID
    caption: str
    schema: str
    potential_victim: bool
    degree: int
    betweenness: float
    eigenvector: float
    community: int
    centre: bool = False


@dataclass
class NetworkLinkRow:
    source: str
    label: str
    target: str
    grade: str
    handling: str
    conditions: str
    weight: float


@dataclass
class RankRow:
    rank: int
    caption: str
    score: float
    lcc_fraction: float


@dataclass
class ProfileNetwork:
    nodes: list[NodeRow]
    links: list[NetworkLinkRow]
    ranking: list[RankRow]
    potential_victims: list[str]
    hops: int = NETWORK_HOPS


@dataclass
class Casework:
    cases: int
    actions: int


@dataclass
class SubjectProfile:
    entity: Entity
    schema_label: str
    merged: list[str]
    potential_victim: bool
    properties: list[tuple[str, list[GradedRow]]]
    links: list[GradedRow]
    reports: list[GradedRow]
    timeline: list[GradedRow]
    network: ProfileNetwork
    casework: Casework | None
    generated_by: str
    generated_at: datetime
    conditions: list[tuple[str, str]] = field(default_factory=list)  # (grade, conditions)


# --- origins, sanitised -----------------------------------------------------------------------


class _Origins:
    """Names each origin by its type and reference, resolving references in batches through
    the owning apps' selectors: a record the reader may not see is named by its type only."""

    def __init__(self, actor: Actor, full: bool) -> None:
        self.actor = actor
        self.full = full
        self.wanted: dict[str, set[uuid.UUID]] = {}
        self.refs: dict[uuid.UUID, str] = {}

    def want(self, origin_type: str, origin_id: uuid.UUID | None) -> None:
        if origin_id is not None:
            self.wanted.setdefault(origin_type, set()).add(origin_id)

    def resolve(self) -> None:
        reports = self.wanted.get(Origin.REPORT, set()) | self.wanted.get(Origin.SIGHTING, set())
        if reports and can(self.actor, P.REPORT_VIEW):
            self.refs.update(
                report_selectors.report_list(actor=self.actor)
                .filter(pk__in=list(reports))
                .values_list("pk", "reference")
            )
        cases = self.wanted.get(Origin.CASE, set())
        if cases and can(self.actor, P.CASE_VIEW):
            self.refs.update(
                cases_selectors.case_list(actor=self.actor)
                .filter(pk__in=list(cases))
                .values_list("pk", "reference")
            )
        intel = self.wanted.get(Origin.INTELLIGENCE_REPORT, set())
        if intel:
            self.refs.update(
                IntelligenceReport.objects.filter(
                    access.report_q(self.actor, full=self.full), pk__in=list(intel)
                ).values_list("pk", "reference")
            )

    def name(self, origin_type: str, origin_id: uuid.UUID | None, report_id: Any = None) -> str:
        label = Origin(origin_type).label if origin_type in Origin.values else origin_type
        if origin_type == Origin.SCREENING:
            return label  # safeguarding records are never named by reference
        # A record of another app by its own reference; else the intelligence report it was
        # recorded from (an import, an intelligence report).
        ref = self.refs.get(origin_id) if origin_id is not None else None
        if ref is None and report_id:
            ref = self.refs.get(report_id)
        return f"{label} {ref}" if ref else label


def _period(valid_from: date | None, valid_to: date | None) -> str:
    if valid_from and valid_to:
        return f"{valid_from:%-d %b %Y} to {valid_to:%-d %b %Y}"
    if valid_from:
        return f"from {valid_from:%-d %b %Y}"
    if valid_to:
        return f"until {valid_to:%-d %b %Y}"
    return ""


def _conditions(record: Any) -> str:
    return record.handling_conditions if record.handling == Handling.C else ""


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return localdate(value)
    return value


def _network_rows(net: Network, centre: uuid.UUID | None) -> ProfileNetwork:
    library = net.as_library_network()
    measures = {m.id: m for m in library.measures()} if net.nodes else {}
    nodes = []
    for node in net.nodes.values():
        m = measures.get(str(node.id))
        nodes.append(
            NodeRow(
                id=node.id,
                caption=node.caption,
                schema=ENTITIES[node.schema].label if node.schema in ENTITIES else node.schema,
                potential_victim=node.potential_victim,
                degree=m.degree if m else 0,
                betweenness=m.betweenness if m else 0.0,
                eigenvector=m.eigenvector if m else 0.0,
                community=m.community if m else 0,
                centre=node.id == centre,
            )
        )
    nodes.sort(key=lambda n: (not n.centre, -n.betweenness, -n.degree, n.caption))
    captions = {n.id: n.caption for n in net.nodes.values()}
    links = [
        NetworkLinkRow(
            source=captions.get(link.source, ""),
            label=LINKS[link.link_type].label if link.link_type in LINKS else link.link_type,
            target=captions.get(link.target, ""),
            grade=link.grade,
            handling=link.grade[-1],
            conditions=link.handling_conditions if link.grade.endswith("C") else "",
            weight=link.weight,
        )
        for link in net.links
    ]
    links.sort(key=lambda r: (r.source, r.label, r.target))
    ranking: list[RankRow] = []
    victims: list[str] = sorted(n.caption for n in net.nodes.values() if n.potential_victim)
    if net.links:
        result = library.disruption_ranking(limit=RANKING_LIMIT)
        ranking = [RankRow(s.rank, s.label, s.score, s.lcc_fraction) for s in result.steps]
    return ProfileNetwork(nodes=nodes, links=links, ranking=ranking, potential_victims=victims)


def when(value: datetime | date | None) -> str:
    """A date or time as pages and PDFs show it (Europe/London)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    return format_date(value)
