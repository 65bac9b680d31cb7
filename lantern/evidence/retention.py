"""Disposing of evidence at the end of its retention (issue 23, docs/data-protection.md).

An item filed only under one report goes with that report (it ``follows`` it); an item that
is an exhibit, or filed under a case, follows its case and is held while the case holds it.
Disposal deletes the item's rows, its derived copies' rows, and returns the hashes of blobs no
other item uses, for the dataprotection app to delete from the store (or schedule, under an
S3 Object Lock). One custody event per item records the disposal (no personal data)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from lantern.audit.services import audit_record
from lantern.core.processing import Disposal, case_holds
from lantern.evidence import events
from lantern.evidence.models import (
    Blob,
    EvidenceItem,
    EvidenceLink,
    Exhibit,
    ItemFlag,
    ItemMetadata,
    LinkKind,
    Redaction,
    Upload,
)

MODEL = "evidence.EvidenceItem"
_KINDS = {
    "reports.Report": LinkKind.REPORT,
    "places.FootageRequest": LinkKind.FOOTAGE_REQUEST,
    "cases.Case": LinkKind.CASE,
}


def items_following(model_label: str, record_id: uuid.UUID) -> list[uuid.UUID]:
    """The originals filed under this record and under nothing else, none of whose copies is
    filed elsewhere or produced as an exhibit: they, and their copies, go with the record."""
    kind = _KINDS.get(model_label)
    if kind is None:
        return []
    linked = EvidenceLink.objects.filter(kind=kind, target_id=record_id)
    originals = EvidenceItem.objects.filter(
        pk__in=linked.values("item_id"), parent__isnull=True
    ).values_list("pk", flat=True)
    following = []
    for original in originals:
        family = _family(original)
        elsewhere = (
            EvidenceLink.objects.filter(item_id__in=family)
            .exclude(kind=kind, target_id=record_id)
            .exists()
        )
        if not elsewhere and not Exhibit.objects.filter(item_id__in=family).exists():
            following.append(original)
    return sorted(following)


def _family(item_id: uuid.UUID) -> list[uuid.UUID]:
    """The item and every copy derived from it, copies first (children before parents)."""
    order: list[uuid.UUID] = []
    frontier = [item_id]
    while frontier:
        order[:0] = frontier
        frontier = list(
            EvidenceItem.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
    return order


def item_dispose(actor: Any, item_id: uuid.UUID) -> Disposal | None:
    """Delete an item and its derived copies; None when it is already gone."""
    if not EvidenceItem.objects.filter(pk=item_id).exists():
        return None
    family = _family(item_id)
    hashes = set(EvidenceItem.objects.filter(pk__in=family).values_list("blob_id", flat=True))
    rows = 0
    for model in (ItemFlag, ItemMetadata, EvidenceLink):
        rows += model.objects.filter(item_id__in=family).delete()[0]
    rows += Redaction.objects.filter(item_id__in=family).delete()[0]
    rows += Upload.objects.filter(item_id__in=family).delete()[0]
    for member in family:  # copies first: a parent is protected while a copy names it
        rows += EvidenceItem.objects.filter(pk=member).delete()[0]
        audit_record(
            actor=actor, action=events.ITEM_DISPOSED, object_type=events.ITEM, object_id=member
        )
    unused = sorted(
        hashes
        - set(EvidenceItem.objects.filter(blob_id__in=hashes).values_list("blob_id", flat=True))
    )
    rows += Blob.objects.filter(pk__in=unused).delete()[0]
    return Disposal(blob_hashes=tuple(unused), rows=rows)


def item_holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """An item that is an exhibit in a case, or filed under one, is held while the case
    holds its records (an open case, a pending appeal or prosecution)."""
    if model_label != MODEL or not record_ids:
        return {}
    pairs = list(Exhibit.objects.filter(item_id__in=record_ids).values_list("item_id", "case_id"))
    pairs += list(
        EvidenceLink.objects.filter(item_id__in=record_ids, kind=LinkKind.CASE).values_list(
            "item_id", "target_id"
        )
    )
    held = case_holds(list({case_id for _, case_id in pairs}))
    return {item_id: held[case_id] for item_id, case_id in pairs if case_id in held}


def blob_in_use(sha256: str) -> bool:
    """True when an item holds these bytes again (the same file handed over since)."""
    return Blob.objects.filter(pk=sha256).exists()
