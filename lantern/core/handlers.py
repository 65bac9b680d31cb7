"""Lantern's WSGI handler: API calls made with a bearer token and no cookies skip the
middleware that serves only browsers (settings.TOKEN_API_MIDDLEWARE lists what they keep).

Such a request carries no session, so the session, authentication, two-factor, messages
and lockout middleware would only attach an anonymous user and an empty session to it; it
is not a form post from a browser, so there is no CSRF to check (django-ninja's views are
CSRF-exempt for Django and check CSRF themselves for cookie authentication, which needs a
cookie); and it never asks for a static file. The security headers (SecurityMiddleware,
X-Frame-Options, the Content Security Policy) are added to its answer as to any other.

Any request that carries a cookie (a signed-in or visiting browser calling the API with
its session) goes through the whole of settings.MIDDLEWARE, CSRF included, whatever its
headers say.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.module_loading import import_string

from lantern.core.actor import ANONYMOUS


def is_token_api_request(request: HttpRequest) -> bool:
    """A call to the JSON API with a bearer token and no cookies at all."""
    meta = request.META
    return (
        request.path_info.startswith("/api/")
        and not meta.get("HTTP_COOKIE")
        and meta.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
    )


def _anonymous_until_authenticated(get_response: Any) -> Any:
    """What the skipped middleware would have set on a request without a session: an
    anonymous user and actor. The API's token check sets the real actor (api_actor)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        request.user = AnonymousUser()
        request.actor = ANONYMOUS  # type: ignore[attr-defined]
        return get_response(request)

    return middleware


class _TokenApiHandler(BaseHandler):
    """The same request handling as Django's, around settings.TOKEN_API_MIDDLEWARE."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django's BaseHandler.load_middleware for synchronous middleware, over our list.
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        view = self._get_response  # type: ignore[attr-defined]
        handler = convert_exception_to_response(_anonymous_until_authenticated(view))
        for path in reversed(settings.TOKEN_API_MIDDLEWARE):
            try:
                instance = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


class TokenApiDispatch:
    """Mixed into a Django handler: token API requests go to the shorter chain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._token_api = _TokenApiHandler()
        self._token_api.load_middleware()

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        if is_token_api_request(request):
            return self._token_api.get_response(request)
        return super().get_response(request)  # type: ignore[misc]


class LanternWSGIHandler(TokenApiDispatch, WSGIHandler):
    """Django's WSGI handler with the token API shortcut (config/wsgi.py)."""
