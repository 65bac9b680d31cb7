"""The subject and problem profile pages and PDFs."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.intelligence.marking import PROTECTIVE_MARKING
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.selectors import profiles as selectors
from lantern.intelligence.selectors import tasking as tasking_selectors
from lantern.intelligence.selectors.profiles import when
from lantern.intelligence.views.profiles.common import (
    ProblemForm,
    _graded_table,
    _grading,
    _network_tables,
    _page,
    _pdf_response,
    _tasking_form,
    _tasking_table,
)

P = Permission


# --- subject profile ------------------------------------------------------------------------


@require_GET
@_page
def subject_profile(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    profile = selectors.subject_profile(request.actor, entity_id=entity_id)
    entity = profile.entity
    ids = [entity.pk, *[m.pk for m in entity.merged.all()]]
    actions = list(tasking_selectors.tasking_list(request.actor, status="", entity_ids=ids))
    rows = [
        ("Type", profile.schema_label),
        ("Generated", f"{when(profile.generated_at)} by {profile.generated_by}"),
    ]
    if profile.merged:
        rows.append(("Also recorded as", ", ".join(profile.merged)))
    if profile.casework is not None:
        rows.append(
            (
                "Casework you may see",
                f"{profile.casework.cases} case(s), {profile.casework.actions} enforcement "
                "action(s)",
            )
        )
    statements = [row for _, rows_ in profile.properties for row in rows_]
    return render(
        request,
        "intelligence/profiles/subject.html",
        {
            "profile": profile,
            "entity": entity,
            "marking": PROTECTIVE_MARKING,
            "summary": summary_list(rows),
            "statements_table": _graded_table("What is held", statements, "Property")
            if statements
            else None,
            "links_table": _graded_table("Links", profile.links, "Link") if profile.links else None,
            "reports_table": _graded_table(
                "Intelligence reports", profile.reports, "Report (sanitised)"
            )
            if profile.reports
            else None,
            "timeline_table": table(
                caption="Timeline",
                head=["Date", "Kind", "What", "Grading"],
                rows=[(when(r.on), r.kind, r.text, _grading(r)) for r in profile.timeline],
            )
            if profile.timeline
            else None,
            **_network_tables(profile.network),
            "tasking_table": _tasking_table(actions, "Tasking actions") if actions else None,
            "tasking_form": _tasking_form(
                request,
                entity.partnership_id,
                {"profile_kind": TaskingAction.Kind.SUBJECT, "entity": entity.pk},
            ),
        },
    )


@require_GET
@_page
def subject_profile_pdf_view(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    profile = selectors.subject_profile(request.actor, entity_id=entity_id)
    from lantern.intelligence.profile_documents import subject_profile_pdf  # reportlab, lazily

    return _pdf_response(subject_profile_pdf(profile), "subject-profile.pdf")


# --- problem profile ------------------------------------------------------------------------


def _problem(request: LanternRequest) -> tuple[ProblemForm, selectors.ProblemProfile | None]:
    places = selectors.problem_places(request.actor)
    if not request.GET:
        return ProblemForm(places=places), None
    form = ProblemForm(request.GET, places=places)
    if not form.is_valid():
        return form, None
    try:
        scope = selectors.problem_scope(request.actor, **form.cleaned_data)
    except ValidationFailed as exc:
        errors_to_form(form, exc)
        return form, None
    return form, selectors.problem_profile(request.actor, scope=scope)


@require_GET
@_page
def problem_profile(request: LanternRequest) -> HttpResponse:
    form, profile = _problem(request)
    context: dict[str, Any] = {"form": form, "profile": profile, "marking": PROTECTIVE_MARKING}
    if profile is not None:
        scope = profile.scope
        query = {
            "place": form.cleaned_data["place"],
            "since": scope.since.isoformat(),
            "until": scope.until.isoformat(),
        }
        actions = [
            a
            for a in tasking_selectors.tasking_list(
                request.actor, status="", profile_kind=TaskingAction.Kind.PROBLEM
            )
            if a.partnership_id == scope.partnership_id and a.area_id == scope.area_id
        ]
        context.update(
            {
                "pdf_url": reverse("intelligence:problem-profile-pdf") + "?" + urlencode(query),
                "category_table": table(
                    caption="Reports by category",
                    head=["Category", "Reports"],
                    rows=profile.by_category,
                ),
                "month_table": table(
                    caption="Reports by month",
                    head=["Month", "Reports"],
                    rows=[(f"{m:%B %Y}", n) for m, n in profile.by_month],
                ),
                "hotspot_table": table(
                    caption="Hotspots: the H3 cells with the most reports",
                    head=["H3 cell", "Centre (latitude, longitude)", "Reports", "Most reported"],
                    rows=[
                        (h.cell, f"{h.latitude}, {h.longitude}", h.reports, h.top_category)
                        for h in profile.hotspots
                    ],
                )
                if profile.hotspots
                else None,
                "enforcement_table": table(
                    caption="Enforcement actions served",
                    head=["Action", "Served"],
                    rows=profile.enforcement,
                )
                if profile.enforcement
                else None,
                "safeguarding_table": table(
                    caption="Safeguarding (counts only)",
                    head=["Record", "Count"],
                    rows=profile.safeguarding,
                )
                if profile.safeguarding
                else None,
                **_network_tables(profile.network),
                "tasking_table": _tasking_table(actions, "Tasking actions") if actions else None,
                "tasking_form": _tasking_form(
                    request,
                    scope.partnership_id,
                    {"profile_kind": TaskingAction.Kind.PROBLEM, **query},
                ),
            }
        )
    return render(request, "intelligence/profiles/problem.html", context)


@require_GET
@_page
def problem_profile_pdf_view(request: LanternRequest) -> HttpResponse:
    _form, profile = _problem(request)
    if profile is None:
        return redirect(reverse("intelligence:problem-profile") + "?" + request.GET.urlencode())
    from lantern.intelligence.profile_documents import problem_profile_pdf  # reportlab, lazily

    return _pdf_response(problem_profile_pdf(profile), "problem-profile.pdf")
