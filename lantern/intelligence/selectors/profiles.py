"""The NIM products (DOMAIN.md 6.2): a subject profile of one person or vehicle and a problem
profile of a place and period, as the reader may see them (docs/intelligence/profiles.md).

Everything here is read through need to know (access.py) and the owning apps' selectors:
reports through the reports app, cases and enforcement through the cases app, safeguarding
as counts only. Sources are sanitised: an origin is named by its type and reference, never
by a source record. Each profile read is one access event with its purpose ("subject
profile" or "problem profile"), beside the events of the records it reads.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import h3
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.timezone import localdate, localtime, make_aware

from lantern.accounts.models import Partnership
from lantern.cases import selectors as cases_selectors
from lantern.cases.models import ActionKind, ActionState
from lantern.core import areas, clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.intelligence.models import (
    Entity,
    Handling,
    IntelligenceReport,
    Link,
    Origin,
    Statement,
)
from lantern.intelligence.schema import ENTITIES, LINKS, PERSON, PLACE, VEHICLE
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import (
    _LINK_FIELDS,
    Filters,
    GraphNode,
    Network,
    _canonical,
    _graph,
    _members,
    neighbourhood,
)
from lantern.intelligence.selectors.records import entity_picture
from lantern.intelligence.selectors.victims import potential_victim_entities
from lantern.places import selectors as places_selectors
from lantern.reports import selectors as report_selectors
from lantern.safeguarding import selectors as safeguarding_selectors

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
        ref = self.refs.get(report_id) if report_id else None
        if ref is None and origin_id is not None and origin_type != Origin.SCREENING:
            ref = self.refs.get(origin_id)
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


# --- subject profile --------------------------------------------------------------------------


def subject_entity(actor: Actor, *, entity_id: uuid.UUID) -> Entity:
    """The person or vehicle entity a subject profile is about, if the reader may see it:
    otherwise, and for other kinds of entity, NotFound. Logs nothing."""
    access.require_reader(actor)
    entity = Entity.objects.filter(access.entity_q(actor), pk=entity_id).first()
    if entity is None or entity.schema not in SUBJECT_SCHEMAS:
        raise NotFound("subject")
    return entity


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


def _casework(actor: Actor, entity: Entity) -> Casework | None:
    """For a person or vehicle of casework: how many of its cases and enforcement actions
    the reader may see, through the cases app's selectors (counts only)."""
    if not can(actor, P.CASE_VIEW) or (entity.person_id is None and entity.vehicle_id is None):
        return None
    cases = cases_selectors.case_list(actor=actor)
    actions = cases_selectors.action_list(actor=actor)
    if entity.person_id is not None:
        cases = cases.filter(subjects__person_id=entity.person_id)
        actions = actions.filter(person_id=entity.person_id)
    else:
        cases = cases.filter(subjects__vehicle_id=entity.vehicle_id)
        actions = actions.filter(vehicle_id=entity.vehicle_id)
    return Casework(cases=cases.distinct().count(), actions=actions.count())


def subject_profile(actor: Actor, *, entity_id: uuid.UUID) -> SubjectProfile:
    """Everything the reader may see about one person or vehicle: its properties, links and
    reports, each with its grading and handling conditions and its origin sanitised; a
    timeline of them; and its network to two hops with the measures and the disruption
    ranking (potential victims marked, never ranked). One access event, purpose "subject
    profile" (the picture and the chart it reads are logged as reads of the entity too)."""
    entity = subject_entity(actor, entity_id=entity_id)
    access.logged(actor, access.ENTITY, entity.pk, SUBJECT_PURPOSE)
    full = access.reads_all(actor)
    picture = entity_picture(actor, entity_id=entity.pk)
    entity = picture.entity
    origins = _Origins(actor, full)
    statements = [s for prop in picture.properties for s in prop.statements]
    for s in statements:
        origins.want(s.origin_type, s.origin_id)
        origins.want(Origin.INTELLIGENCE_REPORT, s.report_id)
    for view in picture.links:
        origins.want(view.link.origin_type, view.link.origin_id)
        origins.want(Origin.INTELLIGENCE_REPORT, view.link.report_id)
    for report in picture.reports:
        origins.want(report.origin_type, report.origin_id)
    origins.resolve()

    def said_by(record: Any) -> str:
        return record.organisation.name if record.organisation_id else "Lantern"

    properties = []
    for prop in picture.properties:
        rows = [
            GradedRow(
                kind="Statement",
                text=f"{prop.label}: {s.value}",
                grade=s.grade,
                handling=s.handling,
                conditions=_conditions(s),
                origin=origins.name(s.origin_type, s.origin_id, s.report_id),
                said_by=said_by(s),
                asserted_at=s.asserted_at,
                on=s.valid_from or _day(s.asserted_at),
                valid=_period(s.valid_from, s.valid_to),
            )
            for s in prop.statements
        ]
        if rows:
            properties.append((prop.label, rows))
    links = [
        GradedRow(
            kind="Link",
            text=f"{view.label} {view.other.caption}",
            grade=view.link.grade,
            handling=view.link.handling,
            conditions=_conditions(view.link),
            origin=origins.name(view.link.origin_type, view.link.origin_id, view.link.report_id),
            said_by=said_by(view.link),
            asserted_at=view.link.asserted_at,
            on=_day(view.link.occurred_at) or view.link.valid_from or _day(view.link.asserted_at),
            valid=_period(view.link.valid_from, view.link.valid_to),
            other_id=view.other.pk,
        )
        for view in picture.links
    ]
    reports = [
        GradedRow(
            kind="Intelligence report",
            text=f"{r.reference}: {r.text}",
            grade=r.grade,
            handling=r.handling,
            conditions=_conditions(r),
            origin=origins.name(r.origin_type, r.origin_id),
            said_by=r.organisation.name,
            asserted_at=r.submitted_at,
            on=r.occurred_from or _day(r.submitted_at),
            valid=_period(r.occurred_from, r.occurred_to),
        )
        for r in picture.reports
    ]
    every = [row for _, rows in properties for row in rows] + links + reports
    timeline = sorted(every, key=lambda r: (r.on or date.min, r.kind, r.text))
    network = neighbourhood(actor, entity_id=entity.pk, hops=NETWORK_HOPS)
    conditions = sorted({(r.grade, r.conditions) for r in every if r.conditions})
    return SubjectProfile(
        entity=entity,
        schema_label=ENTITIES[entity.schema].label,
        merged=[m.caption for m in picture.merged],
        potential_victim=bool(potential_victim_entities([entity.pk])),
        properties=properties,
        links=links,
        reports=reports,
        timeline=timeline,
        network=_network_rows(network, network.centre),
        casework=_casework(actor, entity),
        generated_by=actor.label,
        generated_at=clock.now(),
        conditions=conditions,
    )


# --- problem profile ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemScope:
    """A problem profile's place and period, checked against what the reader may see."""

    partnership_id: uuid.UUID
    partnership_name: str
    area_id: uuid.UUID | None
    area_name: str
    since: date
    until: date

    @property
    def place(self) -> str:
        return self.area_name if self.area_id else f"{self.partnership_name} (its whole area)"


def problem_places(actor: Actor) -> list[tuple[str, str]]:
    """(value, label) of the places a problem profile may cover: each of the reader's
    partnerships' whole areas ("p:<id>") and the named areas they see ("a:<id>")."""
    access.require_reader(actor)
    whole = [
        (f"p:{pk}", f"{name} (whole area)")
        for pk, name in Partnership.objects.filter(pk__in=list(actor.partnership_ids))
        .order_by("name")
        .values_list("pk", "name")
    ]
    named = [
        (f"a:{pk}", name)
        for pk, name in places_selectors.area_list(actor=actor)
        .filter(partnership_id__in=list(actor.partnership_ids))
        .values_list("pk", "name")
    ]
    return whole + named


def problem_scope(
    actor: Actor, *, place: str = "", since: date | None = None, until: date | None = None
) -> ProblemScope:
    """The place ("p:<partnership id>", "a:<area id>", or "" for the reader's only
    partnership) and the period (by default the last 90 days to today)."""
    access.require_reader(actor)
    errors: dict[str, list[str]] = {}
    today = localdate(clock.now())
    until = until or today
    since = since or until - timedelta(days=90)
    if until < since:
        errors["until"] = ["The end of the period must not be before its start"]
    elif (until - since).days > PERIOD_DAYS_LIMIT:
        errors["since"] = ["Choose a period of three years or less"]
    area_id: uuid.UUID | None = None
    area_name = ""
    partnership_id: uuid.UUID | None = None
    kind, _, raw = str(place or "").partition(":")
    try:
        chosen = uuid.UUID(raw) if raw else None
    except ValueError:
        chosen = None
        errors["place"] = ["Choose a place from the list"]
    if kind == "a" and chosen is not None:
        area = places_selectors.area_get(actor=actor, area_id=chosen)
        if area.partnership_id not in actor.partnership_ids:
            raise NotFound("area")
        area_id, area_name, partnership_id = area.pk, area.name, area.partnership_id
    elif kind == "p" and chosen is not None:
        if chosen not in actor.partnership_ids:
            raise NotFound("partnership")
        partnership_id = chosen
    elif not place and len(actor.partnership_ids) == 1:
        partnership_id = next(iter(actor.partnership_ids))
    elif "place" not in errors:
        errors["place"] = [
            "Choose a place from the list"
            if place
            else "Choose the partnership's whole area or a named area"
        ]
    if errors:
        raise ValidationFailed(errors)
    assert partnership_id is not None  # noqa: S101  (checked above)
    name = Partnership.objects.filter(pk=partnership_id).values_list("name", flat=True).first()
    return ProblemScope(partnership_id, name or "", area_id, area_name, since, until)


@dataclass
class Hotspot:
    cell: str
    latitude: float
    longitude: float
    reports: int
    top_category: str


@dataclass
class ProblemProfile:
    scope: ProblemScope
    reports_visible: bool
    report_total: int
    by_category: list[tuple[str, int]]
    by_month: list[tuple[date, int]]
    hotspots: list[Hotspot]
    entities_seen: int
    network: ProfileNetwork
    enforcement_visible: bool
    enforcement_scope: str
    enforcement: list[tuple[str, int]]
    enforcement_total: int
    safeguarding: list[tuple[str, int]]
    generated_by: str
    generated_at: datetime
    conditions: list[tuple[str, str]] = field(default_factory=list)


def _bounds(scope: ProblemScope) -> tuple[datetime, datetime]:
    start = make_aware(datetime.combine(scope.since, time.min))
    end = make_aware(datetime.combine(scope.until + timedelta(days=1), time.min))
    return start, end


def _reports(actor: Actor, scope: ProblemScope) -> Any:
    start, end = _bounds(scope)
    filters = report_selectors.TriageFilters(
        occurred_after=start, occurred_before=end, area_id=scope.area_id
    )
    reports = report_selectors.report_list(actor=actor, filters=filters).filter(
        partnership_id=scope.partnership_id, duplicate_of__isnull=True
    )
    return reports.order_by()


def _hotspots(points: list[tuple[float, float, str]]) -> list[Hotspot]:
    cells: dict[str, Counter[str]] = {}
    for lat, lng, category in points:
        cell = h3.latlng_to_cell(lat, lng, HOTSPOT_RESOLUTION)
        cells.setdefault(cell, Counter())[category] += 1
    ranked = sorted(cells.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    out = []
    for cell, counts in ranked[:HOTSPOT_COUNT]:
        lat, lng = h3.cell_to_latlng(cell)
        out.append(
            Hotspot(
                cell,
                round(lat, 5),
                round(lng, 5),
                sum(counts.values()),
                counts.most_common(1)[0][0],
            )
        )
    return out


def _places_inside(actor: Actor, scope: ProblemScope, full: bool) -> set[uuid.UUID]:
    """Place entities of the partnership whose readable latitude and longitude lie in the
    area (or the partnership's boundary)."""
    coords: dict[uuid.UUID, dict[str, float]] = {}
    for entity_id, prop, value in Statement.objects.filter(
        access.statement_q(actor, full=full),
        entity__schema=PLACE,
        entity__partnership_id=scope.partnership_id,
        prop__in=["latitude", "longitude"],
    ).values_list("entity_id", "prop", "value"):
        try:
            coords.setdefault(entity_id, {})[prop] = float(value)
        except ValueError:
            continue
    points = [
        (pk, c["latitude"], c["longitude"])
        for pk, c in coords.items()
        if "latitude" in c and "longitude" in c
    ]
    if not points:
        return set()
    if scope.area_id is not None:
        area = places_selectors.area_get(actor=actor, area_id=scope.area_id)
        return set(places_selectors.area_filter_points(area=area, points=points))
    boundary = Partnership.objects.filter(pk=scope.partnership_id).values_list(
        "boundary", flat=True
    )[0]
    if not boundary:
        return {pk for pk, _, _ in points}
    shape = areas.parse_area_geojson(boundary)
    return {pk for pk, lat, lng in points if areas.contains(shape, lat, lng)}


def _seen_there(
    actor: Actor, scope: ProblemScope, report_ids: list[uuid.UUID], full: bool
) -> set[uuid.UUID]:
    """Entities seen in the place: places inside it, entities mentioned in intelligence
    reports that came from a resident report there, and entities of links and statements
    that came from one."""
    seeds: set[uuid.UUID] = set(_places_inside(actor, scope, full))
    if report_ids:
        from_there = Q(origin_type__in=REPORT_ORIGINS, origin_id__in=report_ids)
        seeds.update(
            IntelligenceReport.objects.filter(access.report_q(actor, full=full), from_there)
            .values_list("mentions", flat=True)
            .distinct()
        )
        for source, target in Link.objects.filter(
            access.link_q(actor, full=full), from_there
        ).values_list("source_id", "target_id"):
            seeds.update((source, target))
        seeds.update(
            Statement.objects.filter(access.statement_q(actor, full=full), from_there)
            .values_list("entity_id", flat=True)
            .distinct()
        )
    seeds.discard(None)  # type: ignore[arg-type]
    visible = Entity.objects.filter(access.entity_q(actor, full=full), pk__in=list(seeds))
    return set(visible.values_list("pk", flat=True)[:SEEDS_LIMIT])


def _problem_network(
    actor: Actor, scope: ProblemScope, seeds: set[uuid.UUID], full: bool
) -> Network:
    """The entities seen there, their links in the period and the entities at the other end
    of those links (one hop), as the reader may see them."""
    if not seeds:
        return Network(nodes={}, links=[])
    roots = set(_canonical(seeds).values())
    members = [m for ms in _members(roots).values() for m in ms]
    filters = Filters(since=scope.since, until=scope.until)
    rows = list(
        Link.objects.filter(access.link_q(actor, full=full), filters.q())
        .filter(Q(source_id__in=members) | Q(target_id__in=members))
        .values(*_LINK_FIELDS)[:LINKS_LIMIT]
    )
    net = _graph(actor, rows, full, None)
    missing = roots - set(net.nodes)
    if missing:
        for pk, schema, caption in Entity.objects.filter(pk__in=list(missing)).values_list(
            "id", "schema", "caption"
        ):
            net.nodes[pk] = GraphNode(id=pk, schema=schema, caption=caption, merged_ids=[pk])
        for pk in potential_victim_entities(list(missing)):
            net.nodes[pk].potential_victim = True
    return net


def _enforcement(
    actor: Actor, scope: ProblemScope, report_ids: list[uuid.UUID]
) -> tuple[bool, str, list[tuple[str, int]], int]:
    if not can(actor, P.CASE_VIEW):
        return False, "", [], 0
    start, end = _bounds(scope)
    actions = cases_selectors.action_list(actor=actor).filter(
        served_at__gte=start, served_at__lt=end
    )
    if scope.area_id is not None:
        actions = actions.filter(case__report_links__report_id__in=report_ids)
        label = "on cases linked to reports in the area"
    else:
        actions = actions.filter(case__partnership_id=scope.partnership_id)
        label = "on the partnership's cases"
    rows = dict(
        actions.exclude(state=ActionState.DRAFT)
        .order_by()
        .values("kind")
        .annotate(n=Count("id", distinct=True))
        .values_list("kind", "n")
    )
    labels = dict(ActionKind.choices)
    counted = sorted(((labels.get(k, k), n) for k, n in rows.items()), key=lambda r: (-r[1], r[0]))
    return True, label, counted, sum(rows.values())


def _safeguarding(actor: Actor, scope: ProblemScope) -> list[tuple[str, int]]:
    """Counts only, by month, of the reader's own partnerships (the safeguarding numbers):
    the months that overlap the period."""
    if not can(actor, P.SAFEGUARDING_STATS_VIEW):
        return []
    try:
        months = safeguarding_selectors.partnership_numbers(actor=actor)
    except NotFound:
        return []
    first = scope.since.replace(day=1)
    kept = [m for m in months if first <= m.month <= scope.until]
    names = [
        ("Screenings", "screenings"),
        ("Screenings with a concern", "concerns"),
        ("Safeguarding reviews", "reviews"),
        ("Referrals", "referrals"),
        ("NRM referrals", "nrm"),
        ("MS1 notifications (Duty to Notify)", "ms1"),
        ("Outreach contacts", "outreach_contacts"),
    ]
    return [(label, sum(getattr(m, attr) for m in kept)) for label, attr in names]


def problem_profile(actor: Actor, *, scope: ProblemScope) -> ProblemProfile:
    """For a place and period: resident reports (by category and month), the busiest cells,
    the network of entities seen there, enforcement served and safeguarding counts. One
    access event, purpose "problem profile"."""
    access.require_reader(actor)
    access.logged(actor, PROBLEM, scope.area_id or scope.partnership_id, PROBLEM_PURPOSE)
    full = access.reads_all(actor)
    reports_visible = can(actor, P.REPORT_VIEW)
    report_ids: list[uuid.UUID] = []
    by_category: list[tuple[str, int]] = []
    by_month: list[tuple[date, int]] = []
    hotspots: list[Hotspot] = []
    if reports_visible:
        reports = _reports(actor, scope)
        rows = list(
            reports.values_list(
                "pk", "category__name", "latitude", "longitude", "location_approximate"
            )
        )
        report_ids = [r[0] for r in rows]
        by_category = sorted(Counter(r[1] for r in rows).items(), key=lambda kv: (-kv[1], kv[0]))
        months = (
            reports.annotate(m=TruncMonth("occurred_from"))
            .values("m")
            .annotate(n=Count("id"))
            .values_list("m", "n")
        )
        by_month = sorted((_day(m) or scope.since, n) for m, n in months)
        hotspots = _hotspots([(r[2], r[3], r[1]) for r in rows if not r[4]])
    seeds = _seen_there(actor, scope, report_ids, full)
    net = _problem_network(actor, scope, seeds, full)
    enforcement_visible, enforcement_scope, enforcement, total = _enforcement(
        actor, scope, report_ids
    )
    network = _network_rows(net, None)
    conditions = sorted(
        {(link.grade, link.conditions) for link in network.links if link.conditions}
    )
    return ProblemProfile(
        scope=scope,
        reports_visible=reports_visible,
        report_total=len(report_ids),
        by_category=by_category,
        by_month=by_month,
        hotspots=hotspots,
        entities_seen=len(seeds),
        network=network,
        enforcement_visible=enforcement_visible,
        enforcement_scope=enforcement_scope,
        enforcement=enforcement,
        enforcement_total=total,
        safeguarding=_safeguarding(actor, scope),
        generated_by=actor.label,
        generated_at=clock.now(),
        conditions=conditions,
    )


def when(value: datetime | date | None) -> str:
    """A date or time as pages and PDFs show it (Europe/London)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return localtime(value).strftime("%-d %b %Y, %H:%M")
    return value.strftime("%-d %b %Y")
