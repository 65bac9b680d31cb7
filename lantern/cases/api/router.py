"""The cases app's one router (STYLE.md habit 5); its endpoints register on it from the
modules beside this one, by sub-domain."""

from django.http import HttpResponse
from ninja import Router

from lantern.core.api import FieldErrorsOut, RefusalOut

router = Router(tags=["cases"])

# A rule's refusal is an answer: 422 with {"rule", "message", "source"} (config/api.py).
Refused = RefusalOut | FieldErrorsOut


def pdf_openapi(description: str) -> dict:
    """The OpenAPI description of an endpoint that answers a PDF."""
    return {"responses": {"200": {"description": description, "content": {"application/pdf": {}}}}}


def pdf_response(content: bytes, sha256: str) -> HttpResponse:
    """A PDF answer with its SHA-256 in X-Content-SHA256 (the security headers middleware
    marks it no-store)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["X-Content-SHA256"] = sha256
    return response
