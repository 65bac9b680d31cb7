"""Resolving duplicates: candidates found by record linkage or named by an analyst, and the
analyst's decision on each. Nothing merges without a person confirming it. A merge only sets
``Entity.merged_into``: every statement and link stays where it was asserted, so unmerging
restores both entities exactly. Every decision is audited with its reason's length, never
its text (it may describe a person)."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.intelligence.models import Entity, ResolutionCandidate
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import canonical_ids
from lantern.intelligence.services.common import require

P = Permission
S = ResolutionCandidate.Status
E = catalogue.declare
CANDIDATE_PROPOSED = E(
    "intelligence.candidate_proposed",
    "Two entities were put forward as possibly the same (by record linkage or an analyst).",
)
MERGED = E(
    "intelligence.merged",
    "An analyst confirmed two entities are the same: the second is shown as part of the "
    "first; every statement and link is kept.",
)
MERGE_REJECTED = E(
    "intelligence.merge_rejected", "An analyst decided two candidate entities are not the same."
)
UNMERGED = E(
    "intelligence.unmerged", "An analyst undid a merge: both entities are shown apart again."
)

REASON_LIMIT = 2000


def _reason(reason: str) -> str:
    text = str(reason or "").strip()
    if not text:
        raise ValidationFailed({"reason": ["Give the reason for the decision"]})
    if len(text) > REASON_LIMIT:
        raise ValidationFailed({"reason": [f"Keep it to {REASON_LIMIT} characters or fewer"]})
    return text


def _entity(actor: Actor, entity_id: uuid.UUID) -> Entity:
    entity = Entity.objects.filter(access.entity_q(actor), pk=entity_id).first()
    if entity is None:
        raise NotFound("entity")
    return entity


def candidate_propose(
    *,
    actor: Actor,
    entity_a_id: uuid.UUID,
    entity_b_id: uuid.UUID,
    probability: float | None = None,
    found_by: str = "analyst",
) -> ResolutionCandidate:
    """Put two entities forward as possibly one. Refused: the same entity twice, two types,
    two partnerships. A pair already put forward is returned as it is."""
    require(actor, P.INTELLIGENCE_ANALYSE)
    if entity_a_id == entity_b_id:
        raise ValidationFailed({"entity_b": ["Choose two different entities"]})
    a, b = _entity(actor, entity_a_id), _entity(actor, entity_b_id)
    if a.schema != b.schema:
        raise ValidationFailed(
            {
                "entity_b": [
                    f"A {a.schema} and a {b.schema} cannot be the same: only two entities of one type merge"
                ]
            }
        )
    if a.partnership_id != b.partnership_id:
        raise ValidationFailed({"entity_b": ["Both entities must be in the same partnership"]})
    if probability is not None and not 0.0 <= float(probability) <= 1.0:
        raise ValidationFailed({"probability": ["A probability is between 0 and 1"]})
    existing = ResolutionCandidate.objects.filter(entity_a__in=[a, b], entity_b__in=[a, b]).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            candidate = ResolutionCandidate.objects.create(
                partnership_id=a.partnership_id,
                schema=a.schema,
                entity_a=a,
                entity_b=b,
                probability=probability,
                found_by=found_by[:30],
            )
            audit_record(
                actor=actor,
                action=CANDIDATE_PROPOSED,
                object_type="intelligence_candidate",
                object_id=candidate.pk,
                details={"schema": a.schema, "found_by": found_by[:30]},
            )
    except IntegrityError:
        return ResolutionCandidate.objects.get(entity_a=a, entity_b=b)
    return candidate


def _candidate_for_update(actor: Actor, candidate_id: uuid.UUID) -> ResolutionCandidate:
    require(actor, P.INTELLIGENCE_ANALYSE)
    candidate = (
        ResolutionCandidate.objects.select_for_update()
        .filter(pk=candidate_id, partnership_id__in=actor.partnership_ids)
        .first()
    )
    if candidate is None:
        raise NotFound("resolution candidate")
    return candidate


def merge_confirm(*, actor: Actor, candidate_id: uuid.UUID, reason: str) -> ResolutionCandidate:
    """The analyst confirms the two are one: the second is merged into the first (into what
    the first is itself merged into, if it is)."""
    text = _reason(reason)
    with transaction.atomic():
        candidate = _candidate_for_update(actor, candidate_id)
        if candidate.status != S.PENDING:
            raise ValidationFailed({"status": ["This candidate has already been decided"]})
        roots = canonical_ids([candidate.entity_a_id, candidate.entity_b_id])
        keep, merge = roots[candidate.entity_a_id], roots[candidate.entity_b_id]
        if keep == merge:
            raise ValidationFailed({"status": ["These two are already shown as one"]})
        merged = Entity.objects.select_for_update().get(pk=merge)
        merged.merged_into_id = keep
        merged.save(update_fields=["merged_into", "updated_at"])
        candidate.status = S.CONFIRMED
        candidate.merged_entity = merged
        candidate.reason = text
        candidate.decided_by_id = actor.user_id
        candidate.decided_at = clock.now()
        candidate.save(
            update_fields=[
                "status",
                "merged_entity",
                "reason",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action=MERGED,
            object_type="intelligence_candidate",
            object_id=candidate.pk,
            details={"kept": str(keep), "merged": str(merge)},
        )
    return candidate


def merge_reject(*, actor: Actor, candidate_id: uuid.UUID, reason: str) -> ResolutionCandidate:
    text = _reason(reason)
    with transaction.atomic():
        candidate = _candidate_for_update(actor, candidate_id)
        if candidate.status != S.PENDING:
            raise ValidationFailed({"status": ["This candidate has already been decided"]})
        candidate.status = S.REJECTED
        candidate.reason = text
        candidate.decided_by_id = actor.user_id
        candidate.decided_at = clock.now()
        candidate.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action=MERGE_REJECTED,
            object_type="intelligence_candidate",
            object_id=candidate.pk,
        )
    return candidate


def unmerge(*, actor: Actor, candidate_id: uuid.UUID, reason: str) -> ResolutionCandidate:
    """Undo a confirmed merge: the merged entity is shown apart again, with everything that
    was asserted about it."""
    text = _reason(reason)
    with transaction.atomic():
        candidate = _candidate_for_update(actor, candidate_id)
        if candidate.status != S.CONFIRMED:
            raise ValidationFailed({"status": ["Only a confirmed merge can be undone"]})
        moved = Entity.objects.select_for_update().get(
            pk=candidate.merged_entity_id or uuid.uuid4()
        )
        moved.merged_into_id = None
        moved.save(update_fields=["merged_into", "updated_at"])
        candidate.status = S.UNDONE
        candidate.undone_reason = text
        candidate.save(update_fields=["status", "undone_reason", "updated_at"])
        audit_record(
            actor=actor,
            action=UNMERGED,
            object_type="intelligence_candidate",
            object_id=candidate.pk,
        )
    return candidate
