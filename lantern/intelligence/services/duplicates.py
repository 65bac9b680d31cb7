"""Finding candidate duplicates: people by record linkage (linkage.py, splink), vehicles and
phones by rules (duplicate_rules.py), each new pair put forward through candidate_propose
for a person to decide. Nothing here merges anything."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field

from lantern.accounts.models import Partnership
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.intelligence.models import Entity, ResolutionCandidate
from lantern.intelligence.schema import PHONE, VEHICLE
from lantern.intelligence.services.common import require
from lantern.intelligence.services.duplicate_records import person_records, scope_of
from lantern.intelligence.services.duplicate_rules import phone_pairs, vehicle_pairs
from lantern.intelligence.services.resolution import candidate_propose

P = Permission
E = catalogue.declare

DUPLICATES_SEARCHED = E(
    "intelligence.duplicates_searched",
    "Lantern looked for duplicate people (record linkage), vehicles and phones (rules) in a "
    "partnership; details give the counts compared, predicted and put forward, never a value.",
)

FOUND_BY_LINKAGE = "linkage"
FOUND_BY_RULE = "rule"
FOUND_BY_ANALYST = "analyst"


@dataclass
class FindResult:
    """What one run found, in counts (and the new candidates' ids)."""

    partnerships: int = 0
    people: int = 0  # person records compared by record linkage
    vehicles: int = 0
    phones: int = 0
    candidate_pairs: int = 0  # pairs the linkage model scored
    predicted: int = 0  # pairs at or above the threshold
    rule_pairs: int = 0  # vehicle and phone pairs the rules found
    proposed: int = 0  # new candidates put forward
    known: int = 0  # pairs already put forward, pending or decided (not put forward again)
    trained: bool = False
    threshold: float = 0.9
    seconds: float = 0.0
    candidate_ids: list[uuid.UUID] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["candidate_ids"] = [str(i) for i in self.candidate_ids]
        out["seconds"] = round(self.seconds, 3)
        return out


def _partnerships(actor: Actor, partnership_id: uuid.UUID | None) -> list[uuid.UUID]:
    if partnership_id is not None:
        if actor.is_system:
            if not Partnership.objects.filter(pk=partnership_id).exists():
                raise NotFound("partnership")
            return [partnership_id]
        if partnership_id not in actor.partnership_ids:
            raise NotFound("partnership")
        return [partnership_id]
    if actor.is_system:
        ids = Entity.objects.order_by().values_list("partnership_id", flat=True).distinct()
        return sorted(set(ids), key=str)
    return sorted(actor.partnership_ids, key=str)


def _threshold(threshold: float) -> float:
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise ValidationFailed({"threshold": ["The threshold is a probability between 0 and 1"]})
    return value


def candidates_find(
    actor: Actor, *, partnership_id: uuid.UUID | None = None, threshold: float = 0.9
) -> FindResult:
    """Look for duplicates in the analyst's partnership(s) (or the one named) and put each
    pair forward as a candidate for a person to decide: people by record linkage
    (linkage.predict_pairs, splink), vehicles whose registrations differ by one character or
    by common misreads (0/O, 1/I, 5/S, 8/B), phones whose stored numbers are one number
    written differently. Nothing is merged. A pair already put forward (pending, confirmed,
    rejected or unmerged) is not put forward again; entities merged into another are
    compared as part of it. One audit event per partnership gives the counts."""
    require(actor, P.INTELLIGENCE_ANALYSE)
    limit = _threshold(threshold)
    started = time.perf_counter()
    total = FindResult(threshold=limit)
    for partnership in _partnerships(actor, partnership_id):
        run = _find_in(actor, partnership, limit)
        total.partnerships += 1
        for name in (
            "people",
            "vehicles",
            "phones",
            "candidate_pairs",
            "predicted",
            "rule_pairs",
            "proposed",
            "known",
        ):
            setattr(total, name, getattr(total, name) + getattr(run, name))
        total.trained = total.trained or run.trained
        total.candidate_ids += run.candidate_ids
    total.seconds = time.perf_counter() - started
    return total


def _find_in(actor: Actor, partnership: uuid.UUID, threshold: float) -> FindResult:
    result = FindResult(threshold=threshold)
    scope = scope_of(actor, partnership)
    known = {
        frozenset(pair)
        for pair in ResolutionCandidate.objects.filter(partnership_id=partnership).values_list(
            "entity_a_id", "entity_b_id"
        )
    }
    pairs: list[tuple[uuid.UUID, uuid.UUID, float | None, str]] = []

    records = person_records(actor, scope)
    result.people = len(records)
    if len(records) >= 2:
        from lantern.intelligence import linkage

        try:
            linked = linkage.predict_pairs(records, threshold=threshold)
        except linkage.LinkageError:
            linked = None
        if linked is not None:
            result.candidate_pairs = linked.candidate_pairs
            result.predicted = linked.predicted_pairs
            result.trained = linked.trained
            pairs += [
                (
                    uuid.UUID(p.unique_id_l),
                    uuid.UUID(p.unique_id_r),
                    round(p.probability, 4),
                    FOUND_BY_LINKAGE,
                )
                for p in linked.pairs
            ]
    vehicles = scope.roots(VEHICLE)
    phones = scope.roots(PHONE)
    result.vehicles, result.phones = len(vehicles), len(phones)
    ruled = vehicle_pairs(vehicles) + phone_pairs(actor, scope, phones)
    result.rule_pairs = len(ruled)
    pairs += [(a, b, None, FOUND_BY_RULE) for a, b in ruled]

    for a, b, probability, found_by in pairs:
        if frozenset((a, b)) in known:
            result.known += 1
            continue
        known.add(frozenset((a, b)))
        first, second = sorted(
            (scope.entities[a], scope.entities[b]), key=lambda e: (e.created_at, str(e.pk))
        )
        candidate = candidate_propose(
            actor=actor,
            entity_a_id=first.pk,
            entity_b_id=second.pk,
            probability=probability,
            found_by=found_by,
        )
        result.proposed += 1
        result.candidate_ids.append(candidate.pk)
    audit_record(
        actor=actor,
        action=DUPLICATES_SEARCHED,
        object_type="partnership",
        object_id=partnership,
        details={
            "people": result.people,
            "vehicles": result.vehicles,
            "phones": result.phones,
            "candidate_pairs": result.candidate_pairs,
            "predicted": result.predicted,
            "rule_pairs": result.rule_pairs,
            "proposed": result.proposed,
            "known": result.known,
            "threshold": threshold,
        },
    )
    return result
