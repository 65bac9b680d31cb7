"""The root NinjaAPI at /api/v1/: each app contributes one Router; errors become answers."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lantern.accounts.api import router as accounts_router
from lantern.accounts.api_auth import SessionAuth, TokenAuth
from lantern.analytics.api import router as analytics_router
from lantern.audit.api import router as audit_router
from lantern.cases.api import router as cases_router
from lantern.core.api import NulRefusingParser, nul_character_in
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.disclosure.api import router as disclosure_router
from lantern.evidence.api import router as evidence_router
from lantern.intelligence.api import router as intelligence_router
from lantern.places.api import router as places_router
from lantern.reports.api import router as reports_router
from lantern.safeguarding.api import router as safeguarding_router

api = NinjaAPI(
    title="Lantern API",
    version="1",
    description=(
        "Lantern's JSON API. Authenticate with a bearer token (`lantern token create EMAIL`) "
        "or, from Lantern's own pages, the session. A refusal by a statutory rule is an "
        'answer, not an error: 422 with `{"rule", "message", "source"}`.'
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url=None,
    parser=NulRefusingParser(),
)
# Reports first: URL patterns are tried in order, and filing a report is the call made most
# often (no two routers' paths overlap, so the order changes nothing else).
api.add_router("/reports/", reports_router)
api.add_router("/", accounts_router)
api.add_router("/audit/", audit_router)
api.add_router("/places/", places_router)
api.add_router("/evidence/", evidence_router)
api.add_router("/cases/", cases_router)
api.add_router("/safeguarding/", safeguarding_router)
api.add_router("/intelligence/", intelligence_router)
api.add_router("/analytics/", analytics_router)
api.add_router("/disclosure/", disclosure_router)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "You may not do this"}, status=403)


@api.exception_handler(ValidationFailed)
def validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return api.create_response(
        request, {"detail": "The request has errors", "errors": exc.errors}, status=422
    )


@api.exception_handler(RuleRefused)
def rule_refused(request: HttpRequest, exc: RuleRefused) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=422)


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path")]
        errors.setdefault(".".join(loc) or "request", []).append(str(error.get("msg", "invalid")))
    return api.create_response(
        request, {"detail": "The request has errors", "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Sign in, or send a valid bearer token"}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    nul = nul_character_in(exc)
    if nul is not None:  # a body django-ninja could not parse because of a NUL
        field = ".".join(nul.where) or "request"
        return api.create_response(
            request,
            {"detail": "The request has errors", "errors": {field: [str(nul)]}},
            status=422,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
