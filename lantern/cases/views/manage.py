"""Managing a case: its lead officer, partner organisations, reviews, SARA stage, victim risk
and closure; the role of a subject; a vehicle's registered keeper; superseding a served
action. Each page is one question, answered by one service."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lantern.cases import forms, forms_manage, selectors, services
from lantern.cases.models import Case
from lantern.cases.views.common import case_or_404, form_page
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.core.registration import display
from lantern.frontend.forms import errors_to_form


def _run(
    request: LanternRequest,
    case: Case,
    form: django_forms.Form,
    *,
    title: str,
    button: str,
    run: Callable[[dict[str, Any]], Any],
    done: str,
    intro: str = "",
    back: str = "",
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``run`` and go back to the case with ``done``."""
    if not can(request.actor, Permission.CASE_MANAGE, case):
        raise Http404
    back = back or reverse("cases:case", args=[case.pk])
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect(back)
    return form_page(
        request,
        title=title,
        form=form,
        button=button,
        back=back,
        intro=intro,
        caption=f"{case.reference}: {case.title}",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_lead(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms_manage.LeadOfficerForm(
        request.POST if request.method == "POST" else None,
        choices=selectors.lead_officer_choices(case=case),
        initial={"lead_officer": str(case.lead_officer_id or "")},
    )
    return _run(
        request,
        case,
        form,
        title="Change the lead officer",
        button="Save lead officer",
        intro="The lead officer is someone who may manage cases in the case's organisation "
        "or a partner organisation.",
        run=lambda data: services.case_update(
            actor=request.actor, case_id=case.pk, lead_officer_id=data["lead_officer"]
        ),
        done="The lead officer was changed.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_partners(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms_manage.PartnersForm(
        request.POST if request.method == "POST" else None,
        choices=selectors.partner_choices(case=case),
        initial={"partners": [str(pk) for pk in case.partners.values_list("pk", flat=True)]},
    )
    return _run(
        request,
        case,
        form,
        title="Partner organisations with access",
        button="Save partners",
        run=lambda data: services.case_update(
            actor=request.actor, case_id=case.pk, partner_ids=data["partners"]
        ),
        done="The partner organisations were saved.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_review_record(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms_manage.CaseReviewForm(request.POST if request.method == "POST" else None)
    return _run(
        request,
        case,
        form,
        title="Record a case review",
        button="Save the review",
        run=lambda data: services.case_record_review(
            actor=request.actor,
            case_id=case.pk,
            note=data["note"],
            next_review_on=data["next_review_on"],
        ),
        done="The review was recorded.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_stage(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    if case.kind != Case.Kind.PLACE:
        raise Http404
    form = forms_manage.StageForm(
        request.POST if request.method == "POST" else None, initial={"stage": case.sara_stage}
    )
    return _run(
        request,
        case,
        form,
        title="Move the problem to a SARA stage",
        button="Save the stage",
        run=lambda data: services.case_set_stage(
            actor=request.actor, case_id=case.pk, stage=data["stage"], note=data["note"]
        ),
        done="The SARA stage was changed.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_risk(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms_manage.RiskForm(request.POST if request.method == "POST" else None)
    return _run(
        request,
        case,
        form,
        title="Assess the risk to the victim",
        button="Save the assessment",
        run=lambda data: services.case_assess_risk(
            actor=request.actor, case_id=case.pk, level=data["level"], notes=data["notes"]
        ),
        done="The victim risk assessment was recorded.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def case_close(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = forms_manage.CloseForm(request.POST if request.method == "POST" else None)
    return _run(
        request,
        case,
        form,
        title="Close the case",
        button="Close the case",
        intro="A closed case can no longer be changed, and no action can be drafted on it.",
        run=lambda data: services.case_close(
            actor=request.actor, case_id=case.pk, reason=data["reason"]
        ),
        done="The case was closed.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def subject_role(
    request: LanternRequest, case_id: uuid.UUID, subject_id: uuid.UUID
) -> HttpResponse:
    case = case_or_404(request, case_id)
    subject = selectors.case_subjects(case=case).filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    if subject.vehicle is not None:
        label = display(subject.vehicle.registration)
    else:
        label = str(subject.person or subject.body)
    form = forms_manage.SubjectRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": subject.role}
    )
    return _run(
        request,
        case,
        form,
        title=f"Change the role of {label}",
        button="Save the role",
        run=lambda data: services.subject_set_role(
            actor=request.actor, subject_id=subject.pk, role=data["role"]
        ),
        done="The role was changed.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_MANAGE)
def vehicle_keeper(
    request: LanternRequest, case_id: uuid.UUID, vehicle_id: uuid.UUID
) -> HttpResponse:
    case = case_or_404(request, case_id)
    subject = selectors.case_subjects(case=case).filter(vehicle_id=vehicle_id).first()
    if subject is None or subject.vehicle is None:
        raise Http404
    vehicle = subject.vehicle
    keeper = selectors.own_keeper(actor=request.actor, case=case, vehicle_id=vehicle.pk)
    people = [
        (str(s.person_id), s.person.label)
        for s in selectors.case_subjects(case=case)
        if s.person is not None
    ]
    form = forms.KeeperForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={
            "keeper_name": keeper.name,
            "keeper_address": keeper.address,
            "keeper_person": str(keeper.person_id or "none"),
        },
    )
    return _run(
        request,
        case,
        form,
        title=f"Registered keeper of {display(vehicle.registration)}",
        button="Save the keeper",
        intro="From the DVLA's answer to your organisation's enquiry. The keeper letter is "
        "addressed to them: their name and address are printed as they are, so enter nothing "
        "else. They are your organisation's own record: other organisations see only that "
        "you hold keeper details.",
        run=lambda data: services.vehicle_set_keeper(
            actor=request.actor,
            case_id=case.pk,
            vehicle_id=vehicle.pk,
            name=data["keeper_name"],
            address=data["keeper_address"],
            person_id=(
                uuid.UUID(data["keeper_person"])
                if data.get("keeper_person") not in (None, "", "none")
                else None
            ),
        ),
        done="The registered keeper was recorded.",
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.ENFORCEMENT_APPROVE)
def action_supersede(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    try:
        action = selectors.action_get(actor=request.actor, action_id=action_id)
    except NotFound:
        raise Http404 from None
    form = forms_manage.SupersedeForm(request.POST if request.method == "POST" else None)
    back = reverse("cases:action", args=[action.pk])
    if request.method == "POST" and form.is_valid():
        try:
            new = services.action_supersede(
                actor=request.actor, action_id=action.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        else:
            messages.success(
                request, "The action was withdrawn and a new draft made from it to approve."
            )
            return redirect("cases:action", new.pk)
    return form_page(
        request,
        title=f"Supersede: {action.get_kind_display()}",
        form=form,
        button="Supersede it",
        back=back,
        caption=action.case.reference,
    )
