"""Every read of the subject access app, through the permission layer: only the data
protection officer (SUBJECT_ACCESS_MANAGE) sees requests, and only their partnerships'.

``holds_for`` is the legal hold a request in progress puts on the records it found: the
retention app's hold registry asks it before disposing of a record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.subjectaccess import deadlines
from lantern.subjectaccess.models import (
    ClockPause,
    Decision,
    FoundRecord,
    Status,
    SubjectAccessRequest,
)

P = Permission
DUE_SOON_DAYS = 7


def _policy(actor: Actor, permission: Permission, record: SubjectAccessRequest) -> bool:
    return record.partnership_id in actor.partnership_ids


register_object_policy(SubjectAccessRequest, _policy)


def _require(actor: Actor) -> None:
    if not can(actor, P.SUBJECT_ACCESS_MANAGE):
        raise PermissionDenied


def sar_list(*, actor: Actor) -> QuerySet[SubjectAccessRequest]:
    _require(actor)
    return SubjectAccessRequest.objects.filter(partnership_id__in=actor.partnership_ids)


def sar_get(*, actor: Actor, request_id: uuid.UUID) -> SubjectAccessRequest:
    """The request, if the actor may see it; NotFound otherwise (another partnership's
    requests are not theirs to know of)."""
    _require(actor)
    sar = SubjectAccessRequest.objects.filter(pk=request_id).first()
    if sar is None or not can(actor, P.SUBJECT_ACCESS_MANAGE, sar):
        raise NotFound
    return sar


def pauses_of(sar: SubjectAccessRequest) -> list[deadlines.Pause]:
    return [
        deadlines.Pause(p.kind, p.started_on, p.ended_on)
        for p in sorted(sar.pauses.all(), key=lambda p: (p.started_on, p.created_at))
    ]


def open_pause(sar: SubjectAccessRequest) -> ClockPause | None:
    return sar.pauses.filter(ended_on__isnull=True).first()


def deadline_of(sar: SubjectAccessRequest) -> deadlines.Deadline:
    return deadlines.deadline(
        received_on=sar.received_on,
        pauses=pauses_of(sar),
        extension_months=sar.extension_months,
    )


def found_records(*, sar: SubjectAccessRequest) -> list[FoundRecord]:
    return list(sar.found.all())


def found_get(*, sar: SubjectAccessRequest, found_id: uuid.UUID) -> FoundRecord:
    found = sar.found.filter(pk=found_id).first()
    if found is None:
        raise NotFound
    return found


def undecided_count(sar: SubjectAccessRequest) -> int:
    return sar.found.filter(decision=Decision.UNDECIDED).count()


@dataclass(frozen=True)
class Due:
    sar: SubjectAccessRequest
    deadline: deadlines.Deadline
    overdue: bool


def due_list(*, actor: Actor, today: date) -> list[Due]:
    """The actor's requests in progress whose response is overdue or due within
    DUE_SOON_DAYS days (by the working day the ICO accepts), soonest first. A request whose
    clock is stopped is neither."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = []
    for sar in sar_list(actor=actor).filter(status=Status.OPEN).prefetch_related("pauses"):
        line = deadline_of(sar)
        if line.respond_by is not None and line.respond_by <= soon:
            rows.append(Due(sar, line, line.respond_by < today))
    return sorted(rows, key=lambda d: (d.deadline.respond_by, d.sar.reference))


def holds_for(*, source: str, record_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Of ``record_ids`` (records of ``source``, a model label such as
    ``reports.report``), those a subject access request in progress has found: the legal
    hold that stops their disposal until the response is released. Needs no actor: it says
    only which ids are held, for the retention app's disposal run."""
    ids = list(record_ids)
    if not ids:
        return set()
    return set(
        FoundRecord.objects.filter(
            source=source, record_id__in=ids, request__status=Status.OPEN
        ).values_list("record_id", flat=True)
    )


def held_sources() -> set[tuple[str, uuid.UUID]]:
    """Every (source, record id) under an open request: the whole hold, for a report."""
    return set(
        FoundRecord.objects.filter(request__status=Status.OPEN).values_list("source", "record_id")
    )
