"""Every Open311 read. What GET answers is public: no contact details, no description or
address (residents' words may name people), no media, no internal notes, the location
rounded to about 100 metres, and nothing at all from the safeguarding queue (concern for
someone's safety): those requests are never listed and answer 404 by id or token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from lantern.accounts.selectors import scope_q
from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.reports.models import PublicUpdate, Queue, Report, StatusChange
from lantern.reports.open311.models import Open311Client, Open311Submission, Open311Update
from lantern.reports.open311.services import hash_key
from lantern.reports.selectors import OBJECT_TYPE, report_list

MAX_IDS = 100


def client_list() -> QuerySet[Open311Client]:
    return Open311Client.objects.select_related("partnership")


def client_by_key(*, api_key: str) -> Open311Client | None:
    """The active client holding this key, or None."""
    if not api_key or len(api_key) > 200:
        return None
    return (
        Open311Client.objects.filter(key_hash=hash_key(api_key), revoked_at=None)
        .select_related("partnership")
        .first()
    )


def public_requests() -> QuerySet[Report]:
    """Reports that Open311 may list: everything outside the safeguarding queue."""
    return (
        Report.objects.exclude(queue=Queue.SAFEGUARDING)
        .exclude(category__queue=Queue.SAFEGUARDING)
        .select_related("category")
    )


@dataclass
class RequestFilters:
    references: list[str] | None = None
    service_codes: list[str] | None = None
    statuses: list[str] | None = None  # Lantern statuses
    start: datetime | None = None
    end: datetime | None = None
    # A client that sent its api_key reads only its own partnership's requests.
    partnership_id: uuid.UUID | None = None


def public_request_list(*, filters: RequestFilters, limit: int = 1000) -> list[Report]:
    reports = public_requests()
    if filters.partnership_id is not None:
        reports = reports.filter(partnership_id=filters.partnership_id)
    if filters.references is not None:
        reports = reports.filter(reference__in=filters.references[:MAX_IDS])
    else:
        if filters.service_codes:
            reports = reports.filter(category__code__in=filters.service_codes)
        if filters.statuses is not None:
            reports = reports.filter(status__in=filters.statuses)
        if filters.start is not None:
            reports = reports.filter(created_at__gte=filters.start)
        if filters.end is not None:
            reports = reports.filter(created_at__lte=filters.end)
    return list(reports.order_by("-created_at")[:limit])


def public_request_get(*, reference: str, partnership_id: uuid.UUID | None = None) -> Report | None:
    """One public request; only the client's partnership's when a client asks."""
    reports = public_requests().filter(reference=reference)
    if partnership_id is not None:
        reports = reports.filter(partnership_id=partnership_id)
    return reports.first()


def request_by_token(*, token: str) -> Report | None:
    if not token or len(token) > 40:
        return None
    submission = Open311Submission.objects.filter(token=token).select_related("report").first()
    if submission is None:
        return None
    return public_requests().filter(pk=submission.report_id).first()


def client_report(*, client: Open311Client, reference: str) -> Report | None:
    """One of the client's own reports (outside the safeguarding queue), for its updates."""
    return public_requests().filter(reference=reference, open311_client=client.name).first()


@dataclass(frozen=True)
class FeedItem:
    update_id: str
    service_request_id: str
    status: str  # Lantern status at that moment
    updated_at: datetime
    description: str


def update_feed(
    *, client: Open311Client, start: datetime, end: datetime, limit: int = 1000
) -> list[FeedItem]:
    """Status changes and officers' public updates on the client's own reports, oldest first.
    Public updates are written for the reporter, so only the client that sent the report
    gets them."""
    reports = public_requests().filter(open311_client=client.name)
    changes = (
        StatusChange.objects.filter(report__in=reports, created_at__gte=start, created_at__lte=end)
        .exclude(from_status="")
        .select_related("report")
        .order_by("created_at")[:limit]
    )
    updates = (
        PublicUpdate.objects.filter(report__in=reports, created_at__gte=start, created_at__lte=end)
        .select_related("report")
        .order_by("created_at")[:limit]
    )
    items = [
        FeedItem(
            update_id=f"s-{c.pk}",
            service_request_id=c.report.reference,
            status=c.to_status,
            updated_at=c.created_at,
            description=Report.Status(c.to_status).label
            if c.to_status in Report.Status.values
            else c.to_status,
        )
        for c in changes
    ]
    report_ids = {u.report_id for u in updates}
    history: dict[uuid.UUID, list[tuple[datetime, str]]] = {}
    for rid, at, to in StatusChange.objects.filter(report_id__in=report_ids).values_list(
        "report_id", "created_at", "to_status"
    ):
        history.setdefault(rid, []).append((at, to))
    for u in updates:
        past = sorted(h for h in history.get(u.report_id, []) if h[0] <= u.created_at)
        status = past[-1][1] if past else u.report.status
        items.append(
            FeedItem(
                update_id=f"u-{u.pk}",
                service_request_id=u.report.reference,
                status=status,
                updated_at=u.created_at,
                description=u.text,
            )
        )
    items.sort(key=lambda i: i.updated_at)
    return items[:limit]


def updates_received(*, actor: Actor, report: Report) -> QuerySet[Open311Update]:
    """Updates clients sent on a report, oldest first, for those who may view the report as
    staff. ``report`` must come from report_get for the same actor (the access event)."""
    if not can(actor, Permission.REPORT_VIEW, report):
        return Open311Update.objects.none()
    return (
        Open311Update.objects.filter(report_id=report.pk)
        .filter(scope_q(actor, object_type=OBJECT_TYPE, field="report__partnership"))
        .select_related("client")
    )


def updates_received_list(*, actor: Actor) -> QuerySet[Open311Update]:
    """Every update clients sent on the reports the actor may see as staff, newest first.
    Safeguarding-queue reports are left out unless the actor may see that queue."""
    visible = report_list(actor=actor).values("pk")
    return (
        Open311Update.objects.filter(report__in=visible)
        .select_related("client", "report", "report__category")
        .order_by("-created_at")
    )
