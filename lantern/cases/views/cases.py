"""Cases: the list, opening a case, the case page, linking reports."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts.selectors import partnership_names
from lantern.cases import forms, selectors, services
from lantern.cases.models import ActionKind, Case
from lantern.cases.views.common import (
    case_or_404,
    day,
    form_page,
    link,
    summary_with_changes,
    when,
)
from lantern.cases.views.shares import shares_section
from lantern.cases.views.tasks import case_tasks
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import display
from lantern.evidence import selectors as evidence_selectors
from lantern.evidence.panels import linked_context
from lantern.frontend.components import table
from lantern.frontend.forms import errors_to_form
from lantern.frontend.keyset import keyset_page
from lantern.frontend.panels import Page, panels_for


@require_permission(Permission.CASE_VIEW)
def case_list(request: LanternRequest) -> HttpResponse:
    # Keyset pages, newest first (lantern.frontend.keyset): every case can be reached, and
    # the thousandth page costs what the first does (case_walk: each case's visibility is
    # looked up as the walk passes it).
    page = keyset_page(selectors.case_walk(actor=request.actor), query=request.GET)
    rows = [
        (
            link(reverse("cases:case", args=[c.pk]), c.reference),
            c.title,
            c.get_kind_display(),
            c.get_status_display(),
            day(c.next_review_on),
        )
        for c in page.items
    ]
    return render(
        request,
        "cases/case_list.html",
        {
            "table": table(
                caption="Cases",
                caption_hidden=True,
                head=["Reference", "Title", "Kind", "Status", "Next review"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": page.pagination,
            "can_open": can(request.actor, Permission.CASE_MANAGE),
            "can_review": can(request.actor, Permission.CASE_REVIEW_MANAGE),
            "can_designate": can(request.actor, Permission.DESIGNATION_MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_new(request: LanternRequest) -> HttpResponse:
    names = partnership_names()
    mine = sorted(
        ((pk, names[pk]) for pk in request.actor.partnership_ids if pk in names),
        key=lambda pair: pair[1],
    )
    form = forms.CaseForm(request.POST or None, partnerships=mine)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.actor, data=services.CaseInput(**form.cleaned_data)
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"Case {case.reference} opened")
            return redirect("cases:case", case.pk)
    return form_page(
        request, title="Open a case", form=form, button="Open the case", back=reverse("cases:list")
    )


@require_permission(Permission.CASE_VIEW)
def case_detail(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    actor = request.actor
    reports = selectors.case_reports(actor=actor, case=case)
    subjects = list(selectors.case_subjects(case=case))
    actions = list(selectors.case_actions(case=case))
    timeline = selectors.case_timeline(actor=actor, case=case)
    linked = selectors.case_linked(actor=actor, case=case, reports=reports)
    references = selectors.case_exhibit_references(actor=actor, case=case) if linked.items else {}
    manage = can(actor, Permission.CASE_MANAGE, case) and case.status == Case.Status.OPEN

    def change(name: str, applies: bool = True) -> str:
        return reverse(f"cases:{name}", args=[case.pk]) if manage and applies else ""

    summary = summary_with_changes(
        [
            ("Reference", case.reference, ""),
            ("Partnership", case.partnership.name, ""),
            ("Kind", case.get_kind_display(), ""),
            ("Status", case.get_status_display(), ""),
            (
                "SARA stage",
                case.get_sara_stage_display() if case.sara_stage else "Not used",
                change("stage", case.kind == Case.Kind.PLACE),
            ),
            ("Lead officer", case.lead_officer or "None", change("lead-officer")),
            (
                "Partner organisations",
                ", ".join(p.name for p in case.partners.all()) or "None",
                change("partners"),
            ),
            ("Next review", day(case.next_review_on) or "Not set", change("case-review")),
            (
                "Victim risk",
                case.get_victim_risk_display() if case.victim_risk else "Not assessed",
                change("risk"),
            ),
            ("Closure", case.closure_reason or "Open", ""),
        ]
    )

    def subject_actions(subject: Any) -> str:
        if not manage:
            return ""
        role = link(
            reverse("cases:subject-role", args=[case.pk, subject.pk]),
            format_html(
                'Change role<span class="govuk-visually-hidden"> of {}</span>',
                subject_label(subject),
            ),
        )
        if subject.vehicle_id is None:
            return role
        keeper = link(
            reverse("cases:vehicle-keeper", args=[case.pk, subject.vehicle_id]),
            format_html(
                'Record keeper<span class="govuk-visually-hidden"> of {}</span>',
                subject_label(subject),
            ),
        )
        return format_html("{}<br>{}", role, keeper)

    def subject_label(subject: Any) -> str:
        if subject.vehicle_id:
            return display(subject.vehicle.registration)
        return str(subject.person.label if subject.person_id else subject.body.name)

    def subject_cell(subject: Any) -> str:
        if subject.person_id:
            return link(reverse("cases:person", args=[subject.person_id]), subject.person.label)
        if subject.vehicle_id:
            reg = display(subject.vehicle.registration)
            return link(reverse("cases:vehicle", args=[subject.vehicle_id]), reg)
        return format_html("{}", subject.body.name)

    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "summary": summary,
            "reports_table": table(
                caption="Reports",
                caption_hidden=True,
                head=["Reference", "What", "When", "Where"],
                rows=[
                    (
                        r.reference,
                        f"{r.category.name}, still happening (follows {r.continues.reference})"
                        if r.continues_id
                        else r.category.name,
                        when(r.occurred_from),
                        r.where,
                    )
                    for r in reports
                ],
            ),
            "reports": reports,
            "subjects_table": table(
                caption="People, vehicles and organisations",
                caption_hidden=True,
                head=["Subject", "Role", "Change"] if manage else ["Subject", "Role"],
                rows=[
                    (subject_cell(s), s.get_role_display(), subject_actions(s))
                    if manage
                    else (subject_cell(s), s.get_role_display())
                    for s in subjects
                ],
                html_columns=frozenset({0, 2}),
            ),
            "subjects": subjects,
            "actions_table": table(
                caption="Actions",
                caption_hidden=True,
                head=["Action", "To", "State", "Served"],
                rows=[
                    (
                        link(reverse("cases:action", args=[a.pk]), a.get_kind_display()),
                        a.addressee_label,
                        a.get_state_display(),
                        day(a.served_on),
                    )
                    for a in actions
                ],
                html_columns=frozenset({0}),
            ),
            "actions": actions,
            "linked": linked_context(
                linked,
                via={r.pk: f"Report {r.reference}" for r in reports},
                references=references,
                empty="No evidence or statements are linked to the case or its reports yet.",
                playback=evidence_selectors.playback_for(
                    actor=request.actor, items=[i.item for i in linked.items]
                ),
            ),
            "timeline_table": _timeline_table(request, timeline),
            "link_form": forms.LinkReportForm(),
            "kinds": ActionKind.choices,
            "can_manage": manage,
            "panels": panels_for(request, Page.CASE, case_id=case.pk),
            "tasks": case_tasks(
                case=case,
                subjects=subjects,
                actions=actions,
                has_evidence=bool(reports or linked.items),
                manage=manage,
            ),
            **shares_section(request, case),
        },
    )


def _timeline_table(request: LanternRequest, timeline: list[Any]) -> Any:
    """The case's timeline; for those who record intelligence, each note offers "create
    intelligence from this" (the intelligence app's report form, with the note as origin)."""
    if not can(request.actor, Permission.INTELLIGENCE_RECORD):
        return table(
            caption="Timeline",
            caption_hidden=True,
            head=["When", "What"],
            rows=[(when(e.at), e.text) for e in timeline],
        )
    new = reverse("intelligence:report-new")

    def intelligence(entry: Any) -> str:
        if entry.note_id is None:
            return ""
        return link(
            f"{new}?origin=case_note&id={entry.note_id}",
            format_html(
                'Create intelligence from this<span class="govuk-visually-hidden"> note of {}'
                "</span>",
                when(entry.at),
            ),
        )

    return table(
        caption="Timeline",
        caption_hidden=True,
        head=["When", "What", "Intelligence"],
        rows=[(when(e.at), e.text, intelligence(e)) for e in timeline],
        html_columns=frozenset({2}),
    )


@require_POST
@require_permission(Permission.CASE_MANAGE)
def case_link_report(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case_or_404(request, case_id)  # a case the actor may not see is a 404, whatever the form
    form = forms.LinkReportForm(request.POST)
    back = reverse("cases:case", args=[case_id])
    if form.is_valid():
        try:
            services.case_link_report_by_reference(
                actor=request.actor, case_id=case_id, reference=form.cleaned_data["reference"]
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, "The report was linked to the case.")
            return redirect(back)
    return form_page(request, title="Link a report", form=form, button="Link report", back=back)
