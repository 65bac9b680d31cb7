"""GeoReport v2 endpoints at /open311/v2/. Thin: parse, call a service or selector, render.

Every answer is XML or JSON by the URL's extension; every error is the specification's list of
{code, description} with the matching HTTP status; nothing a client sends gives a 500."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from lantern.core import clock, media
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.reports import reference
from lantern.reports.open311 import parsing, payloads, selectors, services, status
from lantern.reports.open311.models import Open311Client
from lantern.reports.open311.render import FORMATS, error, respond
from lantern.reports.selectors import category_list

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-27T00:00:00Z"
DEFAULT_SPAN = timedelta(days=90)
UPDATES_SPAN = timedelta(days=7)
MAX_RESULTS = 1000
# Room for the largest allowed media files and the form fields around them.
MAX_BODY_BYTES = parsing.MAX_MEDIA_FILES * parsing.MAX_MEDIA_FILE_BYTES + 2 * 1024 * 1024


def _bad_format(fmt: str) -> HttpResponse:
    return error("json", 400, f"Unknown format {fmt[:20]!r}: use .xml or .json")


def _invalid(fmt: str, exc: ValidationFailed) -> HttpResponse:
    descriptions = [
        f"{parsing.open311_field(field)}: {message}"
        for field, messages in exc.errors.items()
        for message in messages
    ]
    return error(fmt, 400, *descriptions)


def _methods(request: HttpRequest, fmt: str, *allowed: str) -> HttpResponse | None:
    if fmt not in FORMATS:
        return _bad_format(fmt)
    if request.method not in allowed:
        response = error(fmt, 405, f"Method {request.method} is not allowed here")
        response["Allow"] = ", ".join(allowed)
        return response
    if "\x00" in request.path or any("\x00" in v for v in request.GET.values()):
        return error(fmt, 400, "The address may not contain NUL characters")
    return None


def _post_data(request: HttpRequest, fmt: str) -> tuple[Any, Any] | HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return error(fmt, 413, "The request is too large")
    try:
        return request.POST, request.FILES
    except RequestDataTooBig:
        return error(fmt, 413, "The request is too large")
    except (MultiPartParserError, SuspiciousOperation, ValueError, UnicodeDecodeError):
        return error(fmt, 400, "The request body could not be read as a form")


def _reader(request: HttpRequest, fmt: str) -> Open311Client | HttpResponse | None:
    """The client reading, if it sent its api_key (optional on public GETs): it then sees
    only its own partnership's requests. A key that is not valid is refused."""
    if not request.GET.get("api_key"):
        return None
    return _client(request.GET, fmt)


def _client(data: Any, fmt: str) -> Open311Client | HttpResponse:
    key = data.get("api_key", "") if data is not None else ""
    if not key:
        return error(fmt, 403, "Send your api_key (ask an administrator for one)")
    client = selectors.client_by_key(api_key=str(key))
    if client is None:
        return error(fmt, 403, "The api_key is not valid")
    return client


@csrf_exempt
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if refused := _methods(request, fmt, "GET", "HEAD"):
        return refused
    base = request.build_absolute_uri("/open311/v2/")
    payload = {
        "changeset": CHANGESET,
        "contact": "Ask the Lantern administrator for this area.",
        "key_service": "An administrator issues api_keys, one per partnership, with: "
        "lantern open311 client create NAME --partnership PARTNERSHIP",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", payload)


@csrf_exempt
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if refused := _methods(request, fmt, "GET", "HEAD"):
        return refused
    services_ = [payloads.service(c) for c in category_list()]
    return respond(fmt, "services", services_)


@csrf_exempt
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if refused := _methods(request, fmt, "GET", "HEAD"):
        return refused
    category = category_list().filter(code=code[:100]).first()
    if category is None:
        return error(fmt, 404, f"No service has the code {code[:100]!r}")
    return respond(fmt, "service_definition", payloads.service_definition(category))


@csrf_exempt
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if refused := _methods(request, fmt, "GET", "HEAD", "POST"):
        return refused
    if request.method == "POST":
        return _request_create(request, fmt)
    reader = _reader(request, fmt)
    if isinstance(reader, HttpResponse):
        return reader
    try:
        filters = _request_filters(request)
    except ValidationFailed as exc:
        return _invalid(fmt, exc)
    filters.partnership_id = reader.partnership_id if reader else None
    found = selectors.public_request_list(filters=filters, limit=MAX_RESULTS)
    return respond(fmt, "service_requests", _with_media(request, found))


def _with_media(request: HttpRequest, reports: list) -> list[dict[str, Any]]:
    """Each request's payload, with media_url the absolute address of the officers' page
    for its first file (lantern.core.media), for those that have one."""
    paths = media.media_paths(r.pk for r in reports)
    return [
        payloads.request(
            r, media_url=request.build_absolute_uri(paths[r.pk]) if r.pk in paths else None
        )
        for r in reports
    ]


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _request_filters(request: HttpRequest) -> selectors.RequestFilters:
    query = request.GET
    filters = selectors.RequestFilters()
    ids = _split(query.get("service_request_id", ""))
    if ids:
        if len(ids) > selectors.MAX_IDS:
            raise ValidationFailed(
                {"service_request_id": [f"Send at most {selectors.MAX_IDS} ids"]}
            )
        filters.references = [reference.normalise_reference(i[:40]) for i in ids]
        return filters
    filters.service_codes = [c[:100] for c in _split(query.get("service_code", ""))] or None
    wanted = [s.lower() for s in _split(query.get("status", ""))]
    if wanted:
        if any(s not in (status.OPEN, status.CLOSED) for s in wanted):
            raise ValidationFailed({"status": ["Use open, closed or both"]})
        filters.statuses = [ls for s in wanted for ls in status.lantern_statuses(s)]
    end = query.get("end_date", "")
    start = query.get("start_date", "")
    filters.end = parsing.parse_moment(end, "end_date", end=True) if end else None
    filters.start = parsing.parse_moment(start, "start_date") if start else None
    if filters.start is None:
        try:
            filters.start = (filters.end or clock.now()) - DEFAULT_SPAN
        except OverflowError:
            raise ValidationFailed({"end_date": ["The end_date is out of range"]}) from None
    if filters.end is not None and filters.start > filters.end:
        raise ValidationFailed({"start_date": ["The start_date must be before the end_date"]})
    return filters


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    read = _post_data(request, fmt)
    if isinstance(read, HttpResponse):
        return read
    data, files = read
    client = _client(data, fmt)
    if isinstance(client, HttpResponse):
        return client
    code = data.get("service_code", "")
    valid_code = isinstance(code, str) and code and "\x00" not in code
    category = category_list().filter(code=code[:100]).first() if valid_code else None
    try:
        report_input, extras = parsing.parse_request(data, files, category)
        extras.media_files = parsing.media_files(files)
        submitted = services.open311_request_create(client=client, data=report_input, extras=extras)
    except parsing.TooLarge as exc:
        return error(fmt, 413, str(exc))
    except media.MediaRefused as exc:
        return error(fmt, 400, f"{exc.field}: {exc.reason}")
    except media.MediaNotKept as exc:
        return error(fmt, 503, f"media: {exc.message}")
    except ValidationFailed as exc:
        return _invalid(fmt, exc)
    except PermissionDenied:
        return error(fmt, 403, "The api_key is not valid")
    answer = payloads.created(
        submitted.report, submitted.submission.token, submitted.submission.account_id
    )
    return respond(fmt, "service_requests", [answer])


@csrf_exempt
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if refused := _methods(request, fmt, "GET", "HEAD"):
        return refused
    reader = _reader(request, fmt)
    if isinstance(reader, HttpResponse):
        return reader
    report = selectors.public_request_get(
        reference=reference.normalise_reference(request_id[:40]),
        partnership_id=reader.partnership_id if reader else None,
    )
    if report is None:
        return error(fmt, 404, f"No service request has the id {request_id[:40]!r}")
    return respond(fmt, "service_requests", _with_media(request, [report]))


@csrf_exempt
def token(request: HttpRequest, token_id: str, fmt: str) -> HttpResponse:
    if refused := _methods(request, fmt, "GET", "HEAD"):
        return refused
    report = selectors.request_by_token(token=token_id)
    if report is None:
        return error(fmt, 404, "No service request has this token")
    return respond(
        fmt, "service_requests", [{"service_request_id": report.reference, "token": token_id}]
    )


@csrf_exempt
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """mySociety's servicerequestupdates: GET gives status changes and officers' public
    updates on the client's own reports; POST keeps an update the client sends."""
    if refused := _methods(request, fmt, "GET", "HEAD", "POST"):
        return refused
    if request.method == "POST":
        return _update_create(request, fmt)
    client = _client(request.GET, fmt)
    if isinstance(client, HttpResponse):
        return client
    query = request.GET
    try:
        end_raw, start_raw = query.get("end_date", ""), query.get("start_date", "")
        end = parsing.parse_moment(end_raw, "end_date", end=True) if end_raw else clock.now()
        if start_raw:
            start = parsing.parse_moment(start_raw, "start_date")
            end = end if end_raw else max(end, start)
        else:
            try:
                start = end - UPDATES_SPAN
            except OverflowError:
                raise ValidationFailed({"end_date": ["The end_date is out of range"]}) from None
        if start > end:
            raise ValidationFailed({"start_date": ["The start_date must be before the end_date"]})
    except ValidationFailed as exc:
        return _invalid(fmt, exc)
    items = selectors.update_feed(client=client, start=start, end=end, limit=MAX_RESULTS)
    return respond(fmt, "service_request_updates", [payloads.feed_item(i) for i in items])


def _update_create(request: HttpRequest, fmt: str) -> HttpResponse:
    read = _post_data(request, fmt)
    if isinstance(read, HttpResponse):
        return read
    data, _files = read
    client = _client(data, fmt)
    if isinstance(client, HttpResponse):
        return client
    try:
        update_input = parsing.parse_update(data)
        report = selectors.client_report(
            client=client,
            reference=reference.normalise_reference(update_input.service_request_id),
        )
        if report is None:
            raise NotFound("report")
        update = services.open311_update_receive(
            client=client, report_id=report.pk, data=update_input
        )
    except ValidationFailed as exc:
        return _invalid(fmt, exc)
    except NotFound:
        return error(fmt, 404, "None of your service requests has this service_request_id")
    except PermissionDenied:
        return error(fmt, 403, "The api_key is not valid")
    return respond(fmt, "service_request_updates", [{"update_id": str(update.pk)}])
