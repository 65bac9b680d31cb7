"""The problem profile of a place and period."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.timezone import localdate, make_aware

from lantern.accounts.models import Partnership
from lantern.cases import selectors as cases_selectors
from lantern.cases.models import ActionKind, ActionState
from lantern.core import areas, clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import can
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    Statement,
)
from lantern.intelligence.schema import PLACE
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import (
    LINK_FIELDS,
    Filters,
    GraphNode,
    Network,
    canonical_ids,
    members_of,
    network_of,
)
from lantern.intelligence.selectors.profiles.common import (
    HOTSPOT_COUNT,
    HOTSPOT_RESOLUTION,
    LINKS_LIMIT,
    PERIOD_DAYS_LIMIT,
    PROBLEM,
    PROBLEM_PURPOSE,
    REPORT_ORIGINS,
    SEEDS_LIMIT,
    P,
    ProfileNetwork,
    _day,
    _network_rows,
)
from lantern.intelligence.selectors.victims import potential_victim_entities
from lantern.places import selectors as places_selectors
from lantern.reports import selectors as report_selectors
from lantern.safeguarding import selectors as safeguarding_selectors

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


def _period_errors(since: date, until: date) -> dict[str, list[str]]:
    if until < since:
        return {"until": ["The end of the period must not be before its start"]}
    if (until - since).days > PERIOD_DAYS_LIMIT:
        return {"since": ["Choose a period of three years or less"]}
    return {}


def _place(actor: Actor, place: str) -> tuple[uuid.UUID, uuid.UUID | None, str]:
    """(partnership id, area id or None, area name) of the place chosen: NotFound for an
    area or partnership the reader may not choose; ValidationFailed when nothing is chosen."""
    kind, _, raw = str(place or "").partition(":")
    try:
        chosen = uuid.UUID(raw) if raw else None
    except ValueError:
        chosen = None
    if kind == "a" and chosen is not None:
        area = places_selectors.area_get(actor=actor, area_id=chosen)
        if area.partnership_id not in actor.partnership_ids:
            raise NotFound("area")
        return area.partnership_id, area.pk, area.name
    if kind == "p" and chosen is not None:
        if chosen not in actor.partnership_ids:
            raise NotFound("partnership")
        return chosen, None, ""
    if not place and len(actor.partnership_ids) == 1:
        return next(iter(actor.partnership_ids)), None, ""
    raise ValidationFailed(
        {
            "place": [
                "Choose a place from the list"
                if place
                else "Choose the partnership's whole area or a named area"
            ]
        }
    )


def problem_scope(
    actor: Actor, *, place: str = "", since: date | None = None, until: date | None = None
) -> ProblemScope:
    """The place ("p:<partnership id>", "a:<area id>", or "" for the reader's only
    partnership) and the period (by default the last 90 days to today)."""
    access.require_reader(actor)
    until = until or localdate(clock.now())
    since = since or until - timedelta(days=90)
    errors = _period_errors(since, until)
    try:
        partnership_id, area_id, area_name = _place(actor, place)
    except ValidationFailed as exc:
        raise ValidationFailed({**errors, **exc.errors}) from None
    if errors:
        raise ValidationFailed(errors)
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
    import h3  # loaded when a problem profile is drawn, not when a web process starts

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
    roots = set(canonical_ids(seeds).values())
    members = [m for ms in members_of(roots).values() for m in ms]
    filters = Filters(since=scope.since, until=scope.until)
    rows = list(
        Link.objects.filter(access.link_q(actor, full=full), filters.q())
        .filter(Q(source_id__in=members) | Q(target_id__in=members))
        .values_list(*LINK_FIELDS)[:LINKS_LIMIT]
    )
    net = network_of(rows, None)
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
