"""The ASB Case Review (Community Trigger): a resident's application and its progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.cases import forms, selectors, services
from lantern.cases.views.common import day
from lantern.core.decorators import require_permission
from lantern.core.errors import RuleRefused
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table


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
                        day(r.created_at),
                        r.get_status_display(),
                        day(r.decision_due_on),
                    )
                    for r in reviews
                ],
            )
            if reviews
            else None,
        },
        status=422 if refusal else 200,
    )
