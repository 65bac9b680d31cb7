"""The disclosure pages of a case: its schedules (drafting from the record), one line to
change and confirm, the check pages before recording revelation and disclosure, and the
PDFs. Thin: selectors read, services write."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from lantern.core.decorators import found, require_permission
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.disclosure import forms, selectors, services, wording
from lantern.disclosure.documents import MG6E, TITLES
from lantern.disclosure.models import DisclosureEvent, Line, Schedule
from lantern.frontend.components import summary_list, table
from lantern.frontend.dates import format_date, format_datetime
from lantern.frontend.forms import errors_to_form

P = Permission


def _line_row(case_id: uuid.UUID, line: Line) -> list[object]:
    change = format_html(
        '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> {}</span></a>',
        reverse("disclosure:line", args=[case_id, line.pk]),
        line.description[:60],
    )
    status = "Confirmed" if line.is_confirmed else "To confirm"
    if line.undermines:
        status += ", flagged on the MG6E"
    reason = line.get_sensitivity_display() if line.sensitivity else ""
    return [
        line.exhibit_reference,
        line.description,
        line.get_record_class_display(),
        reason,
        status,
        change,
    ]


def _tables(case_id: uuid.UUID, lines: list[Line]) -> list[Any]:
    tables = []
    for schedule in selectors.SCHEDULE_ORDER:
        mine = [line for line in lines if line.schedule == schedule]
        tables.append(
            {
                "schedule": schedule,
                "count": len(mine),
                "table": table(
                    caption=TITLES[schedule],
                    head=["Exhibit", "Description", "Record", "Why sensitive", "Status", ""],
                    rows=[_line_row(case_id, line) for line in mine],
                    html_columns=frozenset({5}),
                ),
            }
        )
    return tables


def _pdf_links(case_id: uuid.UUID, version: int | None) -> list[tuple[str, str]]:
    base = reverse("disclosure:pdf", args=[case_id])
    suffix = f"&version={version}" if version else ""
    return [
        (TITLES[schedule], f"{base}?schedule={schedule}{suffix}")
        for schedule in (Schedule.MG6C, Schedule.MG6D, Schedule.MG12, MG6E)
    ]


@require_permission(P.DISCLOSURE_MANAGE)
@found
def case_disclosure(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case's material on its schedules; POST drafts lines for material not yet on one."""
    case = selectors.disclosure_case(actor=request.actor, case_id=case_id)
    if request.method == "POST":
        added = services.schedule_draft(actor=request.actor, case_id=case.pk)
        messages.success(request, f"Schedules drafted from the record: {added} new lines")
        return redirect("disclosure:case", case.pk)
    material = selectors.case_material(actor=request.actor, case=case)
    lines = selectors.case_lines(case=case)
    scheduled = selectors.line_sources(case=case)
    version = selectors.latest_version(case=case)
    events = selectors.case_events(case=case)
    return render(
        request,
        "disclosure/case.html",
        {
            "case": case,
            "lines": lines,
            "tables": _tables(case.pk, lines),
            "not_scheduled": sum(
                1 for m in material.items if (m.source_kind, m.source_id) not in scheduled
            ),
            "unseen_safeguarding": material.unseen_safeguarding,
            "readiness": selectors.readiness(case=case),
            "version": version,
            "draft_links": _pdf_links(case.pk, None),
            "version_links": _pdf_links(case.pk, version.number) if version else [],
            "events": table(
                caption="Revelation and disclosure",
                head=["Event", "Date", "Version", "Recorded by", "Recorded at"],
                rows=[
                    [
                        e.get_kind_display(),
                        format_date(e.happened_on),
                        str(e.version.number),
                        str(e.recorded_by),
                        format_datetime(e.created_at),
                    ]
                    for e in events
                ],
            ),
            "has_events": bool(events),
            "law": [
                wording.CODE_PURPOSE,
                wording.RELEVANT_MATERIAL,
                wording.MG6C,
                wording.MG6D,
                wording.MG6E,
            ],
            "back_url": reverse("cases:case", args=[case.pk]),
            "back_text": "Back to the case",
        },
    )


def _line_initial(line: Line) -> dict[str, Any]:
    return {
        "schedule": line.schedule,
        "description": line.description,
        "sensitivity": line.sensitivity,
        "sensitivity_detail": line.sensitivity_detail,
        "undermines": line.undermines,
        "undermines_reason": line.undermines_reason,
    }


@require_permission(P.DISCLOSURE_MANAGE)
@found
def line_edit(request: LanternRequest, case_id: uuid.UUID, line_id: uuid.UUID) -> HttpResponse:
    """Change where a line goes and how it reads, and confirm it."""
    case = selectors.disclosure_case(actor=request.actor, case_id=case_id)
    line = selectors.line_get(actor=request.actor, case=case, line_id=line_id)
    form = forms.LineForm(request.POST or None, initial=_line_initial(line))
    refusal: RuleRefused | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.line_update(
                actor=request.actor,
                case_id=case.pk,
                line_id=line.pk,
                confirm="confirm" in request.POST,
                **form.cleaned_data,
            )
        except RuleRefused as exc:
            refusal = exc
            errors_to_form(form, ValidationFailed(exc.fields or {"__all__": [exc.message]}))
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            done = "confirmed" if "confirm" in request.POST else "saved, not confirmed"
            messages.success(request, f"Line {done}")
            return redirect("disclosure:case", case.pk)
    return render(
        request,
        "disclosure/line.html",
        {
            "case": case,
            "line": line,
            "form": form,
            "refusal": refusal,
            "summary": summary_list(
                [
                    ("Record", line.get_record_class_display()),
                    ("Exhibit reference", line.exhibit_reference or "None in this case"),
                    ("Status", "Confirmed" if line.is_confirmed else "Not confirmed"),
                ]
            ),
            "back_url": reverse("disclosure:case", args=[case.pk]),
            "back_text": "Back to disclosure",
        },
    )


@dataclass(frozen=True)
class Step:
    title: str
    button: str
    record: Callable[..., DisclosureEvent]
    schedules: tuple[Schedule, ...]
    law: tuple[str, ...]


_STEPS = {
    DisclosureEvent.Kind.REVELATION: Step(
        title="Record revelation to the prosecutor",
        button="Record revelation",
        record=services.revelation_record,
        schedules=(Schedule.MG6C, Schedule.MG6D, Schedule.MG12),
        law=(wording.CODE_PURPOSE, wording.MG6E, wording.SECTION_3),
    ),
    DisclosureEvent.Kind.DISCLOSURE: Step(
        title="Record disclosure to the defence",
        button="Record disclosure",
        record=services.disclosure_record,
        schedules=(Schedule.MG6C, Schedule.MG12),
        law=(wording.MG6C, wording.MG6D, wording.SECTION_7A),
    ),
}


def _event_page(request: LanternRequest, case_id: uuid.UUID, kind: str) -> HttpResponse:
    step = _STEPS[DisclosureEvent.Kind(kind)]
    case = selectors.disclosure_case(actor=request.actor, case_id=case_id)
    lines = selectors.case_lines(case=case)
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step.record(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except RuleRefused as exc:
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, step.title.replace("Record", "Recorded"))
            return redirect("disclosure:case", case.pk)
    counts = [
        (TITLES[s], f"{sum(1 for line in lines if line.schedule == s)} lines")
        for s in step.schedules
    ]
    if kind == DisclosureEvent.Kind.REVELATION:
        counts.append((TITLES[MG6E], f"{sum(1 for line in lines if line.undermines)} flagged"))
    readiness = selectors.readiness(case=case)
    return render(
        request,
        "disclosure/event.html",
        {
            "case": case,
            "form": form,
            "title": step.title,
            "button": step.button,
            "summary": summary_list([*counts, ("Lines not confirmed", str(readiness.unconfirmed))]),
            "withheld": kind == DisclosureEvent.Kind.DISCLOSURE,
            "law": step.law,
            "back_url": reverse("disclosure:case", args=[case.pk]),
            "back_text": "Back to disclosure",
        },
    )


@require_permission(P.DISCLOSURE_MANAGE)
@found
def reveal(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    return _event_page(request, case_id, DisclosureEvent.Kind.REVELATION)


@require_permission(P.DISCLOSURE_MANAGE)
@found
def disclose(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    return _event_page(request, case_id, DisclosureEvent.Kind.DISCLOSURE)


@require_permission(P.DISCLOSURE_MANAGE)
@found
def schedule_pdf(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    """One schedule as a PDF: ?schedule=mg6c|mg6d|mg12 (or mg6e, the disclosure officer's
    report), and &version=N for a revealed one."""
    version = request.GET.get("version", "")
    if version and not version.isdigit():
        raise Http404
    try:
        name, content = services.schedule_download(
            actor=request.actor,
            case_id=case_id,
            schedule=request.GET.get("schedule", ""),
            version_number=int(version) if version else None,
        )
    except ValidationFailed:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
