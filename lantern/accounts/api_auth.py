"""API authentication.

Session authentication serves Lantern's own pages (CSRF-checked; staff must have passed
two-factor). Clients use a per-user bearer token (``lantern token create EMAIL``), which is
stored hashed and can be revoked. The operations that confirm the token's holder in their
own write may take the holder this process remembers (``holders``, ADR 0011).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from lantern.accounts.holders import Holder, HolderCheck, HolderNotConfirmed
from lantern.accounts.services import (
    api_token_authenticate,
    api_token_authenticate_remembered,
    api_token_look_up_again,
)
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
    """A bearer token: ``request.auth`` and ``request.api_actor`` are its user's Actor.

    ``TokenAuth(remembered=True)`` is for an operation that confirms the holder in its own
    write (``@holder_confirmed``, ADR 0011): the holder may be the one this process
    remembers, and ``request.holder_check`` is then what the write must confirm."""

    def __init__(self, *, remembered: bool = False) -> None:
        super().__init__()
        self.remembered = remembered

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if self.remembered:
            found = api_token_authenticate_remembered(token)
        else:
            actor = api_token_authenticate(token)
            found = None if actor is None else (actor, None)
        if found is None:
            return None
        actor, check = found
        request.api_actor = actor  # type: ignore[attr-defined]
        request.holder_check = check  # type: ignore[attr-defined]
        return actor


def holder_check(request: HttpRequest) -> HolderCheck | None:
    """The remembered holder this request's write must confirm, if any."""
    return getattr(request, "holder_check", None)


def holder_confirmed(view: Callable[..., Any]) -> Callable[..., Any]:
    """For an operation authenticated with ``TokenAuth(remembered=True)`` whose only effect
    is one write that confirms the holder (its service takes ``holder_check(request)``).
    When the write found the holder changed (it wrote nothing), the token is looked up
    again and the view runs once more with the holder as it is now, or the answer is 401.
    A view that returns without its write confirming the holder has the token looked up
    before its answer goes out."""

    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        check = holder_check(request)
        try:
            result = view(request, *args, **kwargs)
        except HolderNotConfirmed:
            if check is None:
                raise
            _look_up_again(request, check)
            return view(request, *args, **kwargs)
        if check is not None and not check.confirmed:
            holder = _look_up_again(request, check)
            if holder.roles_key != check.holder.roles_key:
                raise AuthenticationError
        return result

    return run


def remembered_holder_refused(request: HttpRequest) -> bool:
    """Before an error answer to a request whose remembered holder no write has confirmed:
    True if the token is no longer live (the answer must then be 401, as it would have
    been had the token been looked up first)."""
    check = holder_check(request)
    if check is None or check.confirmed:
        return False
    try:
        _look_up_again(request, check)
    except AuthenticationError:
        return True
    return False


def _look_up_again(request: HttpRequest, check: HolderCheck) -> Holder:
    found = api_token_look_up_again(check)
    if found is None:
        raise AuthenticationError
    actor, holder = found
    request.api_actor = request.auth = actor  # type: ignore[attr-defined]
    request.holder_check = None  # type: ignore[attr-defined]
    return holder
