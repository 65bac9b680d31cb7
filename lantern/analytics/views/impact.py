"""Impact evaluations, with their chart."""

from __future__ import annotations

import io
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from lantern.analytics import selectors, services
from lantern.analytics.forms import ImpactForm
from lantern.analytics.models import ImpactEvaluation
from lantern.cases import selectors as cases_selectors
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table


def _evaluation(request: LanternRequest, evaluation_id: uuid.UUID) -> ImpactEvaluation:
    try:
        return selectors.impact_get(actor=request.actor, evaluation_id=evaluation_id)
    except NotFound:
        raise Http404 from None


def _rr(result: dict) -> str:
    if "refused" in result:
        return f"Not computed: {result['refused']}"
    return f"{result['value']:.2f} (95% CI {result['lower']:.2f} to {result['upper']:.2f})"


@require_permission(Permission.IMPACT_VIEW)
def impact_list(request: LanternRequest) -> HttpResponse:
    evaluations = selectors.impact_list(actor=request.actor).select_related("partnership")
    # Which partnership each evaluation is for, when the actor works in several.
    several = len(request.actor.partnership_ids) > 1
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("analytics:impact", args=[e.pk]),
                e.title,
            ),
            *([e.partnership.name] if several else []),
            f"{e.before_start:%b %Y} / {e.after_start:%b %Y}",
            "declined"
            if e.results.get("wdq", {}).get("value") is None
            else f"{e.results['wdq']['value']:.2f}",
        )
        for e in evaluations[:200]
    ]
    return render(
        request,
        "analytics/impact_list.html",
        {
            "table": table(
                caption="Impact evaluations",
                head=[
                    "Evaluation",
                    *(["Partnership"] if several else []),
                    "Before / after",
                    "WDQ",
                ],
                rows=rows,
                html_columns=frozenset({0}),
            )
            if rows
            else None,
            "can_manage": can(request.actor, Permission.IMPACT_MANAGE),
        },
    )


def _sources(choice: str) -> frozenset[str]:
    return frozenset({"imported", "reports"}) if choice == "both" else frozenset({choice})


def _evaluate(request: LanternRequest, form: ImpactForm, case_id=None):
    data = dict(form.cleaned_data)
    data["sources"] = _sources(data.pop("source") or "imported")
    data["partnership_id"] = data.pop("partnership", None)
    try:
        return services.impact_evaluate(actor=request.actor, case_id=case_id, **data)
    except ValidationFailed as exc:
        for field, errors in exc.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    return None


@require_permission(Permission.IMPACT_MANAGE)
@require_http_methods(["GET", "POST"])
def impact_new(request: LanternRequest) -> HttpResponse:
    form = ImpactForm(
        request.POST or None, partnerships=selectors.partnership_choices(actor=request.actor)
    )
    if request.method == "POST" and form.is_valid():
        evaluation = _evaluate(request, form)
        if evaluation is not None:
            messages.success(request, "Impact evaluation computed.")
            return redirect("analytics:impact", evaluation.pk)
    return render(
        request,
        "analytics/impact_new.html",
        {"form": form, "back_url": reverse("analytics:impacts"), "back_text": "Impact evaluations"},
    )


@require_permission(Permission.IMPACT_VIEW)
@require_http_methods(["GET", "POST"])
def impact_new_for_case(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    """An evaluation in the assessment stage of a place-based problem case, its problem
    area prefilled with the case's area (analysts, and the officers who manage the case)."""
    try:
        case = services.case_for_evaluation(actor=request.actor, case_id=case_id)
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
        return redirect("cases:case", case_id)
    form = ImpactForm(
        request.POST or None,
        initial={
            "title": f"{case.reference}: {case.title}"[:120],
            "problem_area": case.area,
        },
    )
    if request.method == "POST" and form.is_valid():
        evaluation = _evaluate(request, form, case_id=case.pk)
        if evaluation is not None:
            messages.success(request, "Impact evaluation computed and added to the case.")
            return redirect("cases:case", case.pk)
    return render(
        request,
        "analytics/impact_new.html",
        {
            "form": form,
            "case": case,
            "back_url": reverse("cases:case", args=[case.pk]),
            "back_text": f"Back to {case.reference}",
        },
    )


def counts_table(e: ImpactEvaluation, *, caption: str = "Counts before and after"):
    c = e.counts
    return table(
        caption=caption,
        head=["Area", "Before", "After"],
        rows=[
            ("Problem area (response)", c["rb"], c["ra"]),
            (f"Buffer ({e.buffer_m} m)", c["db"], c["da"]),
            ("Comparison area", c["cb"], c["ca"]),
        ],
    )


def wdq_text(e: ImpactEvaluation) -> str:
    wdq = e.results["wdq"]
    if wdq["value"] is None:
        return f"Not computed: {wdq['refused']}"
    return f"{wdq['value']:.2f}: {wdq['reading']}"


def figures(e: ImpactEvaluation) -> list[tuple[str, str]]:
    r = e.results
    return [
        ("Category", e.category or "All categories"),
        ("Before", f"{e.before_start:%-d %b %Y} to the day before {e.before_end:%-d %b %Y}"),
        ("After", f"{e.after_start:%-d %b %Y} to the day before {e.after_end:%-d %b %Y}"),
        ("Rate ratio, problem area (after / before)", _rr(r["rate_ratio"])),
        ("Rate ratio relative to the comparison area", _rr(r["relative_rate_ratio"])),
        ("Weighted Displacement Quotient", wdq_text(e)),
    ]


@require_permission(Permission.IMPACT_VIEW)
def impact_detail(request: LanternRequest, evaluation_id: uuid.UUID) -> HttpResponse:
    e = _evaluation(request, evaluation_id)
    case = None
    if e.case_id is not None:
        case = cases_selectors.case_list(actor=request.actor).filter(pk=e.case_id).first()
    return render(
        request,
        "analytics/impact_detail.html",
        {
            "evaluation": e,
            "counts": counts_table(e),
            "summary": summary_list([("Partnership", e.partnership.name), *figures(e)]),
            "case": case,
        },
    )


@require_permission(Permission.IMPACT_VIEW)
def impact_chart(request: LanternRequest, evaluation_id: uuid.UUID) -> HttpResponse:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    e = _evaluation(request, evaluation_id)
    c = e.counts
    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    try:
        labels = ["Problem area", "Buffer", "Comparison"]
        before = [c["rb"], c["db"], c["cb"]]
        after = [c["ra"], c["da"], c["ca"]]
        xs = range(len(labels))
        ax.bar([x - 0.2 for x in xs], before, width=0.4, label="Before", color="#1d70b8")
        ax.bar([x + 0.2 for x in xs], after, width=0.4, label="After", color="#f47738")
        ax.set_xticks(list(xs), labels)
        ax.set_ylabel("Records")
        ax.set_title(e.title)
        ax.legend()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    return HttpResponse(buffer.getvalue(), content_type="image/png")
