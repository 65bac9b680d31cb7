"""Which partnership a new evidence item, upload or statement belongs to
(docs/adr/0015-partnership-is-the-scope.md), and what a resident may attach one to.

Evidence takes the partnership of what it is attached to when it is made: a report's or a
case's (their apps answer through ``lantern.core.directory.partnership_of``: evidence may not
import them), a footage request's camera's (places, below evidence), a derived copy's
parent's. Otherwise it is its maker's: a member of staff's only partnership, or the one they
chose. Residents belong to no partnership, so what a resident hands over or states is always
about something: one of their reports, or a request for footage from one of their cameras.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lantern.accounts.selectors import in_scope, partnership_for_creator
from lantern.core import directory
from lantern.core.actor import SYSTEM, Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.evidence.models import LinkKind
from lantern.places.models import FootageRequest
from lantern.places.selectors import footage_request_get, footage_request_list_received

CHOOSE = "Choose the report or footage request this is about"
NOTHING_TO_CHOOSE = (
    "You can hand over files or make a statement about a report you have made while signed "
    "in, or about a request for footage from one of your cameras: make a report first"
)
_NAMES = {
    LinkKind.REPORT: "report",
    LinkKind.CASE: "case",
    LinkKind.FOOTAGE_REQUEST: "footage request",
}


def link_partnership(kind: str, target_id: uuid.UUID) -> uuid.UUID:
    """The partnership of the record something is attached to. ValidationFailed (under
    ``link_id``) when Lantern cannot tell: there is no such record."""
    if kind == LinkKind.FOOTAGE_REQUEST:
        try:
            request = footage_request_get(actor=SYSTEM, id=target_id)
        except NotFound:
            request = None
        if request is not None:
            return request.camera.partnership_id
    elif kind in (LinkKind.REPORT, LinkKind.CASE):
        found = directory.partnership_of(str(kind), target_id)
        if found is not None:
            return found
    name = _NAMES.get(kind, "record")  # type: ignore[call-overload]
    raise ValidationFailed({"link_id": [f"Lantern cannot find the {name} this is about"]})


def maker_partnership(actor: Actor, partnership_id: uuid.UUID | None = None) -> uuid.UUID:
    """The partnership of something made by ``actor`` and attached to nothing: a member of
    staff's only partnership or the one they chose. A resident must say what it is about."""
    if not actor.is_staff:
        raise ValidationFailed({"link": [CHOOSE]})
    return partnership_for_creator(actor=actor, partnership_id=partnership_id)


def staff_may_attach(actor: Actor, kind: str, target_id: uuid.UUID) -> uuid.UUID:
    """The partnership of a report, case or footage request a member of staff attaches a
    statement to: one of theirs, or shared with them; NotFound otherwise (never revealed)."""
    partnership_id = link_partnership(kind, target_id)
    if kind == LinkKind.FOOTAGE_REQUEST:
        footage_request_get(actor=actor, id=target_id)  # the requesting officers, in scope
        return partnership_id
    if not in_scope(
        actor, object_type=str(kind), object_id=target_id, partnership_id=partnership_id
    ):
        raise NotFound(_NAMES.get(kind, "record"))  # type: ignore[call-overload]
    return partnership_id


# --- what a resident may attach files or a statement to -----------------------------------------


@dataclass(frozen=True)
class Choice:
    kind: str
    id: uuid.UUID
    label: str

    @property
    def value(self) -> str:
        """The form value: kind and id, for example ``report:<uuid>``."""
        return f"{self.kind}:{self.id}"


_ANSWERABLE = (
    FootageRequest.Status.SENT,
    FootageRequest.Status.SEEN,
    FootageRequest.Status.ANSWERED,
)


def resident_choices(actor: Actor) -> list[Choice]:
    """The resident's own reports (made while signed in), newest first, then the footage
    requests to their cameras that can still take an answer."""
    reports = [
        Choice(LinkKind.REPORT, c.id, f"Your report {c.label}")
        for c in directory.own_reports(actor)
    ]
    requests = [
        Choice(
            LinkKind.FOOTAGE_REQUEST,
            r.pk,
            f"The request for footage from {r.camera.label}, sent {r.created_at:%-d %B %Y}",
        )
        for r in footage_request_list_received(actor=actor).filter(status__in=_ANSWERABLE)[:50]
    ]
    return reports + requests


def parse_choice(value: str) -> tuple[str, uuid.UUID] | None:
    """(kind, id) from a form value like ``report:<uuid>``; None when it is not one."""
    kind, _, raw = (value or "").partition(":")
    if kind not in (LinkKind.REPORT, LinkKind.FOOTAGE_REQUEST):
        return None
    try:
        return kind, uuid.UUID(raw)
    except ValueError:
        return None


def resident_may_attach(actor: Actor, kind: str, target_id: uuid.UUID) -> bool:
    """Whether the resident may attach something to the record: a report they made, or a
    footage request to one of their cameras."""
    if kind == LinkKind.REPORT:
        return any(c.id == target_id for c in directory.own_reports(actor))
    if kind == LinkKind.FOOTAGE_REQUEST:
        try:
            request = footage_request_get(actor=actor, id=target_id)
        except NotFound:
            return False
        return can(actor, Permission.FOOTAGE_REQUEST_RESPOND, request)
    return False
