"""The subject access pages: the list, recording a request, the request (its clock, the
search, what was found), stopping and restarting the clock, an extension, the review of one
record, the release and the response's downloads. Thin: selectors read, services write."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import summary_list, table
from lantern.frontend.dates import format_date, format_datetime
from lantern.frontend.forms import errors_to_form
from lantern.subjectaccess import forms, selectors, services
from lantern.subjectaccess.deadlines import IDENTITY
from lantern.subjectaccess.models import (
    Decision,
    FoundRecord,
    PauseKind,
    Status,
    SubjectAccessRequest,
)

P = Permission
manage = require_permission(P.SUBJECT_ACCESS_MANAGE)


def found(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A request the actor may not see is a 404; a step they may not take, a 403."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


def _refused(form: Any, exc: RuleRefused) -> None:
    errors_to_form(form, ValidationFailed(exc.fields or {"__all__": [exc.message]}))


def _clock_text(sar: SubjectAccessRequest) -> str:
    line = selectors.deadline_of(sar)
    if sar.status == Status.RELEASED:
        return f"Answered on {format_date(sar.released_at)}"
    if line.stopped:
        why = "identity is checked" if line.stopped_for == IDENTITY else "the request is clarified"
        return f"Stopped while {why}"
    return f"Due by {format_date(line.respond_by)}"


@manage
@found
def request_list(request: LanternRequest) -> HttpResponse:
    sars = list(selectors.sar_list(actor=request.actor).prefetch_related("pauses"))
    rows = [
        [
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("subjectaccess:detail", args=[s.pk]),
                s.reference,
            ),
            format_date(s.received_on),
            s.get_regime_display(),
            s.get_status_display(),
            _clock_text(s),
        ]
        for s in sars
    ]
    return render(
        request,
        "subjectaccess/list.html",
        {
            "count": len(sars),
            "table": table(
                caption="Subject access requests",
                caption_hidden=True,
                head=["Reference", "Received", "Law", "Status", "Time limit"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
        },
    )


@manage
@found
def request_new(request: LanternRequest) -> HttpResponse:
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {k: "" if v is None else v for k, v in form.cleaned_data.items()}
        data["subject_date_of_birth"] = form.cleaned_data["subject_date_of_birth"]
        try:
            sar = services.request_record(actor=request.actor, data=services.RequestInput(**data))
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"Request {sar.reference} recorded")
            return redirect("subjectaccess:detail", sar.pk)
    return render(
        request,
        "subjectaccess/new.html",
        {
            "form": form,
            "back_url": reverse("subjectaccess:list"),
            "back_text": "Back to subject access requests",
        },
    )


def _summary(sar: SubjectAccessRequest) -> Any:
    line = selectors.deadline_of(sar)
    rows: list[tuple[str, object]] = [
        ("Law", sar.get_regime_display()),
        ("Received on", format_date(sar.received_on)),
        ("Requester", sar.requester_name),
        ("Send the response to", sar.requester_contact),
        ("Identity", sar.get_identity_check_display()),
        ("About", sar.subject_name),
        ("Date of birth", format_date(sar.subject_date_of_birth) or "Not given"),
        ("Time limit", _clock_text(sar)),
    ]
    if line.due_on and line.respond_by != line.due_on:
        rows.append(("Statutory date", f"{format_date(line.due_on)} (not a working day)"))
    if line.days_not_counted:
        rows.append(("Days not counted (clarification)", str(line.days_not_counted)))
    if sar.extension_months:
        rows.append(
            (
                "Extension",
                f"{sar.extension_months} further month(s), notice given on"
                f" {format_date(sar.extension_noticed_on)}",
            )
        )
    return summary_list(rows)


def _found_rows(sar: SubjectAccessRequest, records: list[FoundRecord]) -> list[list[object]]:
    rows: list[list[object]] = []
    for f in records:
        status = f.get_decision_display()
        if f.decision == Decision.EXEMPT:
            status = f"Withheld: {f.get_exemption_display()}"
        elif f.decision == Decision.GIVE and f.redacted:
            status = f"Give, {len(f.redacted)} item(s) removed"
        link = format_html(
            '<a class="govuk-link" href="{}">Review<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("subjectaccess:review", args=[sar.pk, f.pk]),
            f.title,
        )
        rows.append([f.title, f.reference, f.why, status, link])
    return rows


@manage
@found
def request_detail(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    sar = selectors.sar_get(actor=request.actor, request_id=request_id)
    records = selectors.found_records(sar=sar)
    pause = selectors.open_pause(sar)
    return render(
        request,
        "subjectaccess/detail.html",
        {
            "sar": sar,
            "summary": _summary(sar),
            "pause": pause,
            "open": sar.status == Status.OPEN,
            "searched": format_datetime(sar.searched_at),
            "records": records,
            "undecided": sum(1 for f in records if not f.decision),
            "found": table(
                caption="What Lantern holds on them",
                head=["Record", "Reference", "Why it was found", "Decision", ""],
                rows=_found_rows(sar, records),
                html_columns=frozenset({4}),
            ),
            "back_url": reverse("subjectaccess:list"),
            "back_text": "Back to subject access requests",
        },
    )


@manage
@found
def clock(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    """Stop the clock (no pause open) or restart it (one open)."""
    sar = selectors.sar_get(actor=request.actor, request_id=request_id)
    pause = selectors.open_pause(sar)
    form: forms.StopForm | forms.RestartForm
    form = (
        forms.RestartForm(request.POST or None) if pause else forms.StopForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if pause:
                services.clock_restart(actor=request.actor, request_id=sar.pk, **form.cleaned_data)
            else:
                services.clock_stop(actor=request.actor, request_id=sar.pk, **form.cleaned_data)
        except RuleRefused as exc:
            _refused(form, exc)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Clock restarted" if pause else "Clock stopped")
            return redirect("subjectaccess:detail", sar.pk)
    return render(
        request,
        "subjectaccess/clock.html",
        {
            "sar": sar,
            "form": form,
            "pause": pause,
            "identity": pause is not None and pause.kind == PauseKind.IDENTITY,
            "back_url": reverse("subjectaccess:detail", args=[sar.pk]),
            "back_text": "Back to the request",
        },
    )


@manage
@found
def extend(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    sar = selectors.sar_get(actor=request.actor, request_id=request_id)
    form = forms.ExtensionForm(request.POST or None)
    refusal: RuleRefused | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_record(actor=request.actor, request_id=sar.pk, **form.cleaned_data)
        except RuleRefused as exc:
            refusal = exc
            _refused(form, exc)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Extension recorded")
            return redirect("subjectaccess:detail", sar.pk)
    first = selectors.deadline_of(sar).first_month_ends
    return render(
        request,
        "subjectaccess/extend.html",
        {
            "sar": sar,
            "form": form,
            "refusal": refusal,
            "first_month_ends": format_date(first) if first else "",
            "back_url": reverse("subjectaccess:detail", args=[sar.pk]),
            "back_text": "Back to the request",
        },
    )


@manage
@require_POST
@found
def search(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    try:
        counts = services.search_run(actor=request.actor, request_id=request_id)
    except RuleRefused as exc:
        messages.error(request, exc.message)
    else:
        total = sum(counts.values())
        messages.success(
            request,
            f"Lantern searched: {total} record(s) found"
            if total
            else "Lantern searched: it holds nothing on this person. The answer is recorded.",
        )
    return redirect("subjectaccess:detail", request_id)


@manage
@found
def review(request: LanternRequest, request_id: uuid.UUID, found_id: uuid.UUID) -> HttpResponse:
    sar = selectors.sar_get(actor=request.actor, request_id=request_id)
    record = selectors.found_get(sar=sar, found_id=found_id)
    initial = {
        "decision": record.decision or None,
        "redacted": record.redacted,
        "exemption": record.exemption or None,
        "exemption_reason": record.exemption_reason,
    }
    form = forms.ReviewForm(request.POST or None, initial=initial, items=record.items)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(
                actor=request.actor, request_id=sar.pk, found_id=record.pk, **form.cleaned_data
            )
        except RuleRefused as exc:
            _refused(form, exc)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"Decision recorded: {record.title}")
            return redirect("subjectaccess:detail", sar.pk)
    return render(
        request,
        "subjectaccess/review.html",
        {
            "sar": sar,
            "record": record,
            "form": form,
            "summary": summary_list(
                [
                    ("Reference", record.reference or "None"),
                    ("Why it was found", record.why),
                    ("Recorded on", format_date(record.recorded_on)),
                ]
            ),
            "back_url": reverse("subjectaccess:detail", args=[sar.pk]),
            "back_text": "Back to the request",
        },
    )


@manage
@found
def release(request: LanternRequest, request_id: uuid.UUID) -> HttpResponse:
    sar = selectors.sar_get(actor=request.actor, request_id=request_id)
    refusal: RuleRefused | None = None
    form = forms.ReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_release(actor=request.actor, request_id=sar.pk)
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, f"{exc.message} (Source: {exc.source}.)")
        else:
            messages.success(request, "Response released")
            return redirect("subjectaccess:detail", sar.pk)
    records = selectors.found_records(sar=sar)
    counts = {d: sum(1 for f in records if f.decision == d) for d in Decision.values}
    return render(
        request,
        "subjectaccess/release.html",
        {
            "sar": sar,
            "refusal": refusal,
            "form": form,
            "summary": summary_list(
                [
                    ("Records to give", str(counts[Decision.GIVE])),
                    ("Withheld under an exemption", str(counts[Decision.EXEMPT])),
                    ("Left out: not about them", str(counts[Decision.NOT_THEM])),
                    ("Not reviewed yet", str(counts[Decision.UNDECIDED])),
                    (
                        "Items removed as about someone else",
                        str(sum(len(f.redacted) for f in records)),
                    ),
                ]
            ),
            "back_url": reverse("subjectaccess:detail", args=[sar.pk]),
            "back_text": "Back to the request",
        },
    )


@manage
@found
def download(request: LanternRequest, request_id: uuid.UUID, fmt: str) -> HttpResponse:
    try:
        content = services.response_download(actor=request.actor, request_id=request_id, fmt=fmt)
    except ValidationFailed:
        raise Http404 from None
    sar = selectors.sar_get(actor=request.actor, request_id=request_id)
    kind = "application/pdf" if fmt == "pdf" else "application/json"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
