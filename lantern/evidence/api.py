"""Evidence in the JSON API: items (with their SHA-256 and what the content checks flagged)
and their chain of custody."""

import uuid

from ninja import Router
from ninja.pagination import paginate

from lantern.core.api import ErrorOut, TimeCursorPagination, actor_of
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.evidence import selectors, services
from lantern.evidence.events import ITEM_VIEWED
from lantern.evidence.metadata_selectors import MetadataView, item_metadata
from lantern.evidence.models import EvidenceItem, ItemMetadata
from lantern.evidence.schemas import (
    ClockOffsetOut,
    CustodyEventOut,
    DeviceLocationOut,
    ItemMetadataOut,
    ItemOut,
    MetadataGapOut,
)

router = Router(tags=["evidence"])


def _out(item: EvidenceItem) -> ItemOut:
    return ItemOut.from_orm(item)


@router.get("/items", response=list[ItemOut])
@paginate(TimeCursorPagination)
def item_list(request: LanternRequest):
    """Items, newest first, paged by cursor and never counted: follow ``next`` for older
    items and ``previous`` for newer ones."""
    return selectors.item_list(actor=actor_of(request)).prefetch_related("flags")


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


def _gaps(view: MetadataView) -> list[MetadataGapOut]:
    gaps = []
    if view.claimed_gap is not None:
        gaps.append(
            MetadataGapOut(
                against="capture_time",
                report_reference="",
                time_gap_seconds=view.claimed_gap.total_seconds(),
                time_flagged=view.claimed_flag,
                distance_m=None,
                place_flagged=False,
            )
        )
    for check in view.checks:
        gaps.append(
            MetadataGapOut(
                against="report",
                report_reference=check.report.reference,
                time_gap_seconds=check.time_gap.total_seconds() if check.time_gap else None,
                time_flagged=check.time_flag,
                distance_m=round(check.distance_m, 1) if check.distance_m is not None else None,
                place_flagged=check.place_flag,
            )
        )
    return gaps


def _metadata_out(view: MetadataView) -> ItemMetadataOut:
    metadata = view.metadata
    if metadata is None:
        return ItemMetadataOut(status="not_read")
    if metadata.status != ItemMetadata.Status.READ:
        return ItemMetadataOut(status=str(metadata.status), problem=metadata.problem)
    offset = view.offset
    location = None
    if view.location_shown and metadata.latitude is not None and metadata.longitude is not None:
        location = DeviceLocationOut(
            latitude=metadata.latitude,
            longitude=metadata.longitude,
            altitude_m=metadata.altitude_m,
            tag=metadata.location_tag,
        )
    return ItemMetadataOut(
        status=str(metadata.status),
        problem="",
        reader=metadata.reader,
        container=metadata.container,
        video_codec=metadata.video_codec,
        audio_codec=metadata.audio_codec,
        duration_seconds=metadata.duration_seconds,
        frame_rate=metadata.frame_rate,
        width=metadata.width,
        height=metadata.height,
        device_time=metadata.device_time,
        device_time_tag=metadata.device_time_tag,
        corrected_device_time=view.corrected_time,
        device_make=metadata.device_make,
        device_model=metadata.device_model,
        clock_offset=ClockOffsetOut(
            handed_over_seconds=offset.handed_over,
            camera_seconds=offset.camera,
            camera_label=offset.camera_label,
            applied_seconds=offset.applied,
            applied_from=offset.source,
        ),
        location=location,
        location_withheld=view.location_withheld,
        location_personal=metadata.personal,
        personal_reason=metadata.personal_reason if metadata.personal else "",
        flagged=view.flagged,
        gaps=_gaps(view),
    )


@router.get("/items/{item_id}/metadata", response={200: ItemMetadataOut, 404: ErrorOut})
def item_metadata_get(request: LanternRequest, item_id: uuid.UUID):
    """What the item's file says about itself (its original's, for a derived copy), beside
    what was said, with the gaps flagged. The device's location is personal data: given to
    staff of the item's own partnership (each time an access event), withheld from those who
    see the item through a share when it may identify the resident."""
    item = _visible(request, item_id)
    actor = actor_of(request)
    services.item_custody_event(actor=actor, item=item, action=ITEM_VIEWED, shown_as="metadata")
    return _metadata_out(item_metadata(actor=actor, item=item))
