"""Reports in the JSON API: categories (public), filing a report (residents, anonymous
visitors, staff), and reports for staff."""

import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import HeaderEx, P, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security.apikey import APIKeyCookie

from lantern.accounts.api_auth import SessionAuth, TokenAuth
from lantern.core.actor import ANONYMOUS
from lantern.core.api import ErrorOut, FieldErrorsOut, TimeCursorPagination, actor_of
from lantern.core.errors import PermissionDenied
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.reports import idempotency, selectors, services
from lantern.reports.models import Queue, Report
from lantern.reports.schemas import (
    CategoryOut,
    ContactOut,
    Latitude,
    Longitude,
    ReportCreatedOut,
    ReportDetailOut,
    ReportIn,
    ReportOut,
    Text,
    Time,
)

router = Router(tags=["reports"])


class VisitorSessionAuth(APIKeyCookie):
    """A visitor who is not signed in, from Lantern's own pages: their session cookie (and,
    for a POST, the CSRF token) lets them file a report as an anonymous visitor."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key or request.user.is_authenticated:
            return None
        if not request.session.exists(key):
            return None  # a made-up cookie is not a session
        request.api_actor = ANONYMOUS  # type: ignore[attr-defined]
        return ANONYMOUS


ANYONE = [TokenAuth(), SessionAuth(), VisitorSessionAuth()]


@router.get("/categories", auth=ANYONE, response=list[CategoryOut])
def category_list(request: HttpRequest):
    return list(selectors.category_list())


IDEMPOTENCY_KEY = (
    "Optional. A key of your choosing (1 to 255 printable ASCII characters; a new UUID per "
    "report is best), bare or as a quoted string. Send the same request again with the same "
    "key after a lost answer and you get the first answer again (same status and body, the "
    "same report, header `Idempotent-Replayed: true`), never a second report. Keys belong to "
    "the caller (your user, or a signed-out visitor's session) and are forgotten after 24 "
    "hours. The same key with a different body: 422. A malformed key: 400."
)


def _created_out(created: services.Created) -> ReportCreatedOut:
    return ReportCreatedOut(
        reference=created.report.reference,
        status=created.report.status,
        tracking_code=created.tracking_code,
    )


def _created(created: services.Created) -> tuple[int, dict[str, Any]]:
    """The answer to a report just filed, as kept with its Idempotency-Key."""
    return 201, _created_out(created).dict()


@router.post(
    "/",
    auth=ANYONE,
    response={
        201: ReportCreatedOut,
        400: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        422: FieldErrorsOut,
    },
)
def report_create(
    request: LanternRequest,
    payload: ReportIn,
    response: HttpResponse,
    idempotency_key: HeaderEx[
        str | None, P(alias=idempotency.HEADER, description=IDEMPOTENCY_KEY)
    ] = None,
):
    """File a report. With an `Idempotency-Key`, at most one report per key (docs/api.md)."""
    actor = actor_of(request)
    data = services.ReportInput(
        **payload.dict(),
        source=Report.Source.STAFF if actor.is_staff else Report.Source.WEB,
    )
    if idempotency_key is None:
        return Status(201, _created_out(services.report_create(actor=actor, data=data)))
    try:
        once = idempotency.idempotent_request(
            key=idempotency.parse_key(idempotency_key),
            actor=actor,
            session_key=request.session.session_key,
            body=request.body,
        )
        answer = idempotency.report_create_once(
            actor=actor, data=data, request=once, answer=_created
        )
    except idempotency.InvalidKey as exc:
        return Status(400, {"detail": str(exc)})
    except idempotency.KeyReused as exc:
        errors = {idempotency.HEADER: [str(exc)]}
        return Status(422, {"detail": "The request has errors", "errors": errors})
    except idempotency.AnswerLost as exc:
        return Status(409, {"detail": str(exc)})
    if answer.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(answer.status, answer.body)


class ReportFilters(Schema):
    category: Text(60) = ""  # type: ignore[valid-type]
    status: Report.Status | None = None
    queue: Queue | None = None
    occurred_after: Time | None = None
    occurred_before: Time | None = None
    south: Latitude | None = None
    west: Longitude | None = None
    north: Latitude | None = None
    east: Longitude | None = None
    area: uuid.UUID | None = None
    assigned_to_me: bool = False


@router.get("/", response=list[ReportOut])
@paginate(TimeCursorPagination)
def report_list(request: LanternRequest, filters: Query[ReportFilters]):
    """Reports, newest first, 50 a page (``page_size`` up to 500), paged by cursor and never
    counted: follow ``next`` for older reports and ``previous`` for newer ones (the links
    keep the filters)."""
    actor = actor_of(request)
    if not can(actor, Permission.REPORT_VIEW):
        raise PermissionDenied("report.view")
    corners = (filters.south, filters.west, filters.north, filters.east)
    bbox = corners if all(c is not None for c in corners) else None
    return selectors.report_list(
        actor=actor,
        filters=selectors.TriageFilters(
            category=filters.category,
            status=filters.status or "",
            queue=filters.queue or "",
            occurred_after=filters.occurred_after,
            occurred_before=filters.occurred_before,
            bbox=bbox,  # type: ignore[arg-type]
            area_id=filters.area,
            assigned_to_me=filters.assigned_to_me,
        ),
    )


@router.get("/{report_id}", response={200: ReportDetailOut, 404: ErrorOut})
def report_get(request: LanternRequest, report_id: uuid.UUID):
    actor = actor_of(request)
    report = selectors.report_get(actor=actor, report_id=report_id)
    contact = None
    if can(actor, Permission.REPORT_TRIAGE, report):
        contact = ContactOut(
            contact=report.contact,
            name=report.contact_name,
            email=report.contact_email,
            phone=report.contact_phone,
        )
    out = ReportDetailOut.from_orm(report)
    out.vehicles = list(report.vehicles.values_list("registration", flat=True))
    out.contact_details = contact
    return out
