"""The intelligence pages: profiles (URL patterns below, included by lantern/intelligence/urls.py).

- ``subject-profile`` and ``subject-profile-pdf``: the NIM subject profile of a person or
  vehicle entity, as a page and a PDF;
- ``problem-profile`` and ``problem-profile-pdf``: a place and period (a GET form);
- ``tasking``: the open tasking actions; ``tasking-add``, ``tasking-complete`` and
  ``tasking-cancel`` record actions agreed at the tasking meeting.

Anyone who may not read intelligence gets a 404 on every one of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core import clock
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.profile_documents import (
    PROTECTIVE_MARKING,
    problem_profile_pdf,
    subject_profile_pdf,
)
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors import profiles as selectors
from lantern.intelligence.selectors import tasking as tasking_selectors
from lantern.intelligence.selectors.profiles import GradedRow, ProfileNetwork, when
from lantern.intelligence.services import tasking as tasking_services

P = Permission


def _page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-out visitors go to sign in; a reader without intelligence, or a record they
    may not see, is a 404."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            access.require_reader(request.actor)
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapped


# --- forms ----------------------------------------------------------------------------------


class TaskingForm(forms.Form):
    action = forms.CharField(
        label="Action agreed",
        max_length=tasking_services.ACTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.TypedChoiceField(label="Owner", coerce=uuid.UUID)
    due_on = forms.DateField(label="Due on", help_text="For example, 2026-12-31")
    # Which profile the action is agreed on (kept from the page that shows the form).
    profile_kind = forms.CharField(widget=forms.HiddenInput)
    entity = forms.UUIDField(widget=forms.HiddenInput, required=False)
    place = forms.CharField(widget=forms.HiddenInput, required=False)
    since = forms.DateField(widget=forms.HiddenInput, required=False)
    until = forms.DateField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, owners: Sequence[tuple[uuid.UUID, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose an owner"), *owners]  # type: ignore[attr-defined]


class ProblemForm(forms.Form):
    place = forms.ChoiceField(label="Place")
    since = forms.DateField(
        label="From", required=False, help_text="For example, 2026-09-01. Empty: 90 days ago"
    )
    until = forms.DateField(label="To", required=False, help_text="Empty: today")

    def __init__(self, *args: Any, places: Sequence[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = list(places)  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the action cancelled?",
        max_length=tasking_services.ACTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- shared pieces --------------------------------------------------------------------------


def _grading(row: GradedRow) -> str:
    if row.conditions:
        return f"{row.grade}. Handling conditions: {row.conditions}"
    return row.grade


def _graded_table(caption: str, rows: Sequence[GradedRow], first: str) -> Any:
    return table(
        caption=caption,
        head=[first, "Grading", "Origin", "Recorded by", "Date"],
        rows=[
            (
                r.text + (f" ({r.valid})" if r.valid else ""),
                _grading(r),
                r.origin,
                r.said_by,
                when(r.on),
            )
            for r in rows
        ],
    )


def _network_tables(network: ProfileNetwork) -> dict[str, Any]:
    nodes = table(
        caption="Entities in the network, with their measures",
        head=[
            "Entity",
            "Type",
            "Potential victim",
            "Degree",
            "Betweenness",
            "Eigenvector",
            "Group",
        ],
        rows=[
            (
                n.caption + (" (this subject)" if n.centre else ""),
                n.schema,
                "Potential victim: never a target" if n.potential_victim else "No",
                n.degree,
                f"{n.betweenness:.1f}",
                f"{n.eigenvector:.2f}",
                n.community + 1,
            )
            for n in network.nodes
        ],
    )
    links = table(
        caption="Links in the network",
        head=["From", "Link", "To", "Grading", "Weight"],
        rows=[
            (
                link.source,
                link.label,
                link.target,
                link.grade
                + (f". Handling conditions: {link.conditions}" if link.conditions else ""),
                f"{link.weight:g}",
            )
            for link in network.links
        ],
    )
    ranking = table(
        caption="Disruption ranking",
        head=["Rank", "Entity", "Betweenness", "Largest group left"],
        rows=[
            (r.rank, r.caption, f"{r.score:.1f}", f"{r.lcc_fraction:.0%}") for r in network.ranking
        ],
    )
    return {
        "nodes_table": nodes if network.nodes else None,
        "links_table": links if network.links else None,
        "ranking_table": ranking if network.ranking else None,
        "potential_victims": network.potential_victims,
    }


def _tasking_table(actions: Sequence[TaskingAction], caption: str) -> Any:
    today = localdate(clock.now())
    return table(
        caption=caption,
        head=["Action", "Owner", "Due", "Status"],
        rows=[
            (
                a.action,
                a.owner.display_name,
                f"{a.due_on:%-d %b %Y}"
                + (" (overdue)" if a.status == a.Status.OPEN and a.due_on < today else ""),
                a.get_status_display(),
            )
            for a in actions
        ],
    )


def _tasking_form(request: LanternRequest, partnership_id: uuid.UUID | None, initial: dict):
    if not can(request.actor, P.INTELLIGENCE_ANALYSE) or partnership_id is None:
        return None
    if partnership_id not in request.actor.partnership_ids:
        return None
    return TaskingForm(owners=tasking_selectors.owner_choices(partnership_id), initial=initial)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


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
    return _pdf_response(problem_profile_pdf(profile), "problem-profile.pdf")


# --- tasking --------------------------------------------------------------------------------


def _back(data: dict[str, Any]) -> str:
    if data.get("profile_kind") == TaskingAction.Kind.SUBJECT and data.get("entity"):
        return reverse("intelligence:subject-profile", args=[data["entity"]])
    if data.get("profile_kind") == TaskingAction.Kind.PROBLEM:
        query = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k in ("place", "since", "until")
            if (v := data.get(k))
        }
        return reverse("intelligence:problem-profile") + "?" + urlencode(query)
    return reverse("intelligence:tasking")


@require_GET
@_page
def tasking(request: LanternRequest) -> HttpResponse:
    actions = list(tasking_selectors.tasking_list(request.actor))
    today = localdate(clock.now())
    rows = []
    for a in actions:
        if a.entity_id:
            about = f"Subject profile: {a.entity.caption}"
        else:
            period = (
                f"{a.period_start:%-d %b %Y} to {a.period_end:%-d %b %Y}" if a.period_start else ""
            )
            about = f"Problem profile: {a.area_name} {period}".strip()
        rows.append(
            {
                "action": a,
                "about": about,
                "overdue": a.due_on < today,
                "may_close": tasking_selectors.may_close(request.actor, a),
                "may_cancel": can(request.actor, P.INTELLIGENCE_ANALYSE),
            }
        )
    return render(request, "intelligence/profiles/tasking.html", {"rows": rows})


@require_POST
@_page
def tasking_add(request: LanternRequest) -> HttpResponse:
    if not can(request.actor, P.INTELLIGENCE_ANALYSE):
        raise Http404
    data = request.POST
    partnership_hint = None
    entity_raw = data.get("entity") or ""
    try:
        if data.get("profile_kind") == TaskingAction.Kind.SUBJECT and entity_raw:
            entity = selectors.subject_entity(request.actor, entity_id=uuid.UUID(entity_raw))
            partnership_hint = entity.partnership_id
        elif data.get("place"):
            partnership_hint = selectors.problem_scope(
                request.actor, place=data.get("place", "")
            ).partnership_id
    except (ValueError, ValidationFailed):
        partnership_hint = None
    owners = tasking_selectors.owner_choices(partnership_hint) if partnership_hint else []
    form = TaskingForm(data, owners=owners)
    if form.is_valid():
        d = form.cleaned_data
        place = d.get("place") or ""
        kind, _, raw = place.partition(":")
        try:
            tasking_services.tasking_add(
                actor=request.actor,
                profile_kind=d["profile_kind"],
                action=d["action"],
                owner_id=d["owner"],
                due_on=d["due_on"],
                entity_id=d.get("entity"),
                area_id=uuid.UUID(raw) if kind == "a" and raw else None,
                partnership_id=uuid.UUID(raw) if kind == "p" and raw else None,
                period_start=d.get("since"),
                period_end=d.get("until"),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except ValueError:
            form.add_error(None, "Choose a place from the list")
        else:
            messages.success(request, "Tasking action recorded.")
            return redirect(_back(d))
    return render(
        request,
        "intelligence/profiles/tasking_form.html",
        {"form": form, "back_url": _back(form.cleaned_data if form.is_bound else {})},
    )


@require_POST
@_page
def tasking_complete(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    try:
        tasking_services.tasking_complete(actor=request.actor, action_id=action_id)
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    else:
        messages.success(request, "Tasking action marked done.")
    return redirect("intelligence:tasking")


@require_http_methods(["GET", "POST"])
@_page
def tasking_cancel(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    if not can(request.actor, P.INTELLIGENCE_ANALYSE):
        raise Http404
    action = tasking_selectors.tasking_get(request.actor, action_id=action_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tasking_services.tasking_cancel(
                actor=request.actor, action_id=action_id, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Tasking action cancelled.")
            return redirect("intelligence:tasking")
    return render(
        request,
        "intelligence/profiles/tasking_cancel.html",
        {"form": form, "action": action, "back_url": reverse("intelligence:tasking")},
    )


urlpatterns: list[URLPattern] = [
    path("entities/<uuid:entity_id>/profile/", subject_profile, name="subject-profile"),
    path(
        "entities/<uuid:entity_id>/profile.pdf",
        subject_profile_pdf_view,
        name="subject-profile-pdf",
    ),
    path("problem-profile/", problem_profile, name="problem-profile"),
    path("problem-profile.pdf", problem_profile_pdf_view, name="problem-profile-pdf"),
    path("tasking/", tasking, name="tasking"),
    path("tasking/new/", tasking_add, name="tasking-add"),
    path("tasking/<uuid:action_id>/complete/", tasking_complete, name="tasking-complete"),
    path("tasking/<uuid:action_id>/cancel/", tasking_cancel, name="tasking-cancel"),
]
