"""Reads for bundles, filtered for the actor: what goes in a case's bundle, the bundles made
for a case, and a case found by its reference (for the command line)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import QuerySet

from lantern.accounts.selectors import scope_q
from lantern.audit.selectors import events_for_object
from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.evidence.bundles.events import BUNDLE
from lantern.evidence.models import Bundle, EvidenceItem
from lantern.evidence.selectors import item_list


def case_by_reference(*, actor: Actor, reference: str) -> directory.CaseSummary:
    """The case with this reference, through the cases app's permission layer; NotFound."""
    case = directory.case_by_reference(actor, reference.strip().upper())
    if case is None:
        raise NotFound("case")
    return case


def derivatives_of(
    *, actor: Actor, items: Iterable[EvidenceItem]
) -> dict[uuid.UUID, list[EvidenceItem]]:
    """The derived copies of ``items`` the actor may see, by their original's id."""
    found: dict[uuid.UUID, list[EvidenceItem]] = {}
    ids = [item.pk for item in items]
    for copy in item_list(actor=actor).filter(parent_id__in=ids).order_by("created_at"):
        assert copy.parent_id is not None  # noqa: S101 (the filter says so; for mypy)
        found.setdefault(copy.parent_id, []).append(copy)
    return found


def custody_events(
    *, actor: Actor, object_type: str, object_id: uuid.UUID
) -> list[dict[str, object]]:
    """A record's custody events as a bundle's manifest gives them: the audit event's number,
    time, action and hash (so that they can be checked against the audit log), no actor and
    no details."""
    return [
        {
            "seq": event.seq,
            "at": event.occurred_at.isoformat(),
            "action": event.action,
            "hash": event.hash,
        }
        for event in events_for_object(
            actor=actor, object_type=object_type, object_id=str(object_id)
        ).only("seq", "occurred_at", "action", "hash")
    ]


def bundles_for_case(*, actor: Actor, case_id: uuid.UUID) -> QuerySet[Bundle]:
    """The bundles made for a case, newest first, for those who may make them."""
    if not can(actor, Permission.EVIDENCE_MANAGE):
        return Bundle.objects.none()
    return Bundle.objects.filter(scope_q(actor, object_type=BUNDLE)).filter(case_id=case_id)


def bundle_get(*, actor: Actor, case_id: uuid.UUID, bundle_id: uuid.UUID) -> Bundle:
    bundle = bundles_for_case(actor=actor, case_id=case_id).filter(pk=bundle_id).first()
    if bundle is None:
        raise NotFound("bundle")
    return bundle
