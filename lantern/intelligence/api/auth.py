"""Need to know from authentication on: the API's bearer token and session, and then, for a
caller who may not read intelligence at all (a support worker, a resident), a 404 before
their request is even read, so that no answer (not even a 422 naming the fields) tells them
what an endpoint would have taken. A router of the intelligence API takes
``auth=READER_AUTH``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lantern.accounts.api_auth import SessionAuth as _SessionAuth
from lantern.accounts.api_auth import TokenAuth as _TokenAuth
from lantern.intelligence.selectors import access


class TokenAuth(_TokenAuth):
    """The API's bearer token, then need to know (the same name as the API's own, so the
    OpenAPI document still declares one bearer scheme)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = super().authenticate(request, token)
        if found is not None:
            access.require_reader(request.api_actor)  # type: ignore[attr-defined]
        return found


class SessionAuth(_SessionAuth):
    """The signed-in session, then need to know (named as the API's own, as above)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        found = super().authenticate(request, key)
        if found is not None:
            access.require_reader(request.api_actor)  # type: ignore[attr-defined]
        return found


READER_AUTH = [TokenAuth(), SessionAuth()]
