"""Triage for officers: the filtered list, one report with its possible duplicates, and the
actions (assign, status, public update or internal note, mark duplicate). Safeguarding-queue
reports reach only safeguarding leads and supervisors: the selectors enforce it."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import describe
from lantern.frontend.components import summary_list, table
from lantern.frontend.keyset import keyset_page
from lantern.frontend.panels import Page, panels_for
from lantern.reports import selectors, services
from lantern.reports.forms import (
    LONDON,
    AssignForm,
    DuplicateForm,
    FindForm,
    ShareForm,
    StatusForm,
    TriageFilterForm,
    UpdateForm,
    WithdrawShareForm,
)
from lantern.reports.models import Report
from lantern.reports.open311 import selectors as open311_selectors
from lantern.reports.views.client_updates import client_status, sent_when
from lantern.reports.views.resident import _status_label, _when
from lantern.reports.views.sharing import share_context


def _filters(form: TriageFilterForm) -> selectors.TriageFilters:
    if not form.is_valid():
        return selectors.TriageFilters()
    c = form.cleaned_data
    after = c.get("occurred_after")
    before = c.get("occurred_before")
    return selectors.TriageFilters(
        category=c.get("category") or "",
        status=c.get("status") or "",
        queue=c.get("queue") or "",
        occurred_after=datetime.combine(after, time(0), tzinfo=LONDON) if after else None,
        occurred_before=(
            datetime.combine(before + timedelta(days=1), time(0), tzinfo=LONDON) if before else None
        ),
        bbox=c.get("box"),
        area_id=c.get("area"),
        assigned_to_me=bool(c.get("assigned_to_me")),
    )


COUNT_UP_TO = 1000


@require_permission(Permission.REPORT_VIEW)
def report_list(request: LanternRequest) -> HttpResponse:
    categories = list(selectors.category_list(include_inactive=True))
    areas = selectors.triage_areas(actor=request.actor)
    form = TriageFilterForm(request.GET or None, categories=categories, areas=areas)
    reports = selectors.report_list(actor=request.actor, filters=_filters(form))
    # Keyset pages, newest first, and a count that stops at COUNT_UP_TO: a borough holds a
    # million reports, and neither an offset nor a full count may cost more as they grow.
    page = keyset_page(reports, query=request.GET)
    count = reports[: COUNT_UP_TO + 1].count()
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("reports:triage-detail", args=[r.pk]),
                r.reference,
            ),
            _when(r.occurred_from),
            r.category.name,
            r.get_status_display(),
            r.get_queue_display(),
            r.assigned_to.display_name if r.assigned_to else "",
            r.where,
        )
        for r in page.items
    ]
    return render(
        request,
        "reports/triage_list.html",
        {
            "form": form,
            "count": min(count, COUNT_UP_TO),
            "more": count > COUNT_UP_TO,
            "table": table(
                caption="Reports, newest first",
                caption_hidden=True,
                head=["Reference", "Happened", "Category", "Status", "Queue", "Assigned", "Place"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": page.pagination,
            "find_form": FindForm(auto_id="find-%s"),
        },
    )


def _get(request: LanternRequest, report_id: uuid.UUID) -> Report:
    try:
        return selectors.report_get(actor=request.actor, report_id=report_id)
    except NotFound:
        raise Http404 from None


def _place_rows(report: Report) -> list[tuple[str, object]]:
    place = f"{report.latitude:.5f}, {report.longitude:.5f}"
    if report.location_approximate:
        place = "No map pin: only the address was given"
    return [
        ("Street", report.place_name or "No street known near the map point"),
        ("Address", report.address or "Not given"),
        ("Map point", place),
        ("Description", report.description),
    ]


def _answer_rows(report: Report) -> list[tuple[str, object]]:
    """What the category asks about: people, vehicles and its own questions."""
    rows: list[tuple[str, object]] = []
    if report.category.asks_about_people:
        rows.append(("People", report.people_description or "Not given"))
    vehicles = ", ".join(describe(v.registration, partial=v.partial) for v in report.vehicles.all())
    if report.category.asks_about_vehicles:
        rows.append(("Vehicles", vehicles or "None given"))
    labels = {"yes": "Yes", "no": "No"}
    for q in report.category.extra_questions:
        answer = report.answers.get(q["code"], "")
        rows.append((q["question"], labels.get(answer, answer) or "Not answered"))
    return rows


def _contact_rows(report: Report) -> list[tuple[str, object]]:
    if report.anonymous and report.contact == Report.Contact.NONE:
        return [("Contact", "Anonymous")]
    rows: list[tuple[str, object]] = [("Contact", report.get_contact_display())]
    for label, value in (
        ("Name", report.contact_name),
        ("Email", report.contact_email),
        ("Phone", report.contact_phone),
    ):
        if value:
            rows.append((label, value))
    return rows


def _details(report: Report, *, contact: bool) -> Any:
    rows: list[tuple[str, object]] = [
        ("Reference", report.reference),
        ("Partnership", report.partnership.name),
        ("Category", report.category.name),
        ("Queue", report.get_queue_display()),
        ("Status", report.get_status_display()),
        ("Assigned to", report.assigned_to.display_name if report.assigned_to else "Nobody"),
        ("Happened", _when(report.occurred_from)),
    ]
    if report.occurred_to:
        rows.append(("Until", _when(report.occurred_to)))
    rows += _place_rows(report) + _answer_rows(report)
    if report.duplicate_of:
        rows.append(("Duplicate of", report.duplicate_of.reference))
    if report.continues_id:
        rows.append(("Still happening", f"Happened again: follows report {report.continues}"))
    rows.append(("Received", f"{_when(report.created_at)} ({report.get_source_display()})"))
    if contact:
        rows += _contact_rows(report)
    return summary_list(rows)


@require_permission(Permission.REPORT_VIEW)
def report_detail(request: LanternRequest, report_id: uuid.UUID, **forms: Any) -> HttpResponse:
    actor = request.actor
    report = _get(request, report_id)
    may_triage = can(actor, Permission.REPORT_TRIAGE, report)
    timeline = selectors.report_timeline(actor=actor, report=report)
    duplicates = selectors.possible_duplicates(actor=actor, report=report) if may_triage else []
    history = table(
        caption="Status history",
        head=["When", "From", "To"],
        rows=[
            (
                _when(c.created_at),
                _status_label(c.from_status) if c.from_status else "",
                _status_label(c.to_status),
            )
            for c in timeline.status_changes
        ],
    )
    assignee = str(report.assigned_to_id) if report.assigned_to_id else ""
    client_updates = [
        (
            sent_when(u),
            u.client.name,
            client_status(u.status),
            u.description,
            u.media_url,
        )
        for u in open311_selectors.updates_received(actor=actor, report=report)
    ]
    context = {
        "report": report,
        "details": _details(report, contact=may_triage),
        "history": history,
        "updates": [(_when(u.created_at), u.text) for u in timeline.public_updates],
        "notes": [(_when(n.created_at), n.text) for n in timeline.internal_notes],
        "client_updates": client_updates,
        "from_open311": report.source == Report.Source.OPEN311,
        "may_triage": may_triage,
        "may_update": can(actor, Permission.REPORT_UPDATE_PUBLIC, report),
        # "Create intelligence from this" (the intelligence app's form): a report naming a
        # vehicle is a sighting, whose registrations the form offers to mention.
        "intelligence_origin": (
            ("sighting" if report.vehicles.exists() else "report")
            if can(actor, Permission.INTELLIGENCE_RECORD)
            else ""
        ),
        # "Still happening": the other incidents of this report's series.
        "series": [
            (reverse("reports:triage-detail", args=[r.pk]), r.reference, _when(r.occurred_from))
            for r in selectors.report_continuations(actor=actor, report=report)
        ],
        "statement_url": reverse("evidence:statement-start-report", args=[report.pk])
        if can(actor, Permission.STATEMENT_MAKE)
        else "",
        "duplicates": [(other, metres, _when(other.occurred_from)) for other, metres in duplicates],
        "assign_form": forms.get("assign_form")
        or AssignForm(
            initial={"assignee": assignee},
            people=selectors.assignable_people(actor=actor) if may_triage else [],
        ),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": report.status}),
        "update_form": forms.get("update_form") or UpdateForm(),
        "duplicate_form": forms.get("duplicate_form") or DuplicateForm(),
        "error_form": forms.get("error_form"),
        **share_context(actor, report, forms.get("share_form")),
        # What was handed over with the report (the evidence app's panel).
        "panels": panels_for(request, Page.REPORT, report_id=report.pk),
    }
    status = 400 if forms.get("error_form") else 200
    return render(request, "reports/triage_detail.html", context, status=status)


def _act(
    request: LanternRequest, report_id: uuid.UUID, form_key: str, form, action
) -> HttpResponse:
    """Run a triage action; on bad input show the page again with the form's errors."""
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except ValidationFailed as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(None if field not in form.fields else field, error)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        else:
            messages.success(request, message)
            return redirect("reports:triage-detail", report_id=report_id)
    return report_detail(request, report_id, **{form_key: form, "error_form": form})


@require_POST
@require_permission(Permission.REPORT_TRIAGE)
def assign(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    _get(request, report_id)
    form = AssignForm(request.POST, people=selectors.assignable_people(actor=request.actor))

    def action(c: dict[str, Any]) -> str:
        assignee = uuid.UUID(c["assignee"]) if c.get("assignee") else None
        services.report_assign(actor=request.actor, report_id=report_id, assignee_id=assignee)
        return "Report assigned" if assignee else "Report unassigned"

    return _act(request, report_id, "assign_form", form, action)


@require_POST
@require_permission(Permission.REPORT_TRIAGE)
def set_status(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    form = StatusForm(request.POST)

    def action(c: dict[str, Any]) -> str:
        services.report_set_status(actor=request.actor, report_id=report_id, status=c["status"])
        return "Status changed"

    return _act(request, report_id, "status_form", form, action)


@require_POST
@require_permission(Permission.REPORT_VIEW)
def add_update(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    form = UpdateForm(request.POST)

    def action(c: dict[str, Any]) -> str:
        if c["kind"] == UpdateForm.KIND_PUBLIC:
            services.report_add_public_update(
                actor=request.actor, report_id=report_id, text=c["text"]
            )
            return "Public update added: the person who reported it can see it"
        services.report_add_internal_note(actor=request.actor, report_id=report_id, text=c["text"])
        return "Internal note added"

    return _act(request, report_id, "update_form", form, action)


@require_POST
@require_permission(Permission.REPORT_TRIAGE)
def mark_duplicate(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    form = DuplicateForm(request.POST)

    def action(c: dict[str, Any]) -> str:
        try:
            original = selectors.report_get_by_reference(
                actor=request.actor, reference_text=c["original"]
            )
        except NotFound:
            raise ValidationFailed({"original": ["No report has that reference"]}) from None
        services.report_mark_duplicate(
            actor=request.actor, report_id=report_id, original_id=original.pk
        )
        return f"Marked as a duplicate of {original.reference}"

    return _act(request, report_id, "duplicate_form", form, action)


@require_POST
@require_permission(Permission.REPORT_TRIAGE)
def share(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    report = _get(request, report_id)
    form = ShareForm(
        request.POST,
        partnerships=selectors.share_partnerships(report=report),
        auto_id="share-%s",
    )

    def action(c: dict[str, Any]) -> str:
        shared = services.report_share(
            actor=request.actor,
            report_id=report_id,
            to_partnership_id=c["partnership"],
            reason=c["reason"],
        )
        return f"Report shared with {shared.partnership.name}"

    return _act(request, report_id, "share_form", form, action)


@require_POST
@require_permission(Permission.REPORT_TRIAGE)
def withdraw_share(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    form = WithdrawShareForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        withdrawn = services.report_share_withdraw(
            actor=request.actor, report_id=report_id, share_id=form.cleaned_data["share"]
        )
    except (NotFound, PermissionDenied):
        raise Http404 from None
    messages.success(request, f"Share with {withdrawn.partnership.name} withdrawn")
    return redirect("reports:triage-detail", report_id=report_id)


@require_http_methods(["GET"])
@require_permission(Permission.REPORT_VIEW)
def find(request: LanternRequest) -> HttpResponse:
    """Go straight to a report by its reference (from a phone call, say)."""
    try:
        report = selectors.report_get_by_reference(
            actor=request.actor, reference_text=request.GET.get("reference", "")[:40]
        )
    except NotFound:
        messages.info(request, "No report has that reference")
        return redirect("reports:triage")
    return redirect("reports:triage-detail", report_id=report.pk)
