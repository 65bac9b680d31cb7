"""Pages answer a service's refusals as the API does: a ``NotFound`` that no view caught is a
404 and a ``PermissionDenied`` a 403, never a 500. Every id a write is given is resolved for
the actor (a record they may not see, or none, is ``NotFound``), so a page that lets it
through still answers 404 and writes nothing. The API has its own handlers (config/api.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from lantern.core.errors import NotFound, PermissionDenied


class ServiceRefusalsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """Raised again as Django's own, which Django answers with the 404 or 403 page (and
        logs as one line: lantern.core.logfilters)."""
        if isinstance(exception, NotFound):
            raise Http404 from None
        if isinstance(exception, PermissionDenied):
            raise DjangoPermissionDenied from None
