"""Impact evaluations (with their chart) and the partnership dashboard."""

from __future__ import annotations

import io
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from lantern.analytics import selectors, services
from lantern.analytics.forms import AreaForm, ImpactForm
from lantern.analytics.models import ImpactEvaluation
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
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
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("analytics:impact", args=[e.pk]),
                e.title,
            ),
            f"{e.before_start:%b %Y} / {e.after_start:%b %Y}",
            "declined"
            if e.results.get("wdq", {}).get("value") is None
            else f"{e.results['wdq']['value']:.2f}",
        )
        for e in selectors.impact_list(actor=request.actor)[:200]
    ]
    return render(
        request,
        "analytics/impact_list.html",
        {
            "table": table(
                caption="Impact evaluations",
                head=["Evaluation", "Before / after", "WDQ"],
                rows=rows,
                html_columns=frozenset({0}),
            )
            if rows
            else None,
            "can_manage": can(request.actor, Permission.IMPACT_MANAGE),
        },
    )


@require_permission(Permission.IMPACT_MANAGE)
@require_http_methods(["GET", "POST"])
def impact_new(request: LanternRequest) -> HttpResponse:
    form = ImpactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.impact_evaluate(actor=request.actor, **form.cleaned_data)
        except ValidationFailed as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Impact evaluation computed.")
            return redirect("analytics:impact", evaluation.pk)
    return render(request, "analytics/impact_new.html", {"form": form})


@require_permission(Permission.IMPACT_VIEW)
def impact_detail(request: LanternRequest, evaluation_id: uuid.UUID) -> HttpResponse:
    e = _evaluation(request, evaluation_id)
    c, r = e.counts, e.results
    wdq = r["wdq"]
    counts = table(
        caption="Counts before and after",
        head=["Area", "Before", "After"],
        rows=[
            ("Problem area (response)", c["rb"], c["ra"]),
            (f"Buffer ({e.buffer_m} m)", c["db"], c["da"]),
            ("Comparison area", c["cb"], c["ca"]),
        ],
    )
    summary = summary_list(
        [
            ("Category", e.category or "All categories"),
            ("Before", f"{e.before_start:%-d %b %Y} to the day before {e.before_end:%-d %b %Y}"),
            ("After", f"{e.after_start:%-d %b %Y} to the day before {e.after_end:%-d %b %Y}"),
            ("Rate ratio, problem area (after / before)", _rr(r["rate_ratio"])),
            ("Rate ratio relative to the comparison area", _rr(r["relative_rate_ratio"])),
            (
                "Weighted Displacement Quotient",
                f"{wdq['value']:.2f}: {wdq['reading']}" if wdq["value"] is not None
                else f"Not computed: {wdq['refused']}",
            ),
        ]
    )  # fmt: skip
    return render(
        request,
        "analytics/impact_detail.html",
        {"evaluation": e, "counts": counts, "summary": summary},
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


@require_permission(Permission.PARTNERSHIP_DASHBOARD_VIEW)
def dashboard(request: LanternRequest) -> HttpResponse:
    form = AreaForm(request.GET or None)
    area = form.cleaned_data["area"] if form.is_valid() else ""
    rows = selectors.monthly_counts(actor=request.actor, area=area)
    months = sorted({m for m, _, _ in rows})
    categories = sorted({t for _, t, _ in rows})
    grid = {(m, t): n for m, t, n in rows}
    trend = None
    if rows:
        trend = table(
            caption=f"Records by month and category, {area or 'all areas'}",
            head=["Category", *[f"{m:%b %Y}" for m in months]],
            rows=[(t, *[grid.get((m, t), 0) for m in months]) for t in categories]
            + [("All categories", *[sum(grid.get((m, t), 0) for t in categories) for m in months])],
        )
    evaluations = []
    if can(request.actor, Permission.IMPACT_VIEW):
        evaluations = list(selectors.impact_list(actor=request.actor)[:10])
    return render(
        request,
        "analytics/dashboard.html",
        {"form": form, "trend": trend, "evaluations": evaluations},
    )
