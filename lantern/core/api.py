"""Shared pieces of the JSON API: error answers, the actor of a request, pagination, and
the parser that refuses NUL characters in any body or query.

Authentication lives with the accounts it checks (lantern/accounts/api_auth.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination, LimitOffsetPagination
from ninja.parser import Parser
from pydantic import ValidationError as PydanticValidationError

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


class CursorPageInput(CursorPagination.Input):
    """The query of a list paged by cursor (its own name: schema names are unique)."""

    page_size: int = Field(50, ge=1, le=500)
    cursor: Annotated[str, Field(max_length=200)] | None = None


class SequenceCursorPagination(CursorPagination):
    """django-ninja's cursor pagination for a list ordered by a unique integer, newest first
    (the audit log, ordered by ``-seq``): ``?cursor=`` carries the position of the next page,
    so every page costs what the first does and nothing counts the whole list (docs/scale.md).
    The answer is ``{"results": [...], "next": url or null, "previous": url or null}``.

    The page size is bounded as for ``BoundedPagination``; a cursor whose position is not a
    number the database can hold is bad input (422), as one that does not decode is.
    """

    def __init__(self, *, ordering: tuple[str, ...] = ("-seq",), **kwargs: Any) -> None:
        super().__init__(ordering=ordering, page_size=50, max_page_size=500, **kwargs)

    # A subclass of the base's Input under a name of its own; mypy wants a class body here.
    Input = CursorPageInput  # type: ignore[assignment]

    class Cursor(CursorPagination.Cursor):
        p: Annotated[str, Field(pattern=r"^[0-9]{1,18}$")] | None = None

        @classmethod
        def from_encoded_param(
            cls, encoded_param: str | None, context: Any = None
        ) -> CursorPagination.Cursor:
            try:
                return super().from_encoded_param(encoded_param, context)
            except (ValidationError, PydanticValidationError) as error:
                message = "is not a cursor this list gave: follow its next or previous link"
                raise ValidationError([{"loc": ("query", "cursor"), "msg": message}]) from error


def Text(max_length: int) -> Any:
    """A string field or query parameter of at most ``max_length`` characters (a NUL
    character is refused for every field by NulRefusingParser)."""
    return Annotated[str, Field(max_length=max_length)]


NUL_MESSAGE = "must not contain NUL characters"


def _nul_at(value: Any, where: tuple[str, ...]) -> tuple[str, ...] | None:
    """Where in a parsed body or query a NUL character is (a key or a text), if anywhere."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                return where
            found = _nul_at(item, (*where, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, (*where, str(index)))
            if found is not None:
                return found
    return None


class NulCharacter(ValueError):
    """A NUL character in a request body, at ``where`` (the field's path)."""

    def __init__(self, where: tuple[str, ...]) -> None:
        super().__init__(NUL_MESSAGE)
        self.where = where


def nul_character_in(exc: BaseException) -> NulCharacter | None:
    """The NulCharacter behind django-ninja's "Cannot parse request body", if it is one."""
    cause = exc.__cause__
    return cause if isinstance(cause, NulCharacter) else None


class NulRefusingParser(Parser):
    """Django-ninja's parser, refusing a NUL character anywhere in a JSON body or a query:
    PostgreSQL cannot keep one in text, so it would otherwise fail as a server error. Either
    is answered 422 naming the field or parameter, as a field's own validation would (the
    API's HttpError handler turns a body's NulCharacter into that answer)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        where = _nul_at(data, ())
        if where is not None:
            raise NulCharacter(where)
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> Any:
        parsed = super().parse_querydict(data, list_fields, request)
        where = _nul_at(parsed, ())
        if where is not None:
            raise ValidationError([{"loc": ("query", *where), "msg": NUL_MESSAGE}])
        return parsed
