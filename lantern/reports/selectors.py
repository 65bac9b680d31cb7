"""Every read of reports, filtered for the actor.

Reports are personal data (a reporter's contact details, what they saw); reading one is an
access event. Staff see the reports of their partnerships and those shared with them
(docs/adr/0015-partnership-is-the-scope.md), then their role decides: reports in the
safeguarding queue (concern for someone's safety) are seen only by safeguarding leads and
supervisors. Residents see only their own reports, and never internal notes. A report's
status changes, updates, notes, vehicles and case links belong to it: they are read only
through a report the actor may see.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, QuerySet

from lantern.accounts.selectors import (
    in_scope,
    partnership_at,
    partnership_names,
    scope_q,
    shares_of,
)
from lantern.audit.services import audit_access
from lantern.core import areas, directory
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound, TooManyAttempts, ValidationFailed
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.core.ratelimit import Limit
from lantern.places import selectors as places_selectors
from lantern.reports import continuations, reference
from lantern.reports.models import (
    Category,
    InternalNote,
    PublicUpdate,
    Queue,
    Report,
    StatusChange,
)

if TYPE_CHECKING:
    from lantern.accounts.models import Share

SAFEGUARDING_QUEUE_ROLES = (Role.SAFEGUARDING_LEAD, Role.SUPERVISOR)
# The audit object type of a report, and of the records that belong to it, for the scope.
OBJECT_TYPE = "report"


def _report_policy(actor: Actor, permission: Permission, report: Report) -> bool:
    if permission is Permission.REPORT_VIEW_OWN:
        return report.reporter_id is not None and report.reporter_id == actor.user_id
    if not in_scope(
        actor, object_type=OBJECT_TYPE, object_id=report.pk, partnership_id=report.partnership_id
    ):
        return False
    if report.queue == Queue.SAFEGUARDING:
        return actor.has_role(*SAFEGUARDING_QUEUE_ROLES)
    return True


register_object_policy(Report, _report_policy)


def _staff_visible(actor: Actor) -> QuerySet[Report]:
    """The reports staff may see: their partnerships' and those shared with them, then the
    safeguarding queue only for the roles that work it."""
    if not can(actor, Permission.REPORT_VIEW):
        return Report.objects.none()
    reports = Report.objects.filter(scope_q(actor, object_type=OBJECT_TYPE))
    if not actor.has_role(*SAFEGUARDING_QUEUE_ROLES):
        reports = reports.exclude(queue=Queue.SAFEGUARDING)
    return reports


def category_list(*, include_inactive: bool = False) -> QuerySet[Category]:
    """Categories are public: the report journey and Open311 list them."""
    categories = Category.objects.all()
    return categories if include_inactive else categories.filter(active=True)


def category_get(*, code: str) -> Category:
    category = category_list().filter(code=code).first()
    if category is None:
        raise NotFound("category")
    return category


# The answer for a place no partnership serves: the resident's location step, the API and
# Open311 all give it, with somewhere else to go.
NOT_SERVED = (
    "Lantern does not serve this place yet: report it to the police on 101, or to the "
    "council for the area"
)
OUTSIDE_CLIENT_AREA = (
    "This place is outside the area this api_key sends reports for: send the report to the "
    "service for that place, or to the police on 101"
)


@dataclass(frozen=True)
class ServingArea:
    """The partnership an Open311 client sends reports for, with its area (GeoJSON)."""

    partnership_id: uuid.UUID
    boundary: dict | None


def report_partnership_for(
    *,
    latitude: float,
    longitude: float,
    approximate: bool = False,
    client_area: ServingArea | None = None,
) -> uuid.UUID:
    """The partnership a report at this place belongs to: the one whose area holds it
    (``partnership_at``: the most local where areas overlap), whoever files it. A report
    placed only by a typed address (``approximate``: the point is the map's centre) goes to
    the partnership of the Open311 client that sent it, else to the map centre's.

    ``client_area``: an Open311 client may send only places inside its partnership's area.
    Raises ValidationFailed on ``location`` with a plain message otherwise."""
    if client_area is not None:
        return _for_client(client_area, latitude, longitude, approximate=approximate)
    found = partnership_at(latitude, longitude)
    if found is None:
        raise ValidationFailed({"location": [NOT_SERVED]})
    return found.pk


def _for_client(
    area: ServingArea, latitude: float, longitude: float, *, approximate: bool
) -> uuid.UUID:
    """An Open311 client's report: an address alone goes to the client's partnership; a
    place must be in its area, and goes to the most local partnership there (a borough's
    inside a force-wide client's, say)."""
    if approximate:
        return area.partnership_id
    found = partnership_at(latitude, longitude)
    if found is not None and found.pk == area.partnership_id:
        return found.pk
    if not _holds(area.boundary, latitude, longitude):
        raise ValidationFailed({"location": [OUTSIDE_CLIENT_AREA]})
    # partnership_at finds the client's own partnership there at least.
    return found.pk if found is not None else area.partnership_id


def _holds(boundary: dict | None, latitude: float, longitude: float) -> bool:
    if not boundary:
        return False
    try:
        return areas.contains(areas.parse_area_geojson(boundary), latitude, longitude)
    except areas.InvalidGeometry:
        return False


@dataclass
class TriageFilters:
    category: str = ""
    status: str = ""
    queue: str = ""
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None
    # A bounding box (south, west, north, east).
    bbox: tuple[float, float, float, float] | None = None
    # A named area (lantern.places): reports whose map pin lies inside its polygon.
    area_id: uuid.UUID | None = None
    assigned_to_me: bool = False


def _in_area(actor: Actor, reports: QuerySet[Report], area_id: uuid.UUID) -> QuerySet[Report]:
    """The reports whose map pin lies in the area's polygon (boundary included). Reports
    placed only by a typed address are left out: their point is the map's centre. Two
    queries whatever the number of reports: the area, then the points in its bounding box;
    the polygon test runs here, and the answer is the smaller of the ids inside or outside."""
    try:
        area = places_selectors.area_get(actor=actor, area_id=area_id)
    except NotFound:
        return reports.none()
    south, west, north, east = places_selectors.area_bounds(area)
    boxed = reports.filter(
        location_approximate=False,
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    points = list(boxed.values_list("pk", "latitude", "longitude"))
    inside = places_selectors.area_filter_points(area=area, points=points)
    if len(inside) * 2 <= len(points):
        return reports.filter(pk__in=inside)
    kept = set(inside)
    return boxed.exclude(pk__in=[pk for pk, _lat, _lng in points if pk not in kept])


def report_list(*, actor: Actor, filters: TriageFilters | None = None) -> QuerySet[Report]:
    """Reports for triage, newest first, as the actor may see them."""
    reports = _staff_visible(actor).select_related("category", "assigned_to")
    f = filters or TriageFilters()
    if f.category:
        reports = reports.filter(category__code=f.category)
    if f.status:
        reports = reports.filter(status=f.status)
    if f.queue:
        reports = reports.filter(queue=f.queue)
    if f.occurred_after:
        reports = reports.filter(occurred_from__gte=f.occurred_after)
    if f.occurred_before:
        reports = reports.filter(occurred_from__lt=f.occurred_before)
    if f.bbox:
        south, west, north, east = f.bbox
        reports = reports.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
    if f.assigned_to_me:
        reports = reports.filter(assigned_to_id=actor.user_id)
    if f.area_id:
        reports = _in_area(actor, reports, f.area_id)
    return reports.order_by("-created_at")


def triage_areas(*, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the named areas an officer may filter reports by."""
    return [
        (str(pk), name)
        for pk, name in places_selectors.area_list(actor=actor).values_list("pk", "name")
    ]


def report_get(*, actor: Actor, report_id: uuid.UUID) -> Report:
    """One report for staff (an access event), or the resident's own report."""
    report = (
        Report.objects.select_related("category", "assigned_to", "duplicate_of", "partnership")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound("report")
    if can(actor, Permission.REPORT_VIEW, report):
        audit_access(
            actor=actor, object_type="report", object_id=report.pk, data_class=DataClass.PERSONAL
        )
        return report
    if can(actor, Permission.REPORT_VIEW_OWN, report):
        return report
    raise NotFound("report")


def _report_lookup(actor: Actor, report_id: uuid.UUID) -> directory.ReportSummary | None:
    """The report directory for apps that may not import this one (a footage request in
    places, an evidence link): the permission layer applies, and the read is logged."""
    try:
        found = report_get(actor=actor, report_id=report_id)
    except NotFound:
        return None
    return directory.ReportSummary(id=found.pk, reference=found.reference)


directory.register_report_lookup(_report_lookup)


def own_reports(*, actor: Actor) -> QuerySet[Report]:
    if actor.user_id is None or not can(actor, Permission.REPORT_VIEW_OWN):
        return Report.objects.none()
    return Report.objects.filter(reporter_id=actor.user_id).select_related("category")


def follow_limit() -> Limit:
    """Failed attempts to follow a report allowed from one client address
    (``LANTERN_FOLLOW_ATTEMPTS`` within ``LANTERN_FOLLOW_WINDOW_MINUTES``)."""
    return Limit(
        name="report-follow",
        attempts=settings.LANTERN_FOLLOW_ATTEMPTS,
        window=timedelta(minutes=settings.LANTERN_FOLLOW_WINDOW_MINUTES),
    )


def report_by_tracking_code(
    *, reference_text: str, tracking_code: str, client_address: str
) -> Report:
    """An anonymous reporter follows their report with its reference and tracking code.

    Failed attempts are counted per client address (``follow_limit``); once an address
    has failed as often as the limit allows, it gets ``TooManyAttempts`` without a lookup
    until its wait is over, so codes cannot be guessed at speed."""
    limit = follow_limit()
    wait = limit.retry_after(client_address)
    if wait is not None:
        raise TooManyAttempts(wait)
    ref = reference.normalise_reference(reference_text)
    report = (
        Report.objects.select_related("category")
        .filter(reference=ref, tracking_code_hash=reference.hash_tracking_code(tracking_code))
        .first()
    )
    if report is None or not tracking_code:
        limit.failed(client_address)
        raise NotFound("report")
    return report


def reports_made_by(*, reporter_id: uuid.UUID) -> QuerySet[Report]:
    """For services that count a reporter's own reports (ASB Case Review eligibility);
    returns nothing but the reporter's own reports."""
    return Report.objects.filter(reporter_id=reporter_id)


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def possible_duplicates(*, actor: Actor, report: Report) -> list[tuple[Report, int]]:
    """Reports of the same category within the configured distance and time of this one,
    with their distance in metres, nearest first."""
    if report.location_approximate:
        return []  # the point is the map's centre, not the place
    series = report.continues_id or report.pk
    distance = settings.LANTERN_DUPLICATE_METRES
    window = timedelta(hours=settings.LANTERN_DUPLICATE_HOURS)
    dlat = distance / 111_320
    dlon = distance / (111_320 * max(math.cos(math.radians(report.latitude)), 0.01))
    candidates = (
        _staff_visible(actor)
        .filter(
            category_id=report.category_id,
            latitude__range=(report.latitude - dlat, report.latitude + dlat),
            longitude__range=(report.longitude - dlon, report.longitude + dlon),
            occurred_from__range=(report.occurred_from - window, report.occurred_from + window),
        )
        .exclude(pk=report.pk)
        # Its own series ("still happening") are separate incidents, not duplicates.
        .exclude(Q(pk=series) | Q(continues_id=series))
        .filter(Q(duplicate_of__isnull=True), location_approximate=False)
    )
    found = []
    for other in candidates[:50]:
        metres = _metres(report.latitude, report.longitude, other.latitude, other.longitude)
        if metres <= distance:
            found.append((other, round(metres)))
    return sorted(found, key=lambda pair: pair[1])


@dataclass(frozen=True)
class Point:
    """A report as a point in space and time, for analytics (no personal data)."""

    latitude: float
    longitude: float
    occurred_at: datetime
    category: str


def report_points(
    *, actor: Actor, category: str = "", start: datetime | None = None, end: datetime | None = None
) -> list[Point]:
    """Where and when reports happened, for hotspot analysis by those who may see reports.
    Safeguarding-queue reports are left out for everyone but safeguarding roles."""
    reports = _staff_visible(actor).filter(duplicate_of__isnull=True, location_approximate=False)
    if category:
        reports = reports.filter(category__code=category)
    if start:
        reports = reports.filter(occurred_from__gte=start)
    if end:
        reports = reports.filter(occurred_from__lt=end)
    return [
        Point(lat, lon, at, code)
        for lat, lon, at, code in reports.values_list(
            "latitude", "longitude", "occurred_from", "category__code"
        ).iterator()
    ]


def reports_naming_vehicle(*, actor: Actor, registration: str) -> QuerySet[Report]:
    return (
        _staff_visible(actor)
        .filter(vehicles__registration=registration, vehicles__partial=False)
        .distinct()
    )


def report_get_by_reference(*, actor: Actor, reference_text: str) -> Report:
    """One report for staff by its reference (an access event through report_get)."""
    ref = reference.normalise_reference(reference_text)
    found = _staff_visible(actor).filter(reference=ref).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound("report")
    return report_get(actor=actor, report_id=found)


def own_report_get(*, actor: Actor, reference_text: str) -> Report:
    """A signed-in resident's own report, by its reference."""
    ref = reference.normalise_reference(reference_text)
    report = own_reports(actor=actor).filter(reference=ref).first()
    if report is None:
        raise NotFound("report")
    return report


@dataclass(frozen=True)
class Timeline:
    """What happened to a report. ``internal_notes`` is empty for anyone but staff who may
    see the report: residents never see them."""

    status_changes: list[StatusChange]
    public_updates: list[PublicUpdate]
    internal_notes: list[InternalNote]


def report_timeline(*, actor: Actor, report: Report) -> Timeline:
    """The report's status history and updates, as ``actor`` may see them. ``report`` must
    have come from a selector for the same actor (report_get, own_report_get or
    report_by_tracking_code)."""
    staff = can(actor, Permission.REPORT_VIEW, report)
    changes = list(report.status_changes.all())
    updates = list(report.public_updates.all())
    notes = (
        list(
            report.internal_notes.filter(
                scope_q(actor, object_type=OBJECT_TYPE, field="report__partnership")
            ).select_related("author")
        )
        if staff
        else []
    )
    return Timeline(changes, updates, notes)


def report_shares(*, actor: Actor, report: Report) -> list[Share]:
    """The report's live shares with other partnerships, newest first, for staff who may see
    it. ``report`` must come from report_get for the same actor."""
    if not can(actor, Permission.REPORT_VIEW, report):
        return []
    return list(
        shares_of(object_type=OBJECT_TYPE, object_id=report.pk).filter(withdrawn_at__isnull=True)
    )


def share_partnerships(*, report: Report) -> list[tuple[str, str]]:
    """(id, name) of the partnerships a report could be shared with: every other one."""
    return [
        (str(pk), name) for pk, name in partnership_names().items() if pk != report.partnership_id
    ]


def triage_count(*, actor: Actor, up_to: int | None = None) -> int:
    """Reports waiting for triage (new, not yet assigned) that the actor may see; with
    ``up_to``, counting stops at ``up_to + 1`` (say "more than ``up_to``" when it does)."""
    new = _staff_visible(actor).filter(status=Report.Status.NEW)
    return (new[: up_to + 1] if up_to is not None else new).count()


def assignable_people(*, actor: Actor) -> list[tuple[str, str]]:
    """(user id, name) of the people the actor may assign reports to: themselves, and for
    those who may list users, the users of their organisations."""
    from lantern.accounts.selectors import user_list

    people: dict[str, str] = {}
    if actor.user_id is not None:
        people[str(actor.user_id)] = "You"
    for pk, name in user_list(actor=actor).values_list("pk", "display_name")[:200]:
        people.setdefault(str(pk), name)
    return list(people.items())


def report_followed(*, report_id: str) -> Report | None:
    """A report its anonymous reporter proved they may follow (report_by_tracking_code) in
    this session; the session keeps only its id."""
    try:
        pk = uuid.UUID(str(report_id))
    except ValueError:
        return None
    return (
        Report.objects.select_related("category")
        .filter(pk=pk)
        .exclude(tracking_code_hash="")
        .first()
    )


def report_continuations(*, actor: Actor, report: Report) -> list[Report]:
    """The other incidents of the report's "still happening" series, oldest first: staff
    see those they may see, a resident their own. ``report`` comes from a selector."""
    if can(actor, Permission.REPORT_VIEW, report):
        return continuations.series(report_list(actor=actor), report)
    if can(actor, Permission.REPORT_VIEW_OWN, report):
        return continuations.series(own_reports(actor=actor), report)
    return []


continuation_ids = continuations.continuation_ids
