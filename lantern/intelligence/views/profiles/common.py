"""What the profile pages share: the 404 for non-readers, the forms, the tables."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.utils.timezone import localdate

from lantern.core import clock
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import table
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.selectors import access
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
