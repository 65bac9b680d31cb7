"""Enforcement actions: drafting, the action page and its steps, breaches, documents."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases import forms, forms_manage, selectors, services, workflow
from lantern.cases.models import ActionKind, ActionState, EnforcementAction
from lantern.cases.policy import pounds
from lantern.cases.requirements import requirement_statuses
from lantern.cases.views import previews
from lantern.cases.views.common import (
    case_or_404,
    day,
    evidence_label,
    link,
    statement_label,
    when,
)
from lantern.core import clock
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import display
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form


def _action_choices(actor: Any, case: Any, kind: str) -> dict[str, list]:
    subjects = list(selectors.case_subjects(case=case))
    options = selectors.evidence_options(actor=actor, case=case)
    breaches = [
        (str(b.pk), f"{b.action.get_kind_display()}: {b.occurred_on:%-d %b %Y}: {b.details[:60]}")
        for a in selectors.case_actions(case=case).filter(kind=ActionKind.CPN)
        for b in a.breaches.all()
    ]
    warnings = [
        (
            str(w.pk),
            f"To {w.addressee_label}, served {day(w.served_on)}: "
            f"{w.get_conduct_category_display() or 'kind of conduct not recorded'}",
        )
        for w in selectors.case_actions(case=case)
        .filter(kind=ActionKind.CPW)
        .exclude(state__in=[ActionState.DRAFT, ActionState.APPROVED, ActionState.WITHDRAWN])
    ]
    vehicles = [s.vehicle.registration for s in subjects if s.vehicle is not None]
    sightings = []
    for reg in vehicles:
        for s in selectors.vehicle_sightings(actor=actor, registration=reg):
            sightings.append((str(s.report_id), f"{display(reg)}: {when(s.seen_at)}, {s.place}"))
    return {
        "person": [("none", "Choose a person")]
        + [(str(s.person_id), s.person.label) for s in subjects if s.person is not None],
        "vehicle_registration": [(r, display(r)) for r in vehicles],
        "sighting": [("latest", "The latest sighting"), *sightings],
        "breach": [("none", "Choose the breach"), *breaches],
        "prior_warning": [("", "The latest warning to them about this kind of conduct"), *warnings],
        "evidence": [
            (f"report:{r.pk}", f"Report {r.reference}: {r.category.name}, {when(r.occurred_from)}")
            for r in options.reports
        ]
        + [
            (f"evidence:{e.pk}", f"Evidence {evidence_label(e, options.references.get(e.pk, ''))}")
            for e in options.items
        ]
        + [(f"statement:{s.pk}", statement_label(s)) for s in options.statements],
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
    case = case_or_404(request, case_id)
    kind = request.GET.get("kind", "")
    if kind not in ActionKind.values:
        raise Http404
    choices = _action_choices(request.actor, case, kind)
    initial = {"breach": request.GET.get("breach", "")}
    form = forms.ActionForm(request.POST or None, kind=kind, choices=choices, initial=initial)
    # The local policy it will be drafted under: shown, and the amount's default.
    on_case = {value for value, _ in choices["breach"]}
    breach_id = _uuid(initial["breach"]) if initial["breach"] in on_case else None
    draft = EnforcementAction(case=case, kind=kind, breach_id=breach_id)
    policy = selectors.action_policy(action=draft)
    if "amount_pounds" in form.fields:
        default_amount = policy.fpn_amount_for(kind) or 0
        form.fields["amount_pounds"].help_text = (
            f"Leave empty for the amount {policy.authority_name or 'this Lantern'} has set: "
            f"{pounds(default_amount)}. The most it may be today is "
            f"{pounds(policy.fpn_cap_pence(clock.now().date()))}."
        )
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_draft(
                actor=request.actor, case_id=case.pk, data=_action_input(kind, form)
            )
        except RuleRefused as exc:
            refusal = exc
            refusal_to_form(form, exc, rename=form.service_fields())
        except ValidationFailed as exc:
            errors_to_form(form, exc, rename=form.service_fields())
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, "The action was drafted. A supervisor must approve it.")
            return redirect("cases:action", action.pk)
    holds = selectors.safeguarding_holds(case=case, kind=kind)
    return render(
        request,
        "cases/action_form.html",
        {
            "title": f"Draft: {ActionKind(kind).label}",
            "caption": case.reference,
            "form": form,
            "button": "Save draft and send for approval",
            "back": reverse("cases:case", args=[case.pk]),
            "refusal": refusal,
            "intro": previews.policy_line(draft, policy),
            "holds": [{"hold": hold, "url": _hold_url(hold, case)} for hold in holds],
        },
        status=422 if refusal or form.errors else 200,
    )


def _hold_url(hold: selectors.Hold, case: Any) -> str:
    """Where the officer sees the person's safeguarding status (safeguarding's panel on the
    person's page) and which safeguarding lead to ask: never the record's content."""
    if hold.person_id is not None:
        return reverse("cases:person", args=[hold.person_id])
    if hold.vehicle_id is not None:
        return reverse("cases:vehicle", args=[hold.vehicle_id])
    return reverse("cases:case", args=[case.pk])


def refusal_to_form(form: Any, exc: RuleRefused, *, rename: dict[str, str]) -> None:
    """A rule's refusal on the fields it names (the error summary links to each); one that
    names none is an error of the form as a whole. The rule's message and source are shown
    beside the form (cases/refusal.html)."""
    if exc.fields:
        errors_to_form(form, ValidationFailed(exc.fields), rename=rename)
    else:
        form.add_error(None, exc.message)


def _action_input(kind: str, form: forms.ActionForm) -> services.ActionInput:
    data = form.cleaned_data
    amount = data.get("amount_pounds")
    return services.ActionInput(
        kind=kind,
        person_id=_uuid(data.get("person", "")),
        vehicle_registration=data.get("vehicle_registration", ""),
        sighting_report_id=_uuid(data.get("sighting", "")),
        breach_id=_uuid(data.get("breach", "")),
        prior_warning_id=_uuid(data.get("prior_warning", "")),
        conduct_category=data.get("conduct_category", ""),
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
        exclusion_area=data.get("exclusion_area"),
    )


def action_or_404(request: LanternRequest, action_id: uuid.UUID) -> EnforcementAction:
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
    action = action_or_404(request, action_id)
    actor = request.actor
    steps = previews.open_steps(actor, action)
    rows = [
        ("Case", action.case.reference),
        ("State", action.get_state_display()),
        (
            "Served",
            f"{day(action.served_on)} ({action.get_served_how_display()})"
            if action.served_on
            else "Not yet",
        ),
        ("Time to comply (or pay) ends", day(action.comply_by) or "None"),
        *_appeal_rows(action),
        ("Expires", day(action.expires_on) or "None"),
    ]
    policy = previews.policy_line(action, selectors.action_policy(action=action))
    if policy:
        rows.append(("Local policy", policy))
    before_service = action.state in selectors.PREVIEWABLE
    requirements = [
        (
            f"{q.index + 1}. {dict(forms.REQUIREMENT_KINDS).get(q.kind, q.kind)}",
            q.text + (f" (within {q.period_days} days)" if q.period_days else ""),
            "Yes" if q.in_force else "No",
            q.why,
        )
        for q in requirement_statuses(action)
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
            "particulars": previews.particulars(action),
            "evidence": previews.evidence_table(actor, action),
            "requirements": table(
                caption="Requirements, and whether each is in force",
                caption_hidden=True,
                head=["Requirement", "What", "In force", "Why"],
                rows=requirements,
            )
            if requirements
            else None,
            "preview_url": reverse("cases:action-preview", args=[action.pk])
            if before_service
            else "",
            "problems": _problems(action) if before_service else [],
            "documents": selectors.action_documents(action=action),
            "steps": steps,
            "serve_form": forms.ServeForm(),
            "appeal_form": forms.AppealForm() if action.kind == ActionKind.CPN else None,
            "breach_form": breach_form,
            "breaches": breaches,
            "refusal": refusal,
            "can_supersede": action.state in workflow.LIVE
            and can(actor, Permission.ENFORCEMENT_APPROVE, action),
            "supersedes": action.supersedes_id,
            "superseded_by": list(action.superseded_by.values_list("pk", flat=True)),
            "can_penalise": action.kind == ActionKind.CPN
            and can(actor, Permission.ENFORCEMENT_PROPOSE),
            "kinds": ActionKind,
        },
        status=422 if refusal else 200,
    )


def _appeal_rows(action: EnforcementAction) -> list[tuple[str, str]]:
    """Only a notice has an appeal (s.46); a warning's page says it has none."""
    if action.kind == ActionKind.CPN:
        return [
            ("Appeal window ends", day(action.appeal_ends_on) or "None"),
            ("Appeal lodged", day(action.appeal_lodged_on) or "None"),
        ]
    if action.kind == ActionKind.CPW:
        return [("Appeal", "None: section 46 gives an appeal against a notice, not a warning")]
    return []


def _problems(action: EnforcementAction) -> list[str]:
    """What would stop the action's document being served (shown before approval)."""
    # Imported here, not at the top: documents load reportlab (services/action_steps.py).
    from lantern.cases import documents

    return documents.problems(action)


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
            services.action_approve(actor=actor, action_id=action_id)
        elif name == "serve":
            form = forms.ServeForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose how it was served, and give a valid date.")
                return redirect("cases:action", action_id)
            served = services.action_serve(
                actor=actor,
                action_id=action_id,
                how=form.cleaned_data["how"],
                served_on=form.cleaned_data["served_on"],
            )
            messages.success(
                request,
                f"{served.get_kind_display()}: service on {served.served_on:%-d %B %Y} was "
                "recorded and its document frozen.",
            )
        elif name == "appeal":
            # The service refuses a warning by name (APPEAL_ONLY_AGAINST_A_NOTICE, s.46)
            # whatever the date, and a notice without a valid lodged date.
            appeal = forms.AppealForm(request.POST)
            services.action_transition(
                actor=actor,
                action_id=action_id,
                name=name,
                note=request.POST.get("note", ""),
                on=appeal.cleaned_data["lodged_on"] if appeal.is_valid() else None,
            )
        else:
            services.action_transition(
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
    action = action_or_404(request, action_id)
    form = _breach_form(request, action, request.POST)
    if form.is_valid():
        try:
            services.breach_record(
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
            errors_to_form(form, exc)
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


@require_permission(Permission.CASE_VIEW)
def action_list(request: LanternRequest) -> HttpResponse:
    """Every enforcement action on the cases the actor may see, newest first, optionally in
    one state."""
    form = forms_manage.ActionFilterForm(request.GET)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    actions = selectors.action_list(actor=request.actor).order_by("-created_at")
    if state:
        actions = actions.filter(state=state)
    rows = [
        (
            link(reverse("cases:action", args=[a.pk]), a.get_kind_display()),
            link(reverse("cases:case", args=[a.case_id]), a.case.reference),
            a.addressee_label,
            a.get_state_display(),
            day(a.served_on),
            day(a.comply_by or a.expires_on),
        )
        for a in actions[:200]
    ]
    return render(
        request,
        "cases/action_list.html",
        {
            "table": table(
                caption="Enforcement actions",
                caption_hidden=True,
                head=["Action", "Case", "To", "State", "Served", "Next date"],
                rows=rows,
                html_columns=frozenset({0, 1}),
            ),
            "rows": rows,
            "form": form,
        },
    )
