"""The rules that put vehicles and phones forward as possible duplicates (exact keys are
already one entity per partnership): registrations one character apart or misread, and one
phone number stored in different forms."""

from __future__ import annotations

import re
import uuid

from lantern.core.actor import Actor
from lantern.intelligence.models import Entity, Statement
from lantern.intelligence.selectors import access
from lantern.intelligence.services.duplicate_records import Scope

# Characters a person or a camera often reads as one another on a number plate.
_MISREAD = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8"})

Pair = tuple[uuid.UUID, uuid.UUID]


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


def vehicle_pairs(vehicles: list[Entity]) -> list[Pair]:
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
    pairs: dict[frozenset[uuid.UUID], Pair] = {}
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


def phone_pairs(actor: Actor, scope: Scope, phones: list[Entity]) -> list[Pair]:
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
    pairs: dict[frozenset[uuid.UUID], Pair] = {}
    for ids in by_number.values():
        ids = sorted(set(ids), key=str)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.setdefault(frozenset((a, b)), (a, b))
    return list(pairs.values())
