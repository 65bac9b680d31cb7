"""Resolving duplicates: candidates found by record linkage or named by an analyst, and the
analyst's decision on each. Nothing merges without a person confirming it. A merge only sets
``Entity.merged_into``: every statement and link stays where it was asserted, so unmerging
restores both entities exactly. Every decision is audited with its reason's length, never
its text (it may describe a person)."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction

from lantern.accounts.models import Partnership
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.selectors.subjects import person_list
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.intelligence.models import Entity, Link, ResolutionCandidate, Statement
from lantern.intelligence.schema import ADDRESS, PERSON, PHONE, VEHICLE
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.network import _canonical
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
        roots = _canonical([candidate.entity_a_id, candidate.entity_b_id])
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


# --- finding candidates ------------------------------------------------------------------

DUPLICATES_SEARCHED = E(
    "intelligence.duplicates_searched",
    "Lantern looked for duplicate people (record linkage), vehicles and phones (rules) in a "
    "partnership; details give the counts compared, predicted and put forward, never a value.",
)

FOUND_BY_LINKAGE = "linkage"
FOUND_BY_RULE = "rule"
FOUND_BY_ANALYST = "analyst"

# Characters a person or a camera often reads as one another on a number plate.
_MISREAD = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8"})
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)


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


_OUT_OF_SIGHT = uuid.UUID(int=0)


@dataclass
class _Scope:
    """A partnership's entities the actor may see, each with the root it is shown as."""

    entities: dict[uuid.UUID, Entity]
    root: dict[uuid.UUID, uuid.UUID]

    def roots(self, schema: str) -> list[Entity]:
        return [e for pk, e in self.entities.items() if e.schema == schema and self.root[pk] == pk]

    def members(self, root_id: uuid.UUID) -> list[uuid.UUID]:
        return [pk for pk, r in self.root.items() if r == root_id]


def _scope(actor: Actor, partnership: uuid.UUID) -> _Scope:
    entities = {
        e.pk: e
        for e in Entity.objects.filter(access.entity_q(actor), partnership_id=partnership).only(
            "id",
            "schema",
            "caption",
            "key",
            "person_id",
            "vehicle_id",
            "merged_into_id",
            "created_at",
            "partnership_id",
        )
    }
    root: dict[uuid.UUID, uuid.UUID] = {}
    for pk in entities:
        seen, at = {pk}, pk
        while (parent := entities[at].merged_into_id) is not None and parent in entities:
            if parent in seen:
                break
            seen.add(parent)
            at = parent
        # Merged into an entity out of the actor's sight: not compared at all.
        root[pk] = at if entities[at].merged_into_id is None else _OUT_OF_SIGHT
    return _Scope(entities, root)


def _find_in(actor: Actor, partnership: uuid.UUID, threshold: float) -> FindResult:
    result = FindResult(threshold=threshold)
    scope = _scope(actor, partnership)
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


def _latest(values: list[tuple[object, str]]) -> str | None:
    """The most recently asserted of (when, value) pairs."""
    kept = [v for v in values if v[1]]
    if not kept:
        return None
    return max(kept, key=lambda v: str(v[0]))[1]


def person_records(actor: Actor, scope: _Scope) -> list[dict[str, str | None]]:
    """One linkage record per person entity shown on its own (those merged into it add what
    was said about them): the name from the caption (or casework's record), the date of
    birth from casework's record or the statements, the address and postcode from the
    places the person lives at, the phone from the phones they use. Only statements and
    links the actor may read, and casework people the actor may see."""
    people = scope.roots(PERSON)
    if not people:
        return []
    member_of = {
        pk: scope.root[pk] for pk in scope.entities if scope.root[pk] in {p.pk for p in people}
    }
    ids = list(member_of)
    dob: dict[uuid.UUID, list[tuple[object, str]]] = {}
    for entity_id, value, at in Statement.objects.filter(
        access.statement_q(actor), entity_id__in=ids, prop="date_of_birth"
    ).values_list("entity_id", "value", "asserted_at"):
        dob.setdefault(member_of[entity_id], []).append((at, value))
    homes: dict[uuid.UUID, list[tuple[object, uuid.UUID]]] = {}
    phones: dict[uuid.UUID, list[tuple[object, str]]] = {}
    for source, target, link_type, at in Link.objects.filter(
        access.link_q(actor), source_id__in=ids, link_type__in=["lives_at", "uses_phone"]
    ).values_list("source_id", "target_id", "link_type", "asserted_at"):
        other = scope.entities.get(target)
        if other is None:
            continue
        if link_type == "lives_at" and other.schema == ADDRESS:
            homes.setdefault(member_of[source], []).append((at, other.pk))
        elif link_type == "uses_phone" and other.schema == PHONE and other.key:
            phones.setdefault(member_of[source], []).append((at, other.key))
    address_ids = {pk for rows in homes.values() for _, pk in rows}
    address_props: dict[tuple[uuid.UUID, str], list[tuple[object, str]]] = {}
    for entity_id, prop, value, at in Statement.objects.filter(
        access.statement_q(actor), entity_id__in=address_ids, prop__in=["address", "postcode"]
    ).values_list("entity_id", "prop", "value", "asserted_at"):
        address_props.setdefault((entity_id, prop), []).append((at, value))
    casework = {
        p.pk: p
        for p in person_list(actor=actor).filter(
            pk__in=[e.person_id for e in scope.entities.values() if e.person_id]
        )
    }
    records = []
    for person in people:
        members = [scope.entities[pk] for pk in scope.members(person.pk)]
        record_of = next((casework[m.person_id] for m in members if m.person_id in casework), None)
        if record_of is not None and (record_of.given_name or record_of.family_name):
            first, surname = record_of.given_name or None, record_of.family_name or None
        else:
            first, surname = split_name(person.caption)
        date_of_birth = (
            record_of.date_of_birth.isoformat()
            if record_of is not None and record_of.date_of_birth
            else _latest(dob.get(person.pk, []))
        )
        address = postcode = None
        home = max(homes[person.pk], key=lambda v: str(v[0]))[1] if person.pk in homes else None
        if home is not None:
            place = scope.entities[home]
            address = _latest(address_props.get((home, "address"), [])) or place.caption
            postcode = _latest(address_props.get((home, "postcode"), []))
        if address is None and record_of is not None and record_of.address:
            address = record_of.address
        if postcode is None and address:
            found = _POSTCODE.search(address)
            postcode = f"{found.group(1)} {found.group(2)}".upper() if found else None
        records.append(
            {
                "unique_id": str(person.pk),
                "first_name": first,
                "surname": surname,
                "date_of_birth": date_of_birth,
                "address": address,
                "postcode": postcode,
                "phone": _latest(phones.get(person.pk, [])),
            }
        )
    return records


def split_name(caption: str) -> tuple[str | None, str | None]:
    """A caption's first word as the first name and its last as the surname ("Jay Marsh");
    one word is a first name only; quotes and initials' dots are dropped."""
    words = [w.strip("'\"\u2018\u2019\u201c\u201d.,()") for w in str(caption or "").split()]
    words = [w for w in words if w]
    if not words:
        return None, None
    if len(words) == 1:
        return words[0], None
    return words[0], words[-1]


def _edit_distance_one(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one character changed, added or left out."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def registrations_alike(a: str, b: str) -> bool:
    """Two (normalised) registrations that may be one plate read twice: one character apart,
    or the same once 0/O, 1/I, 5/S and 8/B are read alike."""
    a, b = a.upper(), b.upper()
    if a == b:
        return False
    return _edit_distance_one(a, b) or a.translate(_MISREAD) == b.translate(_MISREAD)


def vehicle_pairs(vehicles: list[Entity]) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Pairs of vehicles whose registrations are alike (registrations_alike). Blocked on the
    registration with misreads folded and on it with one character left out, so that only
    plausible pairs are compared."""
    blocks: dict[str, list[Entity]] = {}
    for v in vehicles:
        reg = (v.key or v.caption).upper().replace(" ", "")
        if not reg:
            continue
        keys = {reg.translate(_MISREAD), reg}
        keys |= {f"{reg[:i]}_{reg[i + 1 :]}" for i in range(len(reg))}  # one changed
        keys |= {reg[:i] + reg[i + 1 :] for i in range(len(reg))}  # one left out
        for key in keys:
            blocks.setdefault(key, []).append(v)
    pairs: dict[frozenset[uuid.UUID], tuple[uuid.UUID, uuid.UUID]] = {}
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if a.pk == b.pk or frozenset((a.pk, b.pk)) in pairs:
                    continue
                ra = (a.key or a.caption).upper().replace(" ", "")
                rb = (b.key or b.caption).upper().replace(" ", "")
                if registrations_alike(ra, rb):
                    pairs[frozenset((a.pk, b.pk))] = (a.pk, b.pk)
    return list(pairs.values())


def phone_number(text: str) -> str:
    """A UK phone number in one form for comparison: digits, +44, +44 (0) or 0044 as the
    leading 0, a ten-digit number missing its 0 given it."""
    digits = re.sub(r"\D", "", str(text or ""))
    if digits.startswith("0044"):
        digits = digits[2:]
    if digits.startswith("440") and len(digits) == 13:  # +44 (0)7700...
        digits = digits[2:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits
    return digits if len(digits) >= 7 else ""


def phone_pairs(
    actor: Actor, scope: _Scope, phones: list[Entity]
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Pairs of phone entities that hold one number in different stored forms: their keys,
    captions or readable ``number`` statements are equal in phone_number's form."""
    forms: dict[uuid.UUID, set[str]] = {p.pk: {p.key, p.caption} for p in phones}
    root = {pk: scope.root[pk] for pk in scope.entities if scope.root[pk] in forms}
    for entity_id, value in Statement.objects.filter(
        access.statement_q(actor), entity_id__in=list(root), prop="number"
    ).values_list("entity_id", "value"):
        forms[root[entity_id]].add(value)
    by_number: dict[str, list[uuid.UUID]] = {}
    for pk, texts in forms.items():
        for number in {phone_number(t) for t in texts} - {""}:
            by_number.setdefault(number, []).append(pk)
    pairs: dict[frozenset[uuid.UUID], tuple[uuid.UUID, uuid.UUID]] = {}
    for ids in by_number.values():
        ids = sorted(set(ids), key=str)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.setdefault(frozenset((a, b)), (a, b))
    return list(pairs.values())
