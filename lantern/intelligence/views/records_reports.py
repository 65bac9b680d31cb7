"""The intelligence record pages: the home page and graded reports (recording one, from a
resident report, a sighting, a case or a case note; reading one; its source record)."""

from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import can
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.intelligence import selectors, services
from lantern.intelligence.models import Handling, IntelligenceReport, Origin
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import record_pages as pages
from lantern.intelligence.services import Origin_, SourceIn
from lantern.intelligence.services.report_entry import NewEntity, report_record_with_entities
from lantern.intelligence.views import records_forms as forms
from lantern.intelligence.views.records_common import (
    P,
    _entity_label,
    _graded_rows,
    _link,
    _my_partnerships,
    _origin_label,
    _prop_label,
    _uuid,
    _when,
    reader,
)

# --- home ------------------------------------------------------------------------------------


@require_GET
@reader()
def home(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    reports = pages.recent_reports(actor)
    rows = [
        (
            _link(reverse("intelligence:report", args=[r.pk]), r.reference),
            r.grade,
            _when(r.submitted_at),
            r.organisation.name,
            _origin_label(r.origin_type),
        )
        for r in reports
    ]
    return render(
        request,
        "intelligence/records/home.html",
        {
            "reports_table": table(
                caption="Recent intelligence reports",
                head=["Reference", "Grading", "Submitted", "Organisation", "From"],
                rows=rows,
                html_columns=frozenset({0}),
            )
            if rows
            else None,
            "search_form": forms.EntitySearchForm(),
            "may_record": can(actor, P.INTELLIGENCE_RECORD),
            "may_analyse": can(actor, P.INTELLIGENCE_ANALYSE),
            "partner_view": not selectors.access.reads_all(actor),
        },
    )


# --- reports -----------------------------------------------------------------------------------


def _origin_from_query(request: LanternRequest) -> tuple[Origin_ | None, pages.OriginView | None]:
    kind = request.GET.get("origin", "")
    if not kind:
        return None, None
    record_id = _uuid(request.GET.get("id"))
    if kind not in pages.STARTABLE or record_id is None:
        raise NotFound("origin")
    view = pages.origin_view(request.actor, kind, record_id)
    return Origin_(kind, record_id), view


@dataclass
class _Offered:
    """The entities the report form offers to mention: those asked for (?mention=), those
    already ticked (a POST) and those searched for; each one the reader may see."""

    chosen: list[uuid.UUID]
    found: list[Any]
    choices: list[tuple[str, str]]
    find: str
    find_type: str


def _offered(request: LanternRequest) -> _Offered:
    actor = request.actor
    find = (request.GET.get("find") or "").strip()[:100]
    find_type = request.GET.get("find_type", "")
    find_type = find_type if find_type in ENTITIES else ""
    chosen = [i for i in map(_uuid, request.GET.getlist("mention")) if i]
    chosen += [i for i in map(_uuid, request.POST.getlist("mentions")) if i]
    found = pages.entity_search(actor, schema=find_type, search=find, limit=25) if find else []
    offered = pages.entities_by_id(actor, chosen) + found
    choices = list(dict.fromkeys((str(e.pk), _entity_label(e)) for e in offered))
    return _Offered(chosen, found, choices, find, find_type)


def _source(form: forms.ReportForm) -> SourceIn | None:
    data = form.cleaned_data
    if not form.source_section or not (data.get("source_reference") or data.get("source_identity")):
        return None
    return SourceIn(
        data.get("source_reference") or "",
        data.get("source_identity") or "",
        data.get("handler_notes") or "",
    )


def _record(
    request: LanternRequest, form: forms.ReportForm, origin: Origin_ | None
) -> HttpResponse | None:
    """Record the report of a valid form; None (the errors on the form) when refused."""
    actor, data = request.actor, form.cleaned_data
    new: list[NewEntity | None] = [NewEntity(*row) if row else None for row in form.new_rows()]
    new += [NewEntity("vehicle", r) for r in data.get("registrations") or []]
    try:
        report = report_record_with_entities(
            actor=actor,
            text=data["text"],
            grading=form.grading(),
            origin=origin,
            partnership_id=_uuid(data.get("partnership")),
            mentions=[uuid.UUID(i) for i in data.get("mentions") or []],
            new_entities=new,
            source=_source(form),
            occurred_from=data.get("occurred_from"),
            occurred_to=data.get("occurred_to"),
        )
    except ValidationFailed as exc:
        rename = {f"new_entity_{n}": f"new_value_{n}" for n in range(1, len(new) + 1)}
        rename |= {"grade": "handling", "origin_id": "text", "origin_type": "text"}
        rename |= {"source": "source_reference"}
        errors_to_form(form, exc, rename=rename)
        return None
    if pages.may_read_report(actor, report.pk):
        messages.success(request, f"Intelligence report {report.reference} recorded")
        return redirect("intelligence:report", report.pk)
    messages.success(
        request,
        f"Intelligence report {report.reference} recorded. Its handling code keeps it "
        "from partners, so you cannot open it.",
    )
    return redirect("intelligence:home")


@require_http_methods(["GET", "POST"])
@reader(P.INTELLIGENCE_RECORD)
def report_new(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    origin, origin_view = _origin_from_query(request)
    resident = bool(origin_view and origin_view.resident)
    offered = _offered(request)
    registrations = [
        (r, pages.vehicle_caption(r)) for r in (origin_view.registrations if origin_view else [])
    ]
    form = forms.ReportForm(
        request.POST or None,
        initial={
            "mentions": [str(i) for i in offered.chosen],
            "registrations": [r for r, _ in registrations],
        },
        partnerships=[] if origin else _my_partnerships(request),
        entities=offered.choices,
        registrations=registrations,
        source_section=pages.may_handle_sources(actor) and not resident,
    )
    if request.method == "POST" and form.is_valid():
        done = _record(request, form, origin)
        if done is not None:
            return done
    return render(
        request,
        "intelligence/records/report_form.html",
        {
            "form": form,
            "groups": form.field_groups(),
            "origin": origin_view,
            "keep": {k: v for k, v in request.GET.items() if k in ("origin", "id")},
            "mention_ids": [str(i) for i in offered.chosen],
            "find": offered.find,
            "find_form": forms.FindForm(
                initial={"find": offered.find, "find_type": offered.find_type}
            ),
            "found_none": bool(offered.find) and not offered.found,
        },
    )


def _origin_cell(report: IntelligenceReport, view: pages.OriginView) -> str:
    if view.url:
        return format_html("{}: {}", view.kind_label, _link(view.url, view.title))
    if report.origin_type == Origin.OFFICER:
        return view.kind_label
    return format_html("{}: {}", view.kind_label, view.title)


def _report_page(
    request: LanternRequest,
    intel_report_id: uuid.UUID,
    source_form: forms.SourceForm | None = None,
) -> HttpResponse:
    actor = request.actor
    report = selectors.report_get(actor, report_id=intel_report_id)
    origin = pages.origin_view_or_none(actor, report.origin_type, report.origin_id)
    recorded = pages.recorded_from(actor, report)
    rows: list[tuple[str, object]] = [
        ("Reference", report.reference),
        *_graded_rows(report),
        ("Organisation", report.organisation.name),
        ("Submitted", _when(report.submitted_at)),
        ("Submitted by", report.submitted_by.display_name if report.submitted_by else ""),
        (
            "Period",
            " to ".join(_when(d) for d in (report.occurred_from, report.occurred_to) if d)
            or "Not given",
        ),
    ]
    if report.source_name:
        rows.append(("Named source of imported material", report.source_name))
    source_record = None
    may_add_source = False
    if pages.may_handle_sources(actor):
        if selectors.has_source_record(actor, report_id=report.pk):
            # Read only in the report's own partnership (a shared report's source is not).
            with suppress(NotFound):
                source_record = selectors.source_record_get(actor, report_id=report.pk)
        elif report.origin_type not in (Origin.REPORT, Origin.SIGHTING):
            may_add_source = True
            source_form = source_form or forms.SourceForm()
    links = [
        (
            _link(reverse("intelligence:entity", args=[link.source_id]), link.source.caption),
            LINKS[link.link_type].label,
            _link(reverse("intelligence:entity", args=[link.target_id]), link.target.caption),
            link.grade,
            _when(link.occurred_at),
        )
        for link in recorded.links
    ]
    statements = [
        (
            _link(reverse("intelligence:entity", args=[s.entity_id]), s.entity.caption),
            _prop_label(s.entity.schema, s.prop),
            s.value,
            s.grade,
        )
        for s in recorded.statements
    ]
    mentions = pages.mentioned(actor, report)
    return render(
        request,
        "intelligence/records/report_detail.html",
        {
            "report": report,
            "summary": summary_list(rows),
            "origin": origin,
            "origin_cell": _origin_cell(report, origin),
            "mentions": mentions,
            "links_table": table(
                caption="Links recorded from this report",
                head=["From", "Link", "To", "Grading", "When (a call)"],
                rows=links,
                html_columns=frozenset({0, 2}),
            )
            if links
            else None,
            "statements_table": table(
                caption="Statements recorded from this report",
                head=["Entity", "Property", "Value", "Grading"],
                rows=statements,
                html_columns=frozenset({0}),
            )
            if statements
            else None,
            "source_record": source_record,
            "source_summary": summary_list(
                [
                    ("Source reference", source_record.source_reference),
                    ("Who the source is", source_record.identity),
                    ("Handler's notes", source_record.handler_notes),
                ]
            )
            if source_record
            else None,
            "conditions_text": "Handling code C: share it only under these conditions. "
            + report.handling_conditions,
            "may_add_source": may_add_source,
            "source_form": source_form,
            "is_c": report.handling == Handling.C,
        },
        status=200,
    )


@require_GET
@reader()
def report_detail(request: LanternRequest, intel_report_id: uuid.UUID) -> HttpResponse:
    return _report_page(request, intel_report_id)


@require_POST
@reader(P.SOURCE_RECORD_MANAGE)
def report_source(request: LanternRequest, intel_report_id: uuid.UUID) -> HttpResponse:
    form = forms.SourceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.source_record_add(
                actor=request.actor,
                report_id=intel_report_id,
                source=SourceIn(
                    data["source_reference"], data["source_identity"], data["handler_notes"]
                ),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc, rename={"source": "source_reference"})
        else:
            messages.success(request, "Source recorded")
            return redirect("intelligence:report", intel_report_id)
    return _report_page(request, intel_report_id, source_form=form)
