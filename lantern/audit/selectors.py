"""Reads of the audit log, filtered by the permission layer."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from lantern.audit import catalogue
from lantern.audit.models import AuditCheckpoint, AuditEvent, AuditEventObject
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can


def audit_event_list(
    *, actor: Actor, object_type: str = "", object_id: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    """The whole log, newest first, for those who may audit it. Filtered by a record (its
    ``object_id``), the list access events that name it are found as well (ADR 0020)."""
    if not can(actor, Permission.AUDIT_VIEW):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.order_by("-seq")
    if object_id:
        events = events.filter(_about(object_type, object_id))
    elif object_type:
        events = events.filter(object_type=object_type)
    if action:
        events = events.filter(action=action)
    return events


def _about(object_type: str, object_id: str) -> Q:
    """The events about one record: those with it as their object, and the list access
    events that name it (their lookup rows, ADR 0020). One set of event numbers, from two
    index lookups, so the log is never scanned for a record it rarely mentions."""
    record = Q(object_id=object_id) & (Q(object_type=object_type) if object_type else Q())
    single = AuditEvent.objects.filter(record).order_by().values("seq")
    listed = AuditEventObject.objects.filter(record).order_by().values("event_id")
    return Q(seq__in=single.union(listed))


def audit_event_get(*, actor: Actor, seq: int) -> AuditEvent:
    event = audit_event_list(actor=actor).filter(seq=seq).first()
    if event is None:
        raise NotFound("audit event")
    return event


def own_activity(*, actor: Actor, limit: int = 10) -> list[AuditEvent]:
    """What the actor has done lately: everyone may see their own trail."""
    if actor.user_id is None:
        return []
    # The numbers first, from the index (actor, kind, -seq) alone: asked for whole events,
    # PostgreSQL may instead read the log back from its end, filtering, and a user whose
    # latest events are reads, not changes, would have it read thousands (docs/scale.md).
    latest = (
        AuditEvent.objects.filter(actor=str(actor.user_id), kind=AuditEvent.Kind.CHANGE)
        .order_by("-seq")
        .values("seq")[:limit]
    )
    return list(AuditEvent.objects.filter(seq__in=latest).order_by("-seq"))


def checkpoint_list(*, actor: Actor, limit: int = 10) -> list[AuditCheckpoint]:
    """The latest signed checkpoints of the chain, newest first, for those who may audit it."""
    if not can(actor, Permission.AUDIT_VIEW):
        return []
    return list(AuditCheckpoint.objects.order_by("-seq", "-id")[:limit])


def last_verification(*, actor: Actor) -> AuditEvent | None:
    return audit_event_list(actor=actor, action=catalogue.AUDIT_VERIFIED).first()


def recent_event_exists(*, action: str, object_id: str, since: datetime) -> bool:
    """For services that record an event at most once in a period (no data is returned)."""
    return AuditEvent.objects.filter(
        action=action, object_id=object_id, occurred_at__gte=since
    ).exists()


def events_for_object(*, actor: Actor, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Every event on one record, oldest first: its history (an evidence item's custody
    timeline). The caller has already checked that ``actor`` may see the record itself; the
    events carry only ids and codes. Nobody gets the history of a record with no type."""
    if actor.is_anonymous or not object_type or not object_id:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(_about(object_type, object_id)).order_by("seq")
