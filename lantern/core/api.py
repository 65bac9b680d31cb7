"""Shared pieces of the JSON API: error answers, the actor of a request, pagination.

Authentication lives with the accounts it checks (lantern/accounts/api_auth.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

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


def actor_of(request: LanternRequest) -> Actor:
    return request.api_actor


MAX_DB_INT = 2**63 - 1


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset pagination whose numbers always fit the database (no 500 on 10**30)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=MAX_DB_INT)


def no_nul(value: str) -> str:
    """Refuse a NUL character: PostgreSQL cannot keep one in text, so it would otherwise
    fail as a server error rather than as bad input."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def Text(max_length: int) -> Any:
    """A string field or query parameter of at most ``max_length`` characters, no NUL."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(no_nul)]
