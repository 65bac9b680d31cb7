"""Screenings, reviews and consent: recording them and reading one."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.core import directory
from lantern.core.decorators import found, require_permission
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import can
from lantern.frontend.forms import errors_to_form
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.models import NrmExplained, Review
from lantern.safeguarding.rules import ChildrensServicesReferral
from lantern.safeguarding.views.common import (
    P,
    check_page,
    detail_page,
    form_page,
    indicator_labels,
    own_record,
    person_label,
    step,
    when,
    writable_person,
)


def _cases_of(request: LanternRequest, person_id: uuid.UUID) -> list[tuple[str, str]]:
    """The cases the person is on that the actor may see (the cases app answers)."""
    summary = directory.person(request.actor, person_id)
    found_cases = [directory.case(request.actor, c) for c in summary.case_ids] if summary else []
    return [(str(c.id), c.label) for c in found_cases if c is not None]


@require_permission(P.SCREENING_RECORD)
@found
def screening_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    selectors.person_to_write_about(actor=request.actor, person_id=person_id)  # else 404
    writable_person(request, person_id)
    form = forms.ScreeningForm(request.POST or None, cases=_cases_of(request, person_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_record(
                actor=request.actor,
                person_id=person_id,
                observed_at=form.observed_at(),
                context=data["context"],
                indicators=data["indicators"],
                age_band=data["age_band"],
                outcome=data["outcome"],
                notes=data["notes"],
                case_id=uuid.UUID(data["case"]) if forms.chosen(data["case"]) else None,
                may_be_under_18=form.under_18_judgement(),
                may_be_under_18_reason=data["may_be_under_18_reason"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Screening recorded")
            if selectors.may_see_person(request.actor, person_id):
                return redirect("safeguarding:person", person_id)
            return redirect("frontend:dashboard")
    band = selectors.child_status(actor=request.actor, person_id=person_id).age_band
    return form_page(
        request,
        form,
        title="Record a screening",
        button="Record screening",
        caption=person_label(request, person_id),
        intro=(
            f"Age by the date of birth on the police record: {selectors.BAND_LABELS[band]}."
            if band
            else ""
        ),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def screening_detail(request: LanternRequest, screening_id: uuid.UUID) -> HttpResponse:
    s = selectors.screening_get(actor=request.actor, screening_id=screening_id)
    rows = [
        ("Person", person_label(request, s.person_id)),
        ("Observed", when(s.observed_at)),
        ("Observed by", s.observed_by.display_name),
        ("Context", s.context),
        ("Indicators", indicator_labels(s.indicators)),
        ("Age", s.get_age_band_display()),
        *_age_judgement(s),
        ("Outcome", s.get_outcome_display()),
        ("Child sexual exploitation", "Yes" if s.child_sexual_exploitation else "No"),
        ("Notes", s.notes),
        ("Duty to Notify", _duty_met(s)),
    ]
    actions = []
    if (
        s.outcome == "potential_victim"
        and not s.duty_met_by
        and can(request.actor, P.DUTY_TO_NOTIFY_RECORD)
        and own_record(request, s)
    ):
        actions.append((reverse("safeguarding:duty-new", args=[s.pk]), "Meet the Duty to Notify"))
    return detail_page(request, "Screening", s.person_id, rows, actions)


def _age_judgement(s) -> list[tuple[str, str]]:
    if s.may_be_under_18 is None:
        return []
    return [
        (
            "Reasonable grounds to believe they may be under 18",
            "Yes: treated as under 18 (s.51)" if s.may_be_under_18 else "No",
        ),
        ("Reasons", s.may_be_under_18_reason),
    ]


def _duty_met(s) -> str:
    how = {"nrm": "NRM referral", "ms1": "MS1 (anonymous)"}.get(s.duty_met_by)
    return f"{how}, {when(s.duty_met_on)}" if how else "Not met"


def child_warning(request: LanternRequest, person_id: uuid.UUID) -> dict[str, str]:
    """For the review page: why the person is treated as under 18, and what enforcement
    needs first (CHILDRENS_SERVICES_REFERRAL), with a link to make the referral."""
    status = selectors.child_status(actor=request.actor, person_id=person_id)
    if not status.child:
        return {}
    if status.childrens_referral:
        return {"warning": f"{status.why} A referral to children's social care is on record."}
    return {
        "warning": f"{status.why} {ChildrensServicesReferral.message()}",
        "referral_url": reverse("safeguarding:referral-new", args=[person_id]),
    }


@require_permission(P.SAFEGUARDING_REVIEW_RECORD)
@found
def review_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    selectors.person_to_write_about(actor=request.actor, person_id=person_id)  # else 404
    writable_person(request, person_id)
    form = forms.ReviewForm(request.POST or None)
    at, refusal = step(request), None
    label = person_label(request, person_id)
    if at != "form" and form.is_valid():
        try:
            if at == "confirm":
                review = services.review_record(
                    actor=request.actor, person_id=person_id, **form.cleaned_data
                )
            else:
                services.review_check(actor=request.actor, person_id=person_id, **form.cleaned_data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        else:
            if at == "confirm":
                messages.success(request, f"Review recorded: {review.get_decision_display()}")
                return redirect("safeguarding:person", person_id)
            data = form.cleaned_data
            return check_page(
                request,
                form,
                title="Check your answers before recording the review",
                caption=label,
                rows=[
                    ("Decision", Review.Decision(data["decision"]).label),
                    ("Rationale", data["rationale"]),
                    ("Date of the decision", when(data["decided_on"])),
                ],
                button="Record review",
                weight_heading="Now record the review",
                weight=(
                    "Your decision says whether any warning, notice or penalty against this "
                    "person may go ahead. Once recorded, it is not edited: a later review "
                    "replaces it."
                ),
                **child_warning(request, person_id),
            )
    return form_page(
        request,
        form,
        title="Record a safeguarding review",
        button="Continue",
        caption=label,
        intro="Your decision says whether any warning, notice or penalty may go ahead.",
        refusal=refusal,
        **child_warning(request, person_id),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def review_detail(request: LanternRequest, review_id: uuid.UUID) -> HttpResponse:
    r = selectors.review_get(actor=request.actor, review_id=review_id)
    rows = [
        ("Person", person_label(request, r.person_id)),
        ("Decision", r.get_decision_display()),
        ("Rationale", r.rationale),
        ("Date", when(r.decided_on)),
        ("Reviewer", r.reviewer.display_name),
    ]
    return detail_page(request, "Safeguarding review", r.person_id, rows)


@require_permission(P.CONSENT_RECORD)
@found
def consent_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    selectors.person_to_write_about(actor=request.actor, person_id=person_id)  # else 404
    writable_person(request, person_id)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=request.actor,
                person_id=person_id,
                purpose=data["purpose"],
                given=data["given"] == "yes",
                explanation=data["explanation"],
                explained_at=form.explained_at(),
                nrm_explained=data["nrm_explained"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except RuleRefused as exc:
            form.add_error("nrm_explained", exc.message)
        else:
            messages.success(request, "Consent recorded")
            return redirect("safeguarding:person", person_id)
    return form_page(
        request,
        form,
        title="Record consent",
        button="Record consent",
        caption=person_label(request, person_id),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def consent_detail(request: LanternRequest, consent_id: uuid.UUID) -> HttpResponse:
    c = selectors.consent_get(actor=request.actor, consent_id=consent_id)
    explained = dict(NrmExplained.choices)
    rows = [
        ("Person", person_label(request, c.person_id)),
        ("Purpose", c.get_purpose_display()),
        ("Consented", "Yes" if c.given else "No"),
        ("Explained by", c.explained_by.display_name),
        ("Explained", when(c.explained_at)),
        ("What was explained", c.explanation),
        ("NRM points explained", "; ".join(explained.get(p, p) for p in c.nrm_explained)),
        ("Withdrawn", when(c.withdrawn_at) or "No"),
    ]
    can_withdraw = c.in_force and can(request.actor, P.CONSENT_RECORD) and own_record(request, c)
    return detail_page(
        request, "Consent", c.person_id, rows, extra={"withdraw": can_withdraw, "consent": c}
    )


@require_POST
@require_permission(P.CONSENT_RECORD)
@found
def consent_withdraw(request: LanternRequest, consent_id: uuid.UUID) -> HttpResponse:
    try:
        consent = services.consent_withdraw(actor=request.actor, consent_id=consent_id)
    except ValidationFailed:
        messages.info(request, "That consent was not in force")
        return redirect("safeguarding:consent", consent_id)
    messages.success(request, "Withdrawal of consent recorded")
    return redirect("safeguarding:person", consent.person_id)
