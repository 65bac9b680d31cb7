"""The intelligence pages: resolution of duplicates (URL patterns below, included by
lantern/intelligence/urls.py). For analysts and supervisors (INTELLIGENCE_ANALYSE); anyone
else gets a 404. Lantern puts candidate pairs forward; a person decides each one, with a
reason, and can undo a merge."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods, require_POST
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.dates import format_datetime
from lantern.frontend.forms import errors_to_form
from lantern.intelligence import selectors, services
from lantern.intelligence.models import ResolutionCandidate
from lantern.intelligence.resolution_tasks import find_duplicates
from lantern.intelligence.schema import ENTITIES
from lantern.intelligence.selectors.resolution import (
    candidate_comparison,
    entity_choices,
    found_by_label,
    probability_label,
)
from lantern.intelligence.services.resolution import REASON_LIMIT

S = ResolutionCandidate.Status
SESSION_KEY = "intelligence_resolution_find"


def analyst_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed out: to sign in. Not an analyst or supervisor, or a record out of reach: 404
    (they are not told that resolution exists)."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.actor, Permission.INTELLIGENCE_ANALYSE):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapped


# --- forms ---------------------------------------------------------------------------------


class FindForm(forms.Form):
    threshold = forms.DecimalField(
        label="Lowest match probability to put forward, in per cent",
        help_text="Pairs of people the model scores at least this high are put forward. "
        "90 is a good start; lower finds more, with more that are not the same person.",
        min_value=50,
        max_value=100,
        decimal_places=1,
        initial=90,
        error_messages={
            "required": "Enter the lowest match probability, such as 90",
            "invalid": "Enter the probability as a number, such as 90",
            "min_value": "Enter a probability of 50 or more",
            "max_value": "Enter a probability of 100 or less",
            "max_decimal_places": "Enter the probability with one decimal place at most",
        },
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_LIMIT,
        error_messages={
            "required": "Give the reason for the decision",
            "max_length": f"Keep the reason to {REASON_LIMIT} characters or fewer",
        },
    )

    def __init__(self, *args: Any, label: str, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint


def _decision_forms(data: Any = None, which: str = "") -> dict[str, DecisionForm]:
    return {
        "confirm": DecisionForm(
            data if which == "confirm" else None,
            prefix="confirm",
            label="Why are they the same?",
            hint="Say what shows it: a date of birth, a phone, a photograph compared.",
        ),
        "reject": DecisionForm(
            data if which == "reject" else None,
            prefix="reject",
            label="Why are they not the same?",
        ),
        "unmerge": DecisionForm(
            data if which == "unmerge" else None,
            prefix="unmerge",
            label="Why undo the merge?",
            hint="Both are shown apart again, each with everything said about it.",
        ),
    }


class SearchForm(forms.Form):
    search_a = forms.CharField(
        label="Search for the first",
        required=False,
        max_length=200,
        help_text="A name, registration, number or address",
    )
    search_b = forms.CharField(
        label="Search for the second",
        required=False,
        max_length=200,
        help_text="Leave empty to choose both from the first search",
    )


class ProposeForm(forms.Form):
    entity_a = forms.TypedChoiceField(
        label="The first",
        coerce=uuid.UUID,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the first", "invalid_choice": "Choose the first"},
    )
    entity_b = forms.TypedChoiceField(
        label="The second",
        coerce=uuid.UUID,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the second",
            "invalid_choice": "Choose the second",
        },
    )
    search_a = forms.CharField(required=False, widget=forms.HiddenInput)
    search_b = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices_a: list, choices_b: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity_a"].choices = choices_a  # type: ignore[attr-defined]
        self.fields["entity_b"].choices = choices_b  # type: ignore[attr-defined]


# --- helpers -------------------------------------------------------------------------------


def _when(value: Any) -> str:
    return format_datetime(value) if value else ""


def _row(c: ResolutionCandidate) -> dict[str, Any]:
    return {
        "candidate": c,
        "type": ENTITIES[c.schema].label,
        "probability": probability_label(c.probability),
        "found_by": found_by_label(c.found_by),
        "found_at": _when(c.created_at),
        "decided_at": _when(c.decided_at),
    }


def _find_state(request: LanternRequest) -> dict[str, Any]:
    """Where the last "find duplicates" the analyst started is: running, failed or done."""
    state = request.session.get(SESSION_KEY) or {}
    if not state:
        return {}
    result, status = state.get("result"), state.get("status", "")
    if result is None:
        with contextlib.suppress(TaskResultDoesNotExist, ValueError, NotImplementedError):
            task = default_task_backend.get_result(state["task"])
            status = str(task.status)
            if task.status == TaskResultStatus.SUCCESSFUL:
                result = task.return_value
                request.session[SESSION_KEY] = {**state, "result": result, "status": status}
    return {
        "running": result is None and status not in {"FAILED", str(TaskResultStatus.FAILED)},
        "failed": status in {"FAILED", str(TaskResultStatus.FAILED)},
        "result": result,
        "started": state.get("started", ""),
    }


def _list_page(request: LanternRequest, find_form: FindForm | None = None) -> HttpResponse:
    pending = selectors.candidate_list(request.actor, status=S.PENDING)
    return render(
        request,
        "intelligence/resolution/list.html",
        {
            "rows": [_row(c) for c in pending[:200]],
            "count": pending.count(),
            "find_form": find_form or FindForm(),
            "find": _find_state(request),
        },
    )


# --- pages ---------------------------------------------------------------------------------


@require_http_methods(["GET"])
@analyst_page
def candidate_list(request: LanternRequest) -> HttpResponse:
    return _list_page(request)


@require_POST
@analyst_page
def find(request: LanternRequest) -> HttpResponse:
    """Start a search for duplicates in the analyst's partnerships, as background work."""
    form = FindForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form)
    threshold = float(form.cleaned_data["threshold"]) / 100
    enqueued = find_duplicates.enqueue(
        user_id=str(request.actor.user_id), partnership_id=None, threshold=threshold
    )
    finished = enqueued.is_finished and enqueued.status == TaskResultStatus.SUCCESSFUL
    request.session[SESSION_KEY] = {
        "task": str(enqueued.id),
        "result": enqueued.return_value if finished else None,
        "status": str(enqueued.status),
        "started": _when(enqueued.enqueued_at),
    }
    return redirect("intelligence:resolution")


def _detail_page(
    request: LanternRequest, candidate_id: uuid.UUID, decision_forms: dict[str, DecisionForm]
) -> HttpResponse:
    comparison = candidate_comparison(request.actor, candidate_id=candidate_id)
    c = comparison.candidate
    failed = next((f for f in decision_forms.values() if f.is_bound and f.errors), None)
    return render(
        request,
        "intelligence/resolution/detail.html",
        {
            "comparison": comparison,
            "row": _row(c),
            "sides": [("First", comparison.a), ("Second", comparison.b)],
            "forms": decision_forms,
            "failed": failed,
            "pending": c.status == S.PENDING,
            "confirmed": c.status == S.CONFIRMED,
        },
    )


@require_http_methods(["GET"])
@analyst_page
def candidate_detail(request: LanternRequest, candidate_id: uuid.UUID) -> HttpResponse:
    return _detail_page(request, candidate_id, _decision_forms())


_DECISIONS: dict[str, tuple[Callable[..., ResolutionCandidate], str]] = {
    "confirm": (services.merge_confirm, "Merged: they are shown as one"),
    "reject": (services.merge_reject, "Rejected: they stay apart"),
    "unmerge": (services.unmerge, "Unmerged: both are shown apart again"),
}


def _decide(request: LanternRequest, candidate_id: uuid.UUID, which: str) -> HttpResponse:
    decision_forms = _decision_forms(request.POST, which)
    form = decision_forms[which]
    if form.is_valid():
        service, done = _DECISIONS[which]
        try:
            service(
                actor=request.actor,
                candidate_id=candidate_id,
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("intelligence:resolution-candidate", candidate_id)
    return _detail_page(request, candidate_id, decision_forms)


@require_POST
@analyst_page
def confirm(request: LanternRequest, candidate_id: uuid.UUID) -> HttpResponse:
    return _decide(request, candidate_id, "confirm")


@require_POST
@analyst_page
def reject(request: LanternRequest, candidate_id: uuid.UUID) -> HttpResponse:
    return _decide(request, candidate_id, "reject")


@require_POST
@analyst_page
def unmerge(request: LanternRequest, candidate_id: uuid.UUID) -> HttpResponse:
    return _decide(request, candidate_id, "unmerge")


@require_http_methods(["GET"])
@analyst_page
def decided(request: LanternRequest) -> HttpResponse:
    rows = [
        _row(c)
        for c in selectors.candidate_list(request.actor, status="")
        .exclude(status=S.PENDING)
        .order_by("-decided_at")[:200]
    ]
    return render(request, "intelligence/resolution/decided.html", {"rows": rows})


def _choices(entities: list) -> list[tuple[str, str]]:
    return [
        (
            str(e.pk),
            f"{e.caption} ({ENTITIES[e.schema].label.lower()}, recorded "
            f"{localtime(e.created_at):%-d %b %Y}, reference {str(e.pk)[:8]})",
        )
        for e in entities
    ]


@require_http_methods(["GET", "POST"])
@analyst_page
def propose(request: LanternRequest) -> HttpResponse:
    """Put a pair forward by hand: search, choose two, and decide on the candidate page."""
    source = request.POST if request.method == "POST" else request.GET
    search = SearchForm(source)
    search.is_valid()
    text_a = search.cleaned_data.get("search_a", "") if search.is_bound else ""
    text_b = search.cleaned_data.get("search_b", "") if search.is_bound else ""
    found_a = entity_choices(request.actor, search=text_a)
    found_b = entity_choices(request.actor, search=text_b) if text_b else found_a
    choices_a, choices_b = _choices(found_a), _choices(found_b)
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        choices_a=choices_a,
        choices_b=choices_b,
        initial={"search_a": text_a, "search_b": text_b},
    )
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_propose(
                actor=request.actor,
                entity_a_id=form.cleaned_data["entity_a"],
                entity_b_id=form.cleaned_data["entity_b"],
                found_by="analyst",
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "The pair is put forward: compare them and decide")
            return redirect("intelligence:resolution-candidate", candidate.pk)
    return render(
        request,
        "intelligence/resolution/propose.html",
        {
            "search": SearchForm(initial={"search_a": text_a, "search_b": text_b}),
            "form": form,
            "searched": bool(text_a),
            "choices": bool(choices_a and choices_b),
        },
    )


urlpatterns: list[URLPattern] = [
    path("resolution/", candidate_list, name="resolution"),
    path("resolution/find/", find, name="resolution-find"),
    path("resolution/decided/", decided, name="resolution-decided"),
    path("resolution/propose/", propose, name="resolution-propose"),
    path(
        "resolution/candidates/<uuid:candidate_id>/",
        candidate_detail,
        name="resolution-candidate",
    ),
    path(
        "resolution/candidates/<uuid:candidate_id>/confirm/",
        confirm,
        name="resolution-confirm",
    ),
    path(
        "resolution/candidates/<uuid:candidate_id>/reject/",
        reject,
        name="resolution-reject",
    ),
    path(
        "resolution/candidates/<uuid:candidate_id>/unmerge/",
        unmerge,
        name="resolution-unmerge",
    ),
]
