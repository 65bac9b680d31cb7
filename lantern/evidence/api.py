"""Evidence in the JSON API: items (with their SHA-256 and what the content checks flagged)
and their chain of custody."""

import uuid
from collections.abc import Sequence
from typing import overload

from django.db.models import QuerySet
from ninja import Router
from ninja.pagination import paginate

from lantern.core.api import BoundedPagination, ErrorOut, actor_of
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.evidence import selectors, services
from lantern.evidence.contentchecks.flag import explanation
from lantern.evidence.events import ITEM_VIEWED
from lantern.evidence.models import EvidenceItem
from lantern.evidence.schemas import CustodyEventOut, ItemFlagOut, ItemOut

router = Router(tags=["evidence"])


def _out(item: EvidenceItem) -> ItemOut:
    return ItemOut(
        id=item.pk,
        sha256=item.blob.sha256,
        size=item.blob.size,
        media_type=item.media_type,
        category=item.category,
        warning=item.warning,
        filename=item.filename,
        device_kind=item.device_kind,
        claimed_capture_at=item.claimed_capture_at,
        clock_offset_seconds=item.clock_offset_seconds,
        audio_recorded=item.audio_recorded,
        parent_id=item.parent_id,
        created_at=item.created_at,
        flags=[
            ItemFlagOut(
                code=flag.code,
                label=flag.get_code_display(),
                detail=flag.detail,
                explanation=explanation(flag.code),
            )
            for flag in item.flags.all()
        ],
    )


@router.get("/items", response=list[ItemOut])
@paginate(BoundedPagination)
def item_list(request: LanternRequest):
    items = selectors.item_list(actor=actor_of(request)).prefetch_related("flags")
    return _Answers(items[:500])


class _Answers(Sequence[ItemOut]):
    """The items as the API answers them, made only for the page the paginator slices out
    (not all 500 for every page), counted by the database."""

    def __init__(self, items: QuerySet[EvidenceItem]) -> None:
        self._items = items

    def __len__(self) -> int:
        return self._items.count()

    @overload
    def __getitem__(self, index: int) -> ItemOut: ...
    @overload
    def __getitem__(self, index: slice) -> list[ItemOut]: ...
    def __getitem__(self, index: int | slice) -> ItemOut | list[ItemOut]:
        if isinstance(index, slice):
            return [_out(item) for item in self._items[index]]
        return _out(self._items[index])


def _visible(request: LanternRequest, item_id: uuid.UUID) -> EvidenceItem:
    actor = actor_of(request)
    item = selectors.item_get(actor=actor, item_id=item_id)
    if not can(actor, Permission.EVIDENCE_VIEW, item):
        raise NotFound("evidence item")
    return item


@router.get("/items/{item_id}", response={200: ItemOut, 404: ErrorOut})
def item_get(request: LanternRequest, item_id: uuid.UUID):
    item = _visible(request, item_id)
    services.item_custody_event(actor=actor_of(request), item=item, action=ITEM_VIEWED)
    return _out(item)


@router.get("/items/{item_id}/custody", response={200: list[CustodyEventOut], 404: ErrorOut})
def item_custody(request: LanternRequest, item_id: uuid.UUID):
    """The item's chain of custody. Reading it is itself a view of the item, recorded as the
    item's page records it, so the chain shows who looked through the API too."""
    item = _visible(request, item_id)
    actor = actor_of(request)
    services.item_custody_event(actor=actor, item=item, action=ITEM_VIEWED, shown_as="custody")
    return selectors.custody_timeline(actor=actor, item=item)
