"""What the redaction pages show: the editor's context (the frame viewer, suggestions, boxes,
muted sound, forms and progress) and the rows of a redaction log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from lantern.core.http import LanternRequest
from lantern.evidence.redaction.forms import DrawForm, FrameForm, MuteForm, RegionForm
from lantern.evidence.redaction.geometry import box_at
from lantern.evidence.redaction.models import Redaction, RedactionSuggestion
from lantern.frontend.components import summary_list
from lantern.frontend.dates import format_datetime


@dataclass(frozen=True)
class Row:
    record: Any
    words: str
    button: str = ""
    other_button: str = ""


def _hidden(visible: str, hidden: str) -> str:
    """A button's words, with what it acts on for screen readers."""
    return format_html('{}<span class="govuk-visually-hidden"> {}</span>', visible, hidden)


def seconds(value: float) -> str:
    return f"{value:.2f} seconds"


def describe(label: str, start: float, end: float, keyframes: list, is_video: bool) -> str:
    """A box in words: what it covers, where, and when (and where it moves to)."""
    first = box_at(keyframes, start)
    where = f"{first.w} by {first.h} pixels at x {first.x}, y {first.y}"
    if not is_video:
        return where
    text = f"{where}, from {seconds(start)} to {seconds(end)}"
    if len(keyframes) > 1:
        last = box_at(keyframes, end)
        text += f", moving to x {last.x}, y {last.y} ({last.w} by {last.h} pixels)"
    return text


def _frame_time(redaction: Redaction, frame_form: FrameForm | None) -> float:
    if frame_form is not None and frame_form.is_valid():
        return min(frame_form.cleaned_data["at"], redaction.seconds)
    return 0.0


def editor_context(
    request: LanternRequest,
    redaction: Redaction,
    *,
    region_form: RegionForm | None = None,
    mute_form: MuteForm | None = None,
    frame_form: FrameForm | None = None,
) -> dict[str, Any]:
    at = _frame_time(redaction, frame_form)
    step = 1.0
    regions = [
        Row(r, describe(r.get_label_display(), r.start, r.end, r.keyframes, redaction.is_video),
            _hidden("Take off", f"box {n}"))
        for n, r in enumerate(redaction.regions.all(), 1)
    ]  # fmt: skip
    suggestions = [
        Row(s, describe(s.get_label_display(), s.start, s.end, s.keyframes, redaction.is_video),
            _hidden("Accept", f"suggestion {n}"), _hidden("Reject", f"suggestion {n}"))
        for n, s in enumerate(
            redaction.suggestions.filter(decision=RedactionSuggestion.Decision.PENDING), 1
        )
    ]  # fmt: skip
    mutes = [
        Row(m, f"From {m.start:.2f} to {m.end:.2f} seconds",
            _hidden("Unmute", f"from {m.start:.2f} to {m.end:.2f} seconds"))
        for m in redaction.mutes.all()
    ]  # fmt: skip
    decided = redaction.suggestions.exclude(decision=RedactionSuggestion.Decision.PENDING)
    frame_url = reverse("evidence:redaction-frame", args=[redaction.pk])
    return {
        "redaction": redaction,
        "item": redaction.item,
        "at": at,
        "at_text": seconds(at),
        "frame_src": f"{frame_url}?at={at:.3f}",
        "earlier_at": f"{max(0.0, at - step):.2f}" if at > 0 else None,
        "later_at": f"{min(redaction.seconds, at + step):.2f}" if at < redaction.seconds else None,
        "frame_form": frame_form or FrameForm(initial={"at": f"{at:.2f}"}),
        "regions": regions,
        "suggestions": suggestions,
        "decided": decided.count(),
        "mutes": mutes,
        "region_form": region_form or RegionForm(is_video=redaction.is_video),
        "mute_form": mute_form or MuteForm(),
        "summary": summary(redaction),
        "searching": redaction.search == Redaction.Search.SEARCHING,
        "rendering": redaction.status == Redaction.Status.RENDERING,
        "progress": progress_of(redaction),
        "draw_form": DrawForm(prefix="draw") if redaction.is_video else None,
        "log": log_rows(redaction),
    }


def progress_of(redaction: Redaction) -> dict[str, Any]:
    """The redacted copy's progress in words and as a percentage (the status region)."""
    status = redaction.status
    if status == Redaction.Status.RENDERING:
        words = f"Making the redacted copy: {redaction.progress}% done."
    elif status == Redaction.Status.DONE:
        words = "The redacted copy is made."
    elif status == Redaction.Status.FAILED:
        words = "The redacted copy could not be made."
    else:
        words = "The redacted copy has not been asked for."
    return {"status": str(status), "progress": redaction.progress, "words": words}


def summary(redaction: Redaction) -> Any:
    rows = [
        ("Status", redaction.get_status_display()),
        ("Why", redaction.reason),
        ("Boxes", redaction.get_style_display()),
        ("Picture", f"{redaction.width} pixels wide, {redaction.height} pixels high"),
    ]
    if redaction.is_video:
        rows.append(
            (
                "Length",
                f"{seconds(redaction.seconds)}, {redaction.frame_count} frames "
                f"({redaction.frame_rate:g} a second)",
            )
        )
        rows.append(("Sound", "Yes" if redaction.has_sound else "No"))
    rows.append(("Started", format_datetime(redaction.created_at)))
    return summary_list(rows)


def log_rows(redaction: Redaction) -> Any:
    """The redaction log as a summary list: each box with the frames it obscured."""
    log = redaction.log or {}
    if not log:
        return None
    rows = [
        ("Original SHA-256", log.get("original_sha256", "")),
        ("Redacted copy SHA-256", log.get("copy_sha256", "")),
        ("Why", log.get("reason", "")),
    ]
    for n, region in enumerate(log.get("regions", []), 1):
        frames = region.get("frames_obscured", {})
        where = (
            f"frames {frames['first']} to {frames['last']} ({frames['count']} frames)"
            if frames.get("count")
            else "no frames"
        )
        rows.append((f"Box {n} ({region['label']})", f"Obscured in {where}"))
    for n, mute in enumerate(log.get("mutes", []), 1):
        rows.append((f"Muted sound {n}", f"{seconds(mute['start'])} to {seconds(mute['end'])}"))
    if log.get("stopped"):
        rows.append(("Stopped early", log["stopped"]))
    return summary_list(rows)
