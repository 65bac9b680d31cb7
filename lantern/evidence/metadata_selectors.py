"""Reads of what a file says about itself (``ItemMetadata``), set beside what the resident
said, and what of it may leave the partnership.

``item_metadata`` is for the item's page: the metadata, the device's time corrected by the
clock offset declared when the file was handed over, and for each report the item is about
(directly, or through the footage request it answers) the gap between the two times and
between the two places, flagged past ``LANTERN_METADATA_TIME_GAP_HOURS`` and
``LANTERN_METADATA_PLACE_GAP_METRES``. The same permission checks apply as to the item; a
location shown is an access event (the device's location is personal data).

``metadata_for_disclosure`` is for anything that leaves the partnership (disclosure
bundles): the metadata without the fields that may identify the resident, naming what was
removed and why.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from lantern.accounts.selectors import holds_staff_role
from lantern.audit.services import audit_access
from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.evidence.events import ITEM
from lantern.evidence.models import EvidenceItem, EvidenceLink, ItemMetadata, LinkKind
from lantern.places.geometry import distance_m
from lantern.places.models import FootageRequest
from lantern.places.selectors import footage_request_get

# The fields that say where the device was: left out of what leaves the partnership when
# the location is marked personal.
LOCATION_FIELDS = ("latitude", "longitude", "altitude_m", "location_tag")
DISCLOSED_FIELDS = (
    "container",
    "video_codec",
    "audio_codec",
    "duration_seconds",
    "frame_rate",
    "width",
    "height",
    "device_time",
    "device_time_tag",
    "device_make",
    "device_model",
    *LOCATION_FIELDS,
)


def time_gap_limit() -> timedelta:
    return timedelta(hours=float(getattr(settings, "LANTERN_METADATA_TIME_GAP_HOURS", 2)))


def place_gap_limit() -> float:
    return float(getattr(settings, "LANTERN_METADATA_PLACE_GAP_METRES", 250))


def time_gap(when: datetime, start: datetime, end: datetime | None) -> timedelta:
    """How far ``when`` lies outside the span from ``start`` to ``end`` (zero inside it)."""
    end = end if end is not None and end > start else start
    if when < start:
        return start - when
    return when - end if when > end else timedelta(0)


def corrected_time(metadata: ItemMetadata, offset_seconds: int | None) -> datetime | None:
    """The device's time with the declared clock offset taken off: a clock that runs a
    minute fast (offset +60) stamped 21:31 for what happened at 21:30."""
    if metadata.device_time is None:
        return None
    return metadata.device_time - timedelta(seconds=offset_seconds or 0)


@dataclass(frozen=True)
class ClockOffset:
    """The clock offsets declared for the device that made a file, and the one applied: the
    offset given when the file was handed over (for that file, at that time) wins; else the
    camera registry's, for a file answering a footage request to a registered camera."""

    handed_over: int | None = None  # declared with the file
    camera: int | None = None  # declared in the camera registry
    camera_label: str = ""  # the registered camera the file came from, if any

    @property
    def applied(self) -> int | None:
        return self.handed_over if self.handed_over is not None else self.camera

    @property
    def source(self) -> str:
        """Where the applied offset comes from: "handed_over", "camera" or ""."""
        if self.handed_over is not None:
            return "handed_over"
        return "camera" if self.camera is not None else ""


def _linked(actor: Actor, item: EvidenceItem) -> tuple[list[uuid.UUID], list[FootageRequest]]:
    """The reports the item is about (linked to it, or asked about in a footage request it
    answers) and the footage requests it answers, as the actor may see them."""
    ids: list[uuid.UUID] = []
    requests: list[FootageRequest] = []
    for kind, target in EvidenceLink.objects.filter(
        item_id=item.parent_id or item.pk, kind__in=(LinkKind.REPORT, LinkKind.FOOTAGE_REQUEST)
    ).values_list("kind", "target_id"):
        if kind == LinkKind.REPORT:
            ids.append(target)
            continue
        try:
            request = footage_request_get(actor=actor, id=target)
        except NotFound:
            continue
        requests.append(request)
        ids.append(request.report_id)
    return list(dict.fromkeys(ids)), requests


def _report_facts(actor: Actor, report_ids: list[uuid.UUID]) -> list[directory.ReportFacts]:
    found = (directory.report_facts(actor, report_id) for report_id in report_ids)
    return [facts for facts in found if facts is not None]


def clock_offset(item: EvidenceItem, requests: list[FootageRequest]) -> ClockOffset:
    """The offsets declared for the original ``item``: with the file, and in the camera
    registry for the camera a footage request it answers was sent to."""
    camera = next(
        (r.camera for r in requests if r.camera.clock_offset_seconds is not None),
        requests[0].camera if requests else None,
    )
    return ClockOffset(
        handed_over=item.clock_offset_seconds,
        camera=camera.clock_offset_seconds if camera is not None else None,
        camera_label=(camera.business_name or camera.label) if camera is not None else "",
    )


def reports_of(actor: Actor, item: EvidenceItem) -> list[directory.ReportFacts]:
    """The time and place of each report the item is about that the actor may see."""
    return _report_facts(actor, _linked(actor, item)[0])


def from_public(item: EvidenceItem) -> bool:
    """Whether a member of the public handed the file over: through an upload capability
    or another system's report (no account), or signed in without a staff role."""
    return item.submitted_by is None or not holds_staff_role(item.submitted_by)


def personal_reason(
    *,
    item: EvidenceItem,
    latitude: float | None,
    longitude: float | None,
    reports: list[directory.ReportFacts],
) -> str:
    """Why a device's location may identify the resident (their home), or "" when it does
    not: any location on a file a member of the public handed over; on a file from staff,
    one within ``LANTERN_METADATA_PLACE_GAP_METRES`` of the place a resident reported."""
    if latitude is None or longitude is None:
        return ""
    if from_public(item):
        return "a location on a file a member of the public handed over"
    limit = place_gap_limit()
    for report in reports:
        if (
            report.from_resident
            and not report.location_approximate
            and distance_m(latitude, longitude, report.latitude, report.longitude) <= limit
        ):
            return f"a location within {limit:.0f} m of the place a resident reported"
    return ""


@dataclass(frozen=True)
class ReportCheck:
    """A report's time and place beside the file's, and whether the gaps are too wide."""

    report: directory.ReportFacts
    time_gap: timedelta | None  # None: the file gives no time
    time_flag: bool
    distance_m: float | None  # None: the file gives no place, or the report's is approximate
    place_flag: bool


@dataclass(frozen=True)
class MetadataView:
    metadata: ItemMetadata | None
    offset: ClockOffset = field(default_factory=ClockOffset)
    corrected_time: datetime | None = None
    claimed_gap: timedelta | None = None  # from the capture time given on handing over
    claimed_flag: bool = False
    checks: tuple[ReportCheck, ...] = ()
    time_limit: timedelta = field(default_factory=time_gap_limit)
    place_limit: float = field(default_factory=place_gap_limit)
    # Why the device's location is not shown to this actor ("" when it is shown, or when
    # the file gives none): it may identify the resident, and they see the item through a
    # share, outside the item's own partnership.
    location_withheld: str = ""

    @property
    def location_shown(self) -> bool:
        return (
            self.metadata is not None and self.metadata.has_location and not self.location_withheld
        )

    @property
    def flagged(self) -> bool:
        return self.claimed_flag or any(c.time_flag or c.place_flag for c in self.checks)


def _check(
    report: directory.ReportFacts, metadata: ItemMetadata, when: datetime | None, *, place: bool
) -> ReportCheck:
    gap = time_gap(when, report.occurred_from, report.occurred_to) if when else None
    distance = None
    if (
        place
        and metadata.latitude is not None
        and metadata.longitude is not None
        and not report.location_approximate
    ):
        distance = distance_m(
            metadata.latitude, metadata.longitude, report.latitude, report.longitude
        )
    return ReportCheck(
        report=report,
        time_gap=gap,
        time_flag=gap is not None and gap > time_gap_limit(),
        distance_m=distance,
        place_flag=distance is not None and distance > place_gap_limit(),
    )


def _original(item: EvidenceItem) -> EvidenceItem:
    """The item itself, or the original a copy was derived from: metadata is the original's."""
    return item.parent if item.parent_id is not None and item.parent is not None else item


def _personal_now(
    actor: Actor, metadata: ItemMetadata, original: EvidenceItem, reports: list
) -> str:
    """Why the location may identify the resident: as marked when it was read, or as it
    would be now (the item may have been linked to a resident's report since); "" if not."""
    if metadata.personal:
        return metadata.personal_reason or "personal data"
    if not metadata.has_location:
        return ""
    return personal_reason(
        item=original, latitude=metadata.latitude, longitude=metadata.longitude, reports=reports
    )


def inside_partnership(actor: Actor, item: EvidenceItem) -> bool:
    """Whether the actor sees the item from inside its own partnership (or is Lantern
    itself), rather than through a share with another partnership."""
    return actor.is_system or item.partnership_id in actor.partnership_ids


def item_metadata(*, actor: Actor, item: EvidenceItem) -> MetadataView:
    """The item's metadata beside what the resident said (for the item's page and the API):
    NotFound unless the actor may view the item. A location that may identify the resident
    is shown only inside the item's own partnership: staff who see the item through a share
    get ``location_withheld`` (with the reason) and no distances. A location shown is logged
    as an access event."""
    if not can(actor, Permission.EVIDENCE_VIEW, item):
        raise NotFound("evidence item")
    metadata = ItemMetadata.objects.filter(item_id=item.parent_id or item.pk).first()
    if metadata is None or metadata.status != ItemMetadata.Status.READ:
        return MetadataView(metadata=metadata)
    original = _original(item)
    report_ids, requests = _linked(actor, original)
    offset = clock_offset(original, requests)
    when = corrected_time(metadata, offset.applied)
    claimed_gap = None
    if when is not None and original.claimed_capture_at is not None:
        claimed_gap = time_gap(when, original.claimed_capture_at, None)
    reports = _report_facts(actor, report_ids)
    withheld = ""
    if metadata.has_location and not inside_partnership(actor, original):
        reason = _personal_now(actor, metadata, original, reports)
        withheld = f"withheld outside the item's own partnership: {reason}" if reason else ""
    shown = metadata.has_location and not withheld
    if shown:
        audit_access(
            actor=actor,
            object_type=ITEM,
            object_id=original.pk,
            data_class=DataClass.PERSONAL,
            purpose="device location",
        )
    return MetadataView(
        metadata=metadata,
        offset=offset,
        corrected_time=when,
        claimed_gap=claimed_gap,
        claimed_flag=claimed_gap is not None and claimed_gap > time_gap_limit(),
        checks=tuple(_check(r, metadata, when, place=shown) for r in reports),
        location_withheld=withheld,
    )


@dataclass(frozen=True)
class Disclosed:
    """An item's metadata as it may leave the partnership."""

    status: str  # "read", "unreadable" or "not_read" (not read yet)
    fields: dict[str, Any]
    removed: tuple[str, ...] = ()  # the fields left out
    reason: str = ""  # why they were left out


def metadata_for_disclosure(*, actor: Actor, item: EvidenceItem) -> Disclosed:
    """The item's metadata for anything that leaves the partnership (a disclosure bundle),
    with the location left out when it may identify the resident: marked personal when it
    was read, or so now (the item may have been linked to a resident's report since). Times
    are ISO 8601 in UTC. NotFound unless the actor may view the item."""
    if not can(actor, Permission.EVIDENCE_VIEW, item):
        raise NotFound("evidence item")
    metadata = ItemMetadata.objects.filter(item_id=item.parent_id or item.pk).first()
    if metadata is None:
        return Disclosed(status="not_read", fields={})
    if metadata.status != ItemMetadata.Status.READ:
        return Disclosed(status=metadata.status, fields={"problem": metadata.problem})
    original = _original(item)
    reason = ""
    if metadata.has_location:
        reports = [] if metadata.personal else reports_of(actor, original)
        reason = _personal_now(actor, metadata, original, reports)
    fields = {name: getattr(metadata, name) for name in DISCLOSED_FIELDS}
    if fields["device_time"] is not None:
        fields["device_time"] = fields["device_time"].isoformat()
    removed: tuple[str, ...] = ()
    if reason:
        removed = tuple(name for name in LOCATION_FIELDS if fields[name] not in (None, ""))
        for name in LOCATION_FIELDS:
            del fields[name]
    return Disclosed(status=metadata.status, fields=fields, removed=removed, reason=reason)
