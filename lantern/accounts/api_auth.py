"""API authentication.

Session authentication serves Lantern's own pages (CSRF-checked; staff must have passed
two-factor). Clients use a per-user bearer token (``lantern token create EMAIL``), which is
stored hashed and can be revoked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from lantern.accounts.services import api_token_authenticate
from lantern.core.actor import Actor


class SessionAuth(APIKeyCookie):
    """The signed-in session; staff only once they have passed two-factor."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        actor: Actor = request.actor  # type: ignore[attr-defined]
        if actor.is_staff and not actor.verified:
            return None
        request.api_actor = actor  # type: ignore[attr-defined]
        return request.user


class TokenAuth(HttpBearer):
    """A bearer token: ``request.auth`` and ``request.api_actor`` are its user's Actor."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        actor = api_token_authenticate(token)
        if actor is None:
            return None
        request.api_actor = actor  # type: ignore[attr-defined]
        return actor
