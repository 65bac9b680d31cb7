"""Shared pieces of the JSON API: error answers, the actor of a request, pagination, and
the parser that refuses NUL characters in any body or query.

Authentication lives with the accounts it checks (lantern/accounts/api_auth.py).
"""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_datetime
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination, LimitOffsetPagination
from ninja.parser import Parser
from pydantic import AfterValidator
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


# How many rows sharing one position (one ``created_at``) a walk can step over. The
# position of a page is the first ordering field of its last row; rows that tie on it are
# stepped over by an offset in the cursor, which django-ninja bounds for every paginator
# (NINJA_PAGINATION_MAX_OFFSET, 100) against cursors made up to make the database skip
# many rows. Lantern's lists bound it here instead: seeded and imported data can hold a few
# hundred rows with one creation time, and skipping 10,000 index entries stays cheap
# (docs/adr/0023-api-lists-page-by-cursor.md).
MAX_TIED_ROWS = 10_000

_NOT_A_CURSOR = "is not a cursor this list gave: follow its next or previous link"


class _Cursor(CursorPagination.Cursor):
    """django-ninja's cursor, with the offset bounded by MAX_TIED_ROWS, and any cursor that
    does not decode or validate answered as bad input naming ``cursor`` (422)."""

    o: int = Field(0, ge=0, le=MAX_TIED_ROWS)

    @classmethod
    def from_encoded_param(
        cls, encoded_param: str | None, context: Any = None
    ) -> CursorPagination.Cursor:
        try:
            return super().from_encoded_param(encoded_param, context)
        except (ValidationError, PydanticValidationError) as error:
            raise ValidationError([{"loc": ("query", "cursor"), "msg": _NOT_A_CURSOR}]) from error


class ListCursorPagination(CursorPagination):
    """django-ninja's cursor pagination for Lantern's long lists (docs/adr/0023): newest
    first, ``?page_size=`` (1-500, default 50) and ``?cursor=``, answering
    ``{"results": [...], "next": url or null, "previous": url or null}``. ``?cursor=``
    carries the position of the next page, so every page costs what the first does and
    nothing counts the whole list (docs/scale.md).

    ``ordering`` is the list's order, unique as a whole and walked by an index; its first
    field is the position a cursor carries, the others break ties (see MAX_TIED_ROWS).
    A subclass says what a position looks like (its ``Cursor``), so that a made-up one is
    bad input (422) rather than a database error.
    """

    def __init__(self, *, ordering: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(ordering=ordering, page_size=50, max_page_size=500, **kwargs)

    # A subclass of the base's Input under a name of its own; mypy wants a class body here.
    Input = CursorPageInput  # type: ignore[assignment]


class SequenceCursorPagination(ListCursorPagination):
    """A list ordered by a unique integer, newest first (the audit log, by ``-seq``); a
    position that is not a number the database can hold is bad input."""

    def __init__(self, *, ordering: tuple[str, ...] = ("-seq",), **kwargs: Any) -> None:
        super().__init__(ordering=ordering, **kwargs)

    class Cursor(_Cursor):
        p: Annotated[str, Field(pattern=r"^[0-9]{1,18}$")] | None = None


def _time_position(value: str | None) -> str | None:
    """A position is a time as django-ninja writes one (``str()`` of an aware datetime),
    kept as the text it is (the paginator compares positions as text). A text that is not an
    aware time the database can compare is refused."""
    if value is None:
        return value
    parsed = parse_datetime(value) if len(value) <= 40 else None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError("not a time")
    try:
        parsed.astimezone(UTC)
    except OverflowError as error:  # a time at the edge of the calendar that UTC cannot hold
        raise ValueError("not a time") from error
    return value


class TimeCursorPagination(ListCursorPagination):
    """A list ordered by its creation time, newest first, ties broken by the id:
    ``("-created_at", "-id")`` unless the list gives another time field (first) and id."""

    def __init__(
        self, *, ordering: tuple[str, ...] = ("-created_at", "-id"), **kwargs: Any
    ) -> None:
        super().__init__(ordering=ordering, **kwargs)

    class Cursor(_Cursor):
        p: Annotated[str | None, AfterValidator(_time_position)] = None


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
