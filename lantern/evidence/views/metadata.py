"""What a file says about itself, on the item's page (``evidence/_metadata.html``): the
metadata, and the device's time and place beside what the resident said, with the gaps
flagged. Built from ``metadata_selectors.item_metadata`` (a location shown is an access
event there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from govuk_frontend_django.components.summary_list import GovUKSummaryList
from govuk_frontend_django.components.table import GovUKTable

from lantern.core.http import LanternRequest
from lantern.evidence.metadata_selectors import MetadataView, item_metadata
from lantern.evidence.models import EvidenceItem, ItemMetadata
from lantern.evidence.views.common import when
from lantern.frontend.components import summary_list, table
from lantern.frontend.dates import clock_offset_words


@dataclass(frozen=True)
class MetadataPanel:
    status: str  # "not_read", "read" or "unreadable"
    problem: str = ""
    facts: GovUKSummaryList | None = None
    comparison: GovUKTable | None = None
    gaps: tuple[str, ...] = ()  # each gap past its limit, in words
    personal: str = ""  # why the location is personal data, if it is

    @property
    def personal_note(self) -> str:
        return (
            f"The device's location is personal data ({self.personal}): it may show where "
            "the resident lives. It is left out of anything that leaves the partnership, "
            "such as a disclosure bundle."
        )

    @property
    def problem_note(self) -> str:
        return (
            f"Lantern could not read what this file says about itself: {self.problem}. The "
            "original is kept unchanged; it may be damaged or cut short."
        )

    @property
    def warning(self) -> str:
        """The gaps, for the page's warning: check the clock and the place before relying."""
        return (
            "The file does not match what was said. "
            + " ".join(self.gaps)
            + " Check the device's clock and where it was before you rely on the time or place."
        )


def span(gap: timedelta) -> str:
    """A gap in words: "3 hours 5 minutes", "40 seconds"."""
    seconds = int(abs(gap.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts[:2]) or f"{seconds} second{'s' if seconds != 1 else ''}"


def _offset_rows(view: MetadataView) -> list[tuple[str, str]]:
    """The clock offsets declared (with the file, and in the camera registry for the camera
    it came from) and which one the corrected time takes off."""
    offset = view.offset
    with_file = (
        clock_offset_words(offset.handed_over)
        if offset.handed_over is not None
        else "Not declared when it was handed over"
    )
    rows = [("Clock offset given with the file", with_file)]
    if offset.camera_label:
        rows.append(
            (
                "Clock offset in the camera registry",
                f"{clock_offset_words(offset.camera)} ({offset.camera_label})",
            )
        )
    applied = {
        "handed_over": "the offset given with the file",
        "camera": "the camera registry's offset",
        "": "none: the device's time is taken as it is",
    }[offset.source]
    rows.append(("Offset taken off the device's time", applied[0].upper() + applied[1:]))
    return rows


def _facts(metadata: ItemMetadata, view: MetadataView) -> GovUKSummaryList:
    size = f"{metadata.width} x {metadata.height}" if metadata.width and metadata.height else ""
    place = ""
    if view.location_shown:
        place = f"{metadata.latitude:.6f}, {metadata.longitude:.6f}"
        place += f" ({metadata.location_tag})" if metadata.location_tag else ""
    elif view.location_withheld:
        place = f"Given in the file, {view.location_withheld}"
    stamped = when(metadata.device_time)
    if stamped and metadata.device_time_tag:
        stamped += f" ({metadata.device_time_tag})"
    rows = [
        ("Container", metadata.container or "Not given"),
        ("Picture", ", ".join(filter(None, [metadata.video_codec, size])) or "None"),
        ("Sound", metadata.audio_codec or "None"),
        (
            "Length",
            f"{metadata.duration_seconds:.1f} seconds"
            if metadata.duration_seconds
            else "Not given",
        ),
        ("Frame rate", f"{metadata.frame_rate:g} a second" if metadata.frame_rate else "Not given"),
        ("Device's time", stamped or "Not given"),
        *_offset_rows(view),
        ("Device's time, corrected", when(view.corrected_time) or "Not given"),
        ("Device's location", place or "Not given"),
        (
            "Make and model",
            " ".join(filter(None, [metadata.device_make, metadata.device_model])) or "Not given",
        ),
        ("Read with", metadata.reader),
    ]
    return summary_list(rows)


def _comparison(view: MetadataView, item: EvidenceItem) -> tuple[GovUKTable | None, list[str]]:
    rows, gaps = [], []
    if item.claimed_capture_at is not None:
        gap = view.claimed_gap
        rows.append(
            (
                "Capture time given when handed over",
                when(item.claimed_capture_at),
                span(gap) if gap is not None else "No device time",
                "",
                "",
            )
        )
        if view.claimed_flag and gap is not None:
            gaps.append(f"The device's time is {span(gap)} from the capture time given.")
    for check in view.checks:
        report = check.report
        said = when(report.occurred_from)
        if report.occurred_to and report.occurred_to > report.occurred_from:
            said += f" to {when(report.occurred_to)}"
        distance = "Approximate place" if report.location_approximate else "No device location"
        if view.location_withheld and not report.location_approximate:
            distance = "Device location withheld"
        if check.distance_m is not None:
            distance = f"{check.distance_m:,.0f} m"
        rows.append(
            (
                f"Report {report.reference}",
                said,
                span(check.time_gap) if check.time_gap is not None else "No device time",
                f"{report.latitude:.6f}, {report.longitude:.6f}",
                distance,
            )
        )
        if check.time_flag and check.time_gap is not None:
            gaps.append(
                f"The device's time is {span(check.time_gap)} from the time in report "
                f"{report.reference}."
            )
        if check.place_flag and check.distance_m is not None:
            gaps.append(
                f"The device's location is {check.distance_m:,.0f} m from the place in report "
                f"{report.reference}."
            )
    if not rows:
        return None, gaps
    return (
        table(
            caption="Beside what was said",
            head=["What was said", "Time said", "Time gap", "Place said", "Distance"],
            rows=rows,
        ),
        gaps,
    )


def metadata_panel(request: LanternRequest, item: EvidenceItem) -> MetadataPanel:
    """The partial's context for the item's page (its original's metadata, for a copy)."""
    view = item_metadata(actor=request.actor, item=item)
    metadata = view.metadata
    if metadata is None:
        return MetadataPanel(status="not_read")
    if metadata.status != ItemMetadata.Status.READ:
        return MetadataPanel(status=str(metadata.status), problem=metadata.problem)
    original = item.parent if item.parent_id and item.parent else item
    comparison, gaps = _comparison(view, original)
    return MetadataPanel(
        status="read",
        facts=_facts(metadata, view),
        comparison=comparison,
        gaps=tuple(gaps),
        personal=metadata.personal_reason if metadata.personal else "",
    )
