"""Pages for cases, people, vehicles, enforcement actions and the ASB Case Review. Thin:
parse, call a service or selector, render. A rule's refusal is shown as its message."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases import forms, selectors, services, workflow
from lantern.cases.models import ActionKind, EnforcementAction
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import InvalidRegistration, display, normalise
from lantern.frontend.components import summary_list, table
from lantern.frontend.panels import Page, panels_for


def _link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def _when(value: Any) -> str:
    return localtime(value).strftime("%-d %b %Y, %H:%M") if value else ""


def _day(value: Any) -> str:
    return value.strftime("%-d %b %Y") if value else ""


def _apply_errors(form: django_forms.Form, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _form_page(
    request: LanternRequest,
    *,
    title: str,
    form: django_forms.Form,
    button: str,
    back: str,
    refusal: RuleRefused | None = None,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "cases/form.html",
        {
            "title": title,
            "form": form,
            "button": button,
            "back": back,
            "refusal": refusal,
            "intro": intro,
        },
        status=422 if refusal or form.errors else 200,
    )


def _case_or_404(request: LanternRequest, case_id: uuid.UUID) -> Any:
    try:
        return selectors.case_get(actor=request.actor, case_id=case_id)
    except NotFound:
        raise Http404 from None


# --- cases -------------------------------------------------------------------------------------


@require_permission(Permission.CASE_VIEW)
def case_list(request: LanternRequest) -> HttpResponse:
    cases = selectors.case_list(actor=request.actor)[:200]
    rows = [
        (
            _link(reverse("cases:case", args=[c.pk]), c.reference),
            c.title,
            c.get_kind_display(),
            c.get_status_display(),
            _day(c.next_review_on),
        )
        for c in cases
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
            "can_open": can(request.actor, Permission.CASE_MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_new(request: LanternRequest) -> HttpResponse:
    form = forms.CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.actor, data=services.CaseInput(**form.cleaned_data)
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            return redirect("cases:case", case.pk)
    return _form_page(
        request, title="Open a case", form=form, button="Open the case", back=reverse("cases:list")
    )


@require_permission(Permission.CASE_VIEW)
def case_detail(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, case_id)
    actor = request.actor
    reports = selectors.case_reports(actor=actor, case=case)
    subjects = list(selectors.case_subjects(case=case))
    actions = list(selectors.case_actions(case=case))
    timeline = selectors.case_timeline(actor=actor, case=case)
    evidence = selectors.case_evidence(actor=actor, case=case)
    summary = summary_list(
        [
            ("Reference", case.reference),
            ("Kind", case.get_kind_display()),
            ("Status", case.get_status_display()),
            ("SARA stage", case.get_sara_stage_display() if case.sara_stage else "Not used"),
            ("Lead officer", case.lead_officer or "None"),
            ("Partner organisations", ", ".join(p.name for p in case.partners.all()) or "None"),
            ("Next review", _day(case.next_review_on) or "Not set"),
            ("Victim risk", case.get_victim_risk_display() if case.victim_risk else "Not assessed"),
            ("Closure", case.closure_reason or "Open"),
        ]
    )

    def subject_cell(link: Any) -> str:
        if link.person_id:
            return _link(reverse("cases:person", args=[link.person_id]), link.person.label)
        if link.vehicle_id:
            reg = link.vehicle.registration
            return _link(reverse("cases:vehicle", args=[reg]), display(reg))
        return format_html("{}", link.body.name)

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
                    (r.reference, r.category.name, _when(r.occurred_from), r.address)
                    for r in reports
                ],
            ),
            "reports": reports,
            "subjects_table": table(
                caption="People, vehicles and organisations",
                caption_hidden=True,
                head=["Subject", "Role"],
                rows=[(subject_cell(s), s.get_role_display()) for s in subjects],
                html_columns=frozenset({0}),
            ),
            "subjects": subjects,
            "actions_table": table(
                caption="Actions",
                caption_hidden=True,
                head=["Action", "To", "State", "Served"],
                rows=[
                    (
                        _link(reverse("cases:action", args=[a.pk]), a.get_kind_display()),
                        a.addressee_label,
                        a.get_state_display(),
                        _day(a.served_on),
                    )
                    for a in actions
                ],
                html_columns=frozenset({0}),
            ),
            "actions": actions,
            "evidence": evidence,
            "timeline_table": table(
                caption="Timeline",
                caption_hidden=True,
                head=["When", "What"],
                rows=[(_when(e.at), e.text) for e in timeline],
            ),
            "link_form": forms.LinkReportForm(),
            "kinds": ActionKind.choices,
            "can_manage": can(actor, Permission.CASE_MANAGE, case) and case.status == "open",
            "panels": panels_for(request, Page.CASE, case_id=case.pk),
        },
    )


@require_POST
@require_permission(Permission.CASE_MANAGE)
def case_link_report(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    form = forms.LinkReportForm(request.POST)
    back = reverse("cases:case", args=[case_id])
    if form.is_valid():
        try:
            services.case_link_report_by_reference(
                actor=request.actor, case_id=case_id, reference=form.cleaned_data["reference"]
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, "The report was linked to the case.")
            return redirect(back)
    return _form_page(request, title="Link a report", form=form, button="Link report", back=back)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def person_new(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("role")
        data["aliases"] = [a for a in data.pop("aliases").split(",") if a.strip()]
        try:
            services.person_link(
                actor=request.actor,
                case_id=case.pk,
                role=role,
                data=services.PersonInput(**data),
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            return redirect("cases:case", case.pk)
    return _form_page(
        request,
        title="Add a person",
        form=form,
        button="Add person",
        back=reverse("cases:case", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def vehicle_new(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = forms.VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vehicle_link(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            return redirect("cases:case", case.pk)
    return _form_page(
        request,
        title="Add a vehicle",
        form=form,
        button="Add vehicle",
        back=reverse("cases:case", args=[case.pk]),
    )


# --- people and vehicles ------------------------------------------------------------------------


@require_permission(Permission.CASE_VIEW)
def person_detail(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    try:
        person = selectors.person_get(actor=request.actor, person_id=person_id)
    except NotFound:
        raise Http404 from None
    cases = selectors.person_cases(actor=request.actor, person=person)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "summary": summary_list(
                [
                    ("Name", person.label),
                    ("Other names", ", ".join(person.aliases) or "None recorded"),
                    ("Date of birth", _day(person.date_of_birth) or "Not known"),
                    ("Estimated age", person.estimated_age or "Not recorded"),
                    ("Description", person.description or "None"),
                ]
            ),
            "cases_table": table(
                caption="Cases",
                caption_hidden=True,
                head=["Case", "Title"],
                rows=[
                    (_link(reverse("cases:case", args=[c.pk]), c.reference), c.title) for c in cases
                ],
                html_columns=frozenset({0}),
            ),
            "panels": panels_for(request, Page.PERSON, person_id=person.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_VIEW)
def vehicle_detail(request: LanternRequest, registration: str) -> HttpResponse:
    try:
        compact = normalise(registration)
    except InvalidRegistration:
        raise Http404 from None
    actor = request.actor
    vehicle = selectors.vehicle_get(actor=actor, registration=compact)
    sightings = selectors.vehicle_sightings(actor=actor, registration=compact)
    if vehicle is None and not sightings:
        raise Http404
    letters = selectors.vehicle_letters(actor=actor, registration=compact)
    return render(
        request,
        "cases/vehicle_detail.html",
        {
            "registration": display(compact),
            "vehicle": vehicle,
            "sightings_table": table(
                caption="Sightings",
                caption_hidden=True,
                head=["When", "Where", "Report"],
                rows=[(_when(s.seen_at), s.place, s.reference) for s in sightings],
            ),
            "letters_table": table(
                caption="Letters and actions",
                caption_hidden=True,
                head=["Action", "State", "Served"],
                rows=[
                    (
                        _link(reverse("cases:action", args=[a.pk]), a.get_kind_display()),
                        a.get_state_display(),
                        _day(a.served_on),
                    )
                    for a in letters
                ],
                html_columns=frozenset({0}),
            ),
        },
    )


# --- actions -----------------------------------------------------------------------------------


def _action_choices(actor: Any, case: Any, kind: str) -> dict[str, list]:
    subjects = list(selectors.case_subjects(case=case))
    reports = selectors.case_reports(actor=actor, case=case)
    breaches = [
        (str(b.pk), f"{b.action.get_kind_display()}: {b.occurred_on:%-d %b %Y}: {b.details[:60]}")
        for a in selectors.case_actions(case=case).filter(kind=ActionKind.CPN)
        for b in a.breaches.all()
    ]
    vehicles = [s.vehicle.registration for s in subjects if s.vehicle is not None]
    sightings = []
    for reg in vehicles:
        for s in selectors.vehicle_sightings(actor=actor, registration=reg):
            sightings.append((str(s.report_id), f"{display(reg)}: {_when(s.seen_at)}, {s.place}"))
    return {
        "person": [("none", "Choose a person")]
        + [(str(s.person_id), s.person.label) for s in subjects if s.person is not None],
        "vehicle_registration": [(r, display(r)) for r in vehicles],
        "sighting": [("latest", "The latest sighting"), *sightings],
        "breach": [("none", "Choose the breach"), *breaches],
        "evidence": [
            (f"report:{r.pk}", f"Report {r.reference}: {r.category.name}, {_when(r.occurred_from)}")
            for r in reports
        ]
        + [
            (f"evidence:{e.pk}", f"Evidence {e.pk}")
            for e in selectors.case_evidence(actor=actor, case=case)
        ],
    }


def _refs(values: list[str]) -> list[dict[str, str]]:
    refs = []
    for value in values:
        kind, _, ref_id = value.partition(":")
        refs.append({"kind": kind, "id": ref_id})
    return refs


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@require_permission(Permission.ENFORCEMENT_PROPOSE)
def action_new(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, case_id)
    kind = request.GET.get("kind", "")
    if kind not in ActionKind.values:
        raise Http404
    choices = _action_choices(request.actor, case, kind)
    initial = {"breach": request.GET.get("breach", "")}
    form = forms.ActionForm(request.POST or None, kind=kind, choices=choices, initial=initial)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amount = data.get("amount_pounds")
        try:
            action = workflow.action_draft(
                actor=request.actor,
                case_id=case.pk,
                data=workflow.ActionInput(
                    kind=kind,
                    person_id=_uuid(data.get("person", "")),
                    vehicle_registration=data.get("vehicle_registration", ""),
                    sighting_report_id=_uuid(data.get("sighting", "")),
                    breach_id=_uuid(data.get("breach", "")),
                    conduct=data.get("conduct", ""),
                    detrimental_effect=data.get("detrimental_effect", ""),
                    persistent_nature=data.get("persistent_nature", ""),
                    unreasonable_because=data.get("unreasonable_because", ""),
                    evidence=_refs(data.get("evidence", [])),
                    requirements=form.requirements(),
                    compliance_days=data.get("compliance_days"),
                    amount_pence=amount * 100 if amount else None,
                    inspector_authorisation=data.get("inspector_authorisation", ""),
                    duration_hours=data.get("duration_hours"),
                    locality=data.get("locality", ""),
                    supervisor_name=data.get("supervisor_name", ""),
                    meetings_by=data.get("meetings_by"),
                    note=data.get("note", ""),
                ),
            )
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, "The action was drafted. A supervisor must approve it.")
            return redirect("cases:action", action.pk)
    return _form_page(
        request,
        title=f"Draft: {ActionKind(kind).label}",
        form=form,
        button="Save draft",
        back=reverse("cases:case", args=[case.pk]),
        refusal=refusal,
    )


def _action_or_404(request: LanternRequest, action_id: uuid.UUID) -> EnforcementAction:
    try:
        return selectors.action_get(actor=request.actor, action_id=action_id)
    except NotFound:
        raise Http404 from None


@require_permission(Permission.CASE_VIEW)
def action_detail(
    request: LanternRequest,
    action_id: uuid.UUID,
    refusal: RuleRefused | None = None,
    breach_form: forms.BreachForm | None = None,
) -> HttpResponse:
    action = _action_or_404(request, action_id)
    actor = request.actor
    steps = [
        t
        for t in workflow.transitions_for(action)
        if can(actor, t.permission, action) and t.name not in ("breach",)
    ]
    rows = [
        ("Case", action.case.reference),
        ("Addressed to", action.addressee_label or "None"),
        ("State", action.get_state_display()),
        ("Conduct", action.conduct or "Not recorded"),
        (
            "Served",
            f"{_day(action.served_on)} ({action.get_served_how_display()})"
            if action.served_on
            else "Not yet",
        ),
        ("Time to comply (or pay) ends", _day(action.comply_by) or "None"),
        ("Appeal window ends", _day(action.appeal_ends_on) or "None"),
        ("Expires", _day(action.expires_on) or "None"),
    ]
    if action.amount_pence:
        rows.append(("Amount", f"{action.amount_pence / 100:.2f} GBP"))
    requirements = [
        (
            f"{i + 1}. {dict(forms.REQUIREMENT_KINDS)[q['kind']]}",
            q["text"] + (f" (within {q['period_days']} days)" if q.get("period_days") else ""),
        )
        for i, q in enumerate(action.requirements)
    ]
    breaches = list(action.breaches.all())
    if breach_form is None and action.kind in workflow.BREACHABLE and action.state in workflow.LIVE:
        breach_form = _breach_form(request, action)
    return render(
        request,
        "cases/action_detail.html",
        {
            "action": action,
            "title": action.get_kind_display(),
            "summary": summary_list(rows),
            "requirements": summary_list(requirements) if requirements else None,
            "documents": selectors.action_documents(action=action),
            "steps": steps,
            "serve_form": forms.ServeForm(),
            "breach_form": breach_form,
            "breaches": breaches,
            "refusal": refusal,
            "can_penalise": action.kind == ActionKind.CPN
            and can(actor, Permission.ENFORCEMENT_PROPOSE),
            "kinds": ActionKind,
        },
        status=422 if refusal else 200,
    )


def _breach_form(
    request: LanternRequest, action: EnforcementAction, data: Any = None
) -> forms.BreachForm:
    form = forms.BreachForm(data)
    form.fields["requirement_index"].choices = [  # type: ignore[attr-defined]
        (i, f"{i + 1}. {q['text']}") for i, q in enumerate(action.requirements)
    ]
    form.fields["evidence"].choices = _action_choices(  # type: ignore[attr-defined]
        request.actor, action.case, action.kind
    )["evidence"]
    return form


@require_POST
@require_permission(Permission.CASE_VIEW)
def action_step(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    name = request.POST.get("name", "")
    actor = request.actor
    try:
        if name == "approve":
            workflow.action_approve(actor=actor, action_id=action_id)
        elif name == "serve":
            form = forms.ServeForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose how it was served, and give a valid date.")
                return redirect("cases:action", action_id)
            workflow.action_serve(
                actor=actor,
                action_id=action_id,
                how=form.cleaned_data["how"],
                served_on=form.cleaned_data["served_on"],
            )
        else:
            workflow.action_transition(
                actor=actor, action_id=action_id, name=name, note=request.POST.get("note", "")
            )
    except RuleRefused as exc:
        return action_detail(request, action_id, refusal=exc)
    except ValidationFailed as exc:
        for errors in exc.errors.values():
            for error in errors:
                messages.error(request, error)
    except (NotFound, PermissionDenied):
        raise Http404 from None
    return redirect("cases:action", action_id)


@require_POST
@require_permission(Permission.ENFORCEMENT_SERVE)
def breach_new(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    action = _action_or_404(request, action_id)
    form = _breach_form(request, action, request.POST)
    if form.is_valid():
        try:
            workflow.breach_record(
                actor=request.actor,
                action_id=action.pk,
                occurred_on=form.cleaned_data["occurred_on"],
                requirement_index=form.cleaned_data["requirement_index"],
                details=form.cleaned_data["details"],
                evidence=_refs(form.cleaned_data["evidence"]),
            )
        except RuleRefused as exc:
            return action_detail(request, action_id, refusal=exc, breach_form=form)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "The breach was recorded.")
            return redirect("cases:action", action.pk)
    return action_detail(request, action_id, breach_form=form)


@require_permission(Permission.CASE_VIEW)
def document_download(request: LanternRequest, document_id: uuid.UUID) -> HttpResponse:
    try:
        document = selectors.document_get(actor=request.actor, document_id=document_id)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{document.action.kind}-{str(document.pk)[:8]}.pdf"'
    )
    response["X-Content-SHA256"] = document.sha256
    return response


# --- ASB Case Review ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_REVIEW_APPLY)
def case_review(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    eligibility = selectors.resident_eligibility(actor=actor)
    form = forms.ReviewApplyForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            review = services.case_review_apply(
                actor=actor, statement=form.cleaned_data["statement"]
            )
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Your application {review.reference} was received. We will tell you by "
                f"{review.decision_due_on:%-d %B %Y} whether the review will go ahead.",
            )
            return redirect("cases:review")
    reviews = selectors.own_case_reviews(actor=actor)
    return render(
        request,
        "cases/review.html",
        {
            "eligibility": eligibility,
            "form": form,
            "refusal": refusal,
            "reviews_table": table(
                caption="Your applications",
                head=["Reference", "Applied", "Where it is", "Decision due"],
                rows=[
                    (
                        r.reference,
                        _day(r.created_at),
                        r.get_status_display(),
                        _day(r.decision_due_on),
                    )
                    for r in reviews
                ],
            )
            if reviews
            else None,
        },
        status=422 if refusal else 200,
    )
