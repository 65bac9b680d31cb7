"""The schedules of a case as the disclosure officer sees them: their lines, versions and
events, what the check page needs, and the PDFs (for pages and for the evidence bundles).

Only a holder of DISCLOSURE_MANAGE reaches them (403 otherwise), and only for a case they may
see through the cases app's permission layer (404 otherwise: case_get logs the read)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from lantern.cases import selectors as case_selectors
from lantern.cases.models import Case
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.disclosure import documents
from lantern.disclosure.models import DisclosureEvent, Line, Schedule, ScheduleVersion
from lantern.disclosure.rules import Readiness
from lantern.frontend.dates import format_date

SCHEDULE_ORDER = (Schedule.MG12, Schedule.MG6C, Schedule.MG6D)
RECIPIENTS = {
    "prosecution": (Schedule.MG6C, Schedule.MG6D, Schedule.MG12, documents.MG6E),
    # The MG6D is never disclosed to the defence (CPS Disclosure Manual, chapter 8). The
    # MG6E is the disclosure officer's report to the prosecutor, revealed with the schedules;
    # what goes to the defence is the prosecutor's decision, not a bundle's.
    "defence": (Schedule.MG6C, Schedule.MG12),
}


def _render(schedule: str, lines: list[dict[str, Any]], heading: documents.Heading) -> bytes:
    """The schedule's PDF; reportlab loads here, when a PDF is wanted, not in every web
    process."""
    from lantern.disclosure.pdf import render_pdf

    return render_pdf(schedule, lines, heading)


def disclosure_case(*, actor: Actor, case_id: uuid.UUID) -> Case:
    """The case, for a disclosure officer who may see it."""
    if not can(actor, Permission.DISCLOSURE_MANAGE):
        raise PermissionDenied("disclosure")
    return case_selectors.case_get(actor=actor, case_id=case_id)


def case_lines(*, case: Case) -> list[Line]:
    """The case's lines, by schedule (MG12, MG6C, MG6D), then in the order drafted."""
    lines = list(Line.objects.filter(case_id=case.pk).order_by("created_at", "source_kind"))
    return sorted(lines, key=lambda line: SCHEDULE_ORDER.index(Schedule(line.schedule)))


def line_get(*, actor: Actor, case: Case, line_id: uuid.UUID) -> Line:
    line = Line.objects.filter(case_id=case.pk, pk=line_id).first()
    if line is None:
        raise NotFound("line")
    return line


def line_sources(*, case: Case) -> set[tuple[str, uuid.UUID]]:
    return set(Line.objects.filter(case_id=case.pk).values_list("source_kind", "source_id"))


def latest_version(*, case: Case) -> ScheduleVersion | None:
    return ScheduleVersion.objects.filter(case_id=case.pk).order_by("-number").first()


def case_events(*, case: Case) -> list[DisclosureEvent]:
    return list(
        DisclosureEvent.objects.filter(case_id=case.pk)
        .select_related("version", "recorded_by")
        .order_by("created_at")
    )


def snapshot(lines: list[Line]) -> list[dict[str, Any]]:
    """The lines as a version freezes them: numbered consecutively within each schedule."""
    counters = dict.fromkeys(SCHEDULE_ORDER, 0)
    frozen = []
    for line in lines:
        schedule = Schedule(line.schedule)
        counters[schedule] += 1
        reason = line.get_sensitivity_display() if line.sensitivity else ""
        if reason and line.sensitivity_detail:
            reason = f"{reason}: {line.sensitivity_detail}"
        entry = {
            "line": str(line.pk),
            "schedule": str(schedule),
            "number": counters[schedule],
            "record_class": line.record_class,
            "reference": line.exhibit_reference,
            "description": line.description,
            "reason": reason,
        }
        if line.undermines:  # only when flagged: versions frozen before the MG6E still match
            entry["mg6e"] = line.undermines_reason
        frozen.append(entry)
    return frozen


def readiness(*, case: Case) -> Readiness:
    lines = case_lines(case=case)
    version = latest_version(case=case)
    revealed = version is not None and version.lines == snapshot(lines)
    return Readiness(
        lines=len(lines),
        unconfirmed=sum(1 for line in lines if not line.is_confirmed),
        revealed=revealed,
    )


def officer_name(actor: Actor) -> str:
    """The disclosure officer's own name, as printed on the schedules they make."""
    if actor.user_id is None:
        return actor.label
    name = (
        get_user_model()
        .objects.filter(pk=actor.user_id)
        .values_list("display_name", flat=True)
        .first()
    )
    return name or actor.label


def draft_pdf(*, actor: Actor, case: Case, schedule: str) -> bytes:
    """A schedule as drafted now, marked as a draft that has not been revealed."""
    heading = documents.Heading(
        case_reference=case.reference,
        version="Draft (not revealed)",
        officer=officer_name(actor),
        made_on="not revealed",
    )
    return _render(schedule, snapshot(case_lines(case=case)), heading)


def version_pdf(*, version: ScheduleVersion, case: Case, schedule: str) -> bytes:
    heading = documents.Heading(
        case_reference=case.reference,
        version=f"Version {version.number}",
        officer=version.made_by_name,
        made_on=format_date(version.created_at),
    )
    return _render(schedule, version.lines, heading)


def version_get(*, case: Case, number: int) -> ScheduleVersion:
    version = ScheduleVersion.objects.filter(case_id=case.pk, number=number).first()
    if version is None:
        raise NotFound("version")
    return version


def schedule_documents(*, actor: Actor, case: Case, recipient: str) -> list[tuple[str, bytes]]:
    """The schedules for a bundle, as (file name, PDF bytes): for "prosecution" the MG6C,
    MG6D, MG12 and the disclosure officer's report (MG6E), for "defence" the MG6C and MG12
    only, never the MG6D. They are the latest version revealed to the prosecutor; with none
    yet, a clear refusal."""
    if recipient not in RECIPIENTS:
        raise ValidationFailed({"recipient": ['Choose "prosecution" or "defence"']})
    case = disclosure_case(actor=actor, case_id=case.pk)
    version = latest_version(case=case)
    if version is None:
        raise ValidationFailed(
            {"schedules": ["The schedules have not been revealed to the prosecutor yet"]}
        )
    return [
        (documents.FILENAMES[schedule], version_pdf(version=version, case=case, schedule=schedule))
        for schedule in RECIPIENTS[recipient]
    ]


def revealed_schedules(actor: Actor, case_id: uuid.UUID, recipient: str) -> list[tuple[str, bytes]]:
    """The schedules a bundle carries (``schedule_documents``), or none when the case has no
    version revealed to the prosecutor yet or the actor may not see its disclosure."""
    try:
        case = disclosure_case(actor=actor, case_id=case_id)
        return schedule_documents(actor=actor, case=case, recipient=recipient)
    except (ValidationFailed, NotFound, PermissionDenied):
        return []


@dataclass(frozen=True)
class Exhibit:
    reference: str
    source_kind: str
    source_id: uuid.UUID
    description: str


def exhibits(*, actor: Actor, case: Case) -> list[Exhibit]:
    """The used material of a case (its MG12 lines), with their exhibit references."""
    case = disclosure_case(actor=actor, case_id=case.pk)
    return [
        Exhibit(line.exhibit_reference, line.source_kind, line.source_id, line.description)
        for line in case_lines(case=case)
        if line.schedule == Schedule.MG12
    ]


def case_counts(*, case_id: uuid.UUID) -> tuple[int, int, int]:
    """For the case page's panel (the case page has already checked the case): the number
    of lines, of lines not confirmed, and the latest version's number (0 for none)."""
    lines = Line.objects.filter(case_id=case_id)
    latest = ScheduleVersion.objects.filter(case_id=case_id).order_by("-number").first()
    return (
        lines.count(),
        lines.filter(confirmed_at__isnull=True).count(),
        latest.number if latest else 0,
    )
