"""Shared pieces of the JSON API: authentication, the actor of a request, error answers.

Session authentication serves the pages' own scripts (CSRF-checked; staff must have passed
two-factor). Clients use a per-user bearer token (``lantern token create EMAIL``), which is
stored hashed and can be revoked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from lantern.core.actor import Actor
from lantern.core.http import LanternRequest


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class RefusalOut(Schema):
    """A rule refused the step: which rule, in plain English, and its source in law."""

    rule: str
    message: str
    source: str


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
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from lantern.accounts.selectors import actor_for
        from lantern.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is None:
            return None
        # A token is issued to a named user by an administrator: it stands in for both factors.
        request.api_actor = actor_for(user, verified=True)  # type: ignore[attr-defined]
        return user


def actor_of(request: LanternRequest) -> Actor:
    return request.api_actor


MAX_DB_INT = 2**63 - 1


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset pagination whose numbers always fit the database (no 500 on 10**30)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=MAX_DB_INT)
