"""Analytics' panels. On the cases app's case page (registered here, shown there; cases never
imports analytics): a place-based problem's impact evaluations, with their figures, reading
and chart, and, in the assessment stage, a link to evaluate the response. On a resident's
home page: the public neighbourhood pages (views/neighbourhoods.py). On the staff dashboard
of analysts and supervisors: the partnership's figures by month (views/figures.py)."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from lantern.analytics import selectors
from lantern.analytics.views.impact import counts_table, figures
from lantern.cases import selectors as cases
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.places.selectors import public_area_list


def _case_impact(request: LanternRequest, *, case_id: uuid.UUID, **_: Any) -> dict[str, Any] | None:
    actor = request.actor
    case = cases.case_list(actor=actor).filter(pk=case_id).first()  # the page logged the read
    if case is None or case.kind != "place":
        return None
    evaluations = [
        {
            "evaluation": e,
            "url": reverse("analytics:impact", args=[e.pk]),
            "chart_url": reverse("analytics:impact-chart", args=[e.pk]),
            "summary": summary_list(figures(e)),
            "counts": counts_table(e, caption=f"Counts before and after: {e.title}"),
        }
        for e in selectors.impact_for_case(actor=actor, case_id=case.pk)
    ]
    may_evaluate = can(actor, Permission.IMPACT_MANAGE) or can(actor, Permission.CASE_MANAGE, case)
    new_url = note = ""
    if case.sara_stage != "assessment":
        note = "The response can be evaluated when the problem reaches its assessment stage."
    elif not case.area:
        note = "Draw the problem's area on the case to evaluate the response."
    elif may_evaluate:
        new_url = reverse("analytics:impact-new-for-case", args=[case.pk])
    return {"evaluations": evaluations, "new_url": new_url, "note": note}


register(
    Panel(
        name="analytics.case_impact",
        page=Page.CASE,
        column=Column.MAIN,
        template="analytics/panels/case_impact.html",
        permission=Permission.IMPACT_VIEW,
        context=_case_impact,
        order=50,
    )
)


def _neighbourhoods(request: LanternRequest, **_: Any) -> dict[str, Any] | None:
    areas = list(public_area_list().values("pk", "name")[:10])
    return {"areas": areas} if areas else None


register(
    Panel(
        name="analytics.neighbourhoods",
        page=Page.RESIDENT_HOME,
        column=Column.SIDE,
        template="analytics/panels/neighbourhoods.html",
        permission=Permission.RESIDENT_HOME_VIEW,
        context=_neighbourhoods,
        order=60,
    )
)


def _figures(request: LanternRequest, **_: Any) -> dict[str, Any] | None:
    return {"url": reverse("analytics:partnership-figures")}


register(
    Panel(
        name="analytics.partnership_figures",
        page=Page.STAFF_DASHBOARD,
        column=Column.SIDE,
        template="analytics/panels/figures.html",
        permission=Permission.PARTNERSHIP_FIGURES_VIEW,
        context=_figures,
        order=70,
    )
)
