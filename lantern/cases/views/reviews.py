"""The ASB Case Review (Community Trigger): a resident's application and where it is; the
officers' list of applications with their timescales, and the steps of one application
(threshold decision, review meeting and recommendations, outcome letter as a frozen PDF)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from govuk_frontend_django.components.summary_list import GovUKSummaryList
from govuk_frontend_django.components.table import GovUKTable

from lantern.cases import forms, forms_review, selectors, services
from lantern.cases.models import CaseReview
from lantern.cases.views.common import day, link, when
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form


def _next(review: CaseReview) -> tuple[str, str]:
    step = selectors.review_next_step(review)
    if step is None:
        return "None: the outcome letter has been sent", ""
    due = day(step.due_on) + (" (late)" if step.late else "")
    return step.name, due


def _letter_link(review: CaseReview) -> str:
    if not review.outcome_sha256:
        return ""
    return link(reverse("cases:review-letter", args=[review.pk]), "Download the letter (PDF)")


# --- the resident's side -----------------------------------------------------------------------


def _thresholds(eligibilities: list[Any]) -> list[dict[str, Any]]:
    """Each council's threshold in words, and whether the resident's reports meet it."""
    return [
        {
            "authority": e.policy.authority_name,
            "threshold": e.policy.threshold_text(),
            "months": e.policy.case_review_months,
            "qualifying": len(e.qualifying_report_ids),
            "eligible": e.eligible,
        }
        for e in eligibilities
    ]


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CASE_REVIEW_APPLY)
def case_review(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    eligibilities = selectors.resident_eligibilities(actor=actor)
    councils = list(selectors.review_councils())
    choices = [(str(c.pk), c.name) for c in councils] if len(councils) > 1 else []
    form = forms.ReviewApplyForm(request.POST or None, councils=choices)
    refusal = None
    if request.method == "POST" and form.is_valid():
        council = form.cleaned_data.get("council")
        try:
            review = services.case_review_apply(
                actor=actor,
                statement=form.cleaned_data["statement"],
                council_id=uuid.UUID(council) if council else None,
            )
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Your application {review.reference} was received. We will tell you by "
                f"{review.decision_due_on:%-d %B %Y} whether the review will go ahead.",
            )
            return redirect("cases:review")
    reviews = list(selectors.own_case_reviews(actor=actor))
    thresholds = _thresholds(eligibilities)
    return render(
        request,
        "cases/review.html",
        {
            "thresholds": thresholds,
            "threshold_table": table(
                caption="Each council's threshold",
                head=["Council", "You can ask for a review if you have reported", "Your reports"],
                rows=[
                    (
                        t["authority"],
                        f"{t['threshold']}, each within a month of it happening",
                        f"{t['qualifying']} qualifying: "
                        + ("meets the threshold" if t["eligible"] else "does not meet it"),
                    )
                    for t in thresholds
                ],
            )
            if len(thresholds) > 1
            else None,
            "eligible": any(t["eligible"] for t in thresholds),
            "form": form,
            "refusal": refusal,
            "reviews_table": table(
                caption="Your applications",
                head=["Reference", "Applied", "Where it is", "Next step", "Due by", "Letter"],
                rows=[
                    (
                        r.reference,
                        day(r.created_at),
                        r.get_status_display(),
                        *_next(r),
                        _letter_link(r),
                    )
                    for r in reviews
                ],
                html_columns=frozenset({5}),
            )
            if reviews
            else None,
        },
        status=422 if refusal or form.errors else 200,
    )


def review_letter(request: LanternRequest, review_id: uuid.UUID) -> HttpResponse:
    """The outcome letter as sent, for its applicant or the partnership's officers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        review = selectors.case_review_get(actor=request.actor, review_id=review_id)
    except NotFound:
        raise Http404 from None
    if not review.outcome_pdf:
        raise Http404
    response = HttpResponse(bytes(review.outcome_pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="asb-case-review-{review.reference}.pdf"'
    )
    response["X-Content-SHA256"] = review.outcome_sha256
    return response


# --- the officers' side ------------------------------------------------------------------------


@require_permission(Permission.CASE_REVIEW_MANAGE)
def review_list(request: LanternRequest) -> HttpResponse:
    reviews = list(selectors.case_review_list(actor=request.actor)[:200])
    rows = [
        (
            link(reverse("cases:review-detail", args=[r.pk]), r.reference),
            day(r.created_at),
            r.get_status_display(),
            *_next(r),
        )
        for r in reviews
    ]
    return render(
        request,
        "cases/review_list.html",
        {
            "rows": rows,
            "table": table(
                caption="ASB Case Review applications",
                caption_hidden=True,
                head=["Reference", "Applied", "Where it is", "Next step", "Due by"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
        },
    )


def _review_or_404(request: LanternRequest, review_id: uuid.UUID) -> CaseReview:
    try:
        review = selectors.case_review_get(actor=request.actor, review_id=review_id)
    except NotFound:
        raise Http404 from None
    if review.applicant_id == request.actor.user_id:  # an officer never manages their own
        raise Http404
    return review


@require_permission(Permission.CASE_REVIEW_MANAGE)
def review_detail(
    request: LanternRequest,
    review_id: uuid.UUID,
    step_form: django_forms.Form | None = None,
) -> HttpResponse:
    """One application: its summary, timescales and reports, and the form for its next
    step (``step_form`` is that form again, with its errors, after a refused step)."""
    review = _review_or_404(request, review_id)
    reports = selectors.case_review_reports(actor=request.actor, review=review)
    form, form_action, button = _next_step_form(review, step_form)
    return render(
        request,
        "cases/review_detail.html",
        {
            "review": review,
            "summary": _review_summary(review),
            "steps_table": _steps_table(review),
            "reports_table": table(
                caption="Reports",
                caption_hidden=True,
                head=["Reference", "What", "When"],
                rows=[(r.reference, r.category.name, when(r.occurred_from)) for r in reports],
            ),
            "reports": reports,
            "form": form,
            "form_action": form_action,
            "button": button,
            "letter_url": reverse("cases:review-letter", args=[review.pk])
            if review.outcome_sha256
            else "",
        },
        status=422 if form is not None and form.errors else 200,
    )


# The step each status of an application waits for: its form, where it is sent, its button.
_NEXT_STEP: dict[str, tuple[type[django_forms.Form], str, str]] = {
    CaseReview.Status.APPLIED: (
        forms_review.ReviewDecisionForm,
        "cases:review-decide",
        "Record the decision",
    ),
    CaseReview.Status.THRESHOLD_MET: (
        forms_review.ReviewMeetingForm,
        "cases:review-meeting",
        "Record the meeting",
    ),
    CaseReview.Status.MEETING_HELD: (
        forms_review.ReviewOutcomeForm,
        "cases:review-outcome",
        "Send the outcome letter",
    ),
    CaseReview.Status.NOT_MET: (
        forms_review.ReviewOutcomeForm,
        "cases:review-outcome",
        "Send the outcome letter",
    ),
}


def _next_step_form(
    review: CaseReview, step_form: django_forms.Form | None
) -> tuple[django_forms.Form | None, str, str]:
    """(form, where it is sent, button) for the application's next step; no form once the
    outcome letter has been sent."""
    step = _NEXT_STEP.get(review.status)
    if step is None:
        return step_form, "", ""
    form_class, url_name, button = step
    return step_form or form_class(), reverse(url_name, args=[review.pk]), button


def _threshold(review: CaseReview) -> str:
    if review.threshold_met is None:
        return "Not yet decided"
    return "Met" if review.threshold_met else f"Not met: {review.decision_reason}"


def _review_summary(review: CaseReview) -> GovUKSummaryList:
    policy = selectors.review_policy(review=review)
    return summary_list(
        [
            ("Applicant", review.applicant.display_name),
            ("Applied", when(review.created_at)),
            ("Council applied to", policy.authority_name or "Not recorded"),
            (
                "Threshold in force",
                f"{policy.threshold_text()}, each reported within a month of it happening",
            ),
            (
                "Reports met it when the resident applied",
                "Yes" if review.eligible_on_application else "No",
            ),
            ("Where it is", review.get_status_display()),
            ("Hate incident", "Yes" if review.hate_incident else "No"),
            ("Qualifying reports", len(review.report_ids)),
            ("What they want reviewed", review.statement or "Not given"),
            ("Threshold", _threshold(review)),
            ("Recommendations", review.recommendations or "None yet"),
        ]
    )


def _on_time(step: selectors.ReviewStep) -> str:
    if step.done_on:
        return "Late" if step.late else "Yes"
    return "Overdue" if step.late else ""


def _steps_table(review: CaseReview) -> GovUKTable:
    return table(
        caption="Timescales",
        caption_hidden=True,
        head=["Step", "Due by", "Done on", "On time"],
        rows=[
            (s.name, day(s.due_on), day(s.done_on) or "Not yet", _on_time(s))
            for s in selectors.review_steps(review)
        ],
    )


def _step(
    request: LanternRequest,
    review_id: uuid.UUID,
    form: django_forms.Form,
    run: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    _review_or_404(request, review_id)
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("cases:review-detail", review_id)
    return review_detail(request, review_id, step_form=form)


@require_POST
@require_permission(Permission.CASE_REVIEW_MANAGE)
def review_decide(request: LanternRequest, review_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        review_id,
        forms_review.ReviewDecisionForm(request.POST),
        lambda data: services.case_review_decide(
            actor=request.actor,
            review_id=review_id,
            threshold_met=data["threshold_met"],
            reason=data["reason"],
        ),
        "The decision on the threshold was recorded.",
    )


@require_POST
@require_permission(Permission.CASE_REVIEW_MANAGE)
def review_meeting(request: LanternRequest, review_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        review_id,
        forms_review.ReviewMeetingForm(request.POST),
        lambda data: services.case_review_meeting(
            actor=request.actor,
            review_id=review_id,
            held_on=data["held_on"],
            recommendations=data["recommendations"],
        ),
        "The meeting and its recommendations were recorded.",
    )


@require_POST
@require_permission(Permission.CASE_REVIEW_MANAGE)
def review_outcome(request: LanternRequest, review_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        review_id,
        forms_review.ReviewOutcomeForm(request.POST),
        lambda data: services.case_review_outcome(
            actor=request.actor, review_id=review_id, letter=data["letter"]
        ),
        "The outcome letter was sent. The applicant can read it when they sign in.",
    )
