"""The cases app's panels: what is due on an officer's actions and on ASB Case Review
applications; for a resident who has made a second report within six months, the ASB Case
Review (2025 statutory guidance); and on a council's organisation page, its enforcement
policy."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from lantern.cases import selectors
from lantern.cases.models import ActionState
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.frontend.dates import format_date
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.notifications.waiting import WAITING_LIMIT, WaitingItem, register_provider

# The case reviews the "What is due" panel lists: the soonest, however many cases the
# officer leads (the case list has them all).
REVIEWS_SHOWN = 20
# And the soonest dates on the officer's actions, however many they have served.
DUE_SHOWN = 20


def _due(request: LanternRequest) -> dict[str, Any] | None:
    due = selectors.due_for_officer(actor=request.actor, limit=DUE_SHOWN + 1)
    more_due = len(due) > DUE_SHOWN
    due = due[:DUE_SHOWN]
    reviews = list(
        selectors.cases_due_review(actor=request.actor).order_by("next_review_on", "pk")[
            : REVIEWS_SHOWN + 1
        ]
    )
    more_reviews = len(reviews) > REVIEWS_SHOWN
    reviews = reviews[:REVIEWS_SHOWN]
    rows = [
        (
            format_date(d.on),
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("cases:action", args=[d.action.pk]),
                f"{d.action.get_kind_display()} ({d.action.case.reference})",
            ),
            d.what,
        )
        for d in due
    ] + [
        (
            format_date(c.next_review_on) if c.next_review_on else "",
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("cases:case", args=[c.pk]),
                c.reference,
            ),
            "Case review due",
        )
        for c in reviews
    ]
    return {
        "rows": rows,
        "more_reviews": more_reviews,
        "more_due": more_due,
        "due_shown": DUE_SHOWN,
        "reviews_shown": REVIEWS_SHOWN,
        "table": table(
            caption="What is due",
            caption_hidden=True,
            head=["Date", "Action", "What"],
            rows=rows,
            html_columns=frozenset({1}),
        ),
    }


def _reviews_due(request: LanternRequest) -> dict[str, Any] | None:
    """ASB Case Review applications with a step still to take, the most urgent first."""
    open_reviews = selectors.case_review_list(actor=request.actor).exclude(status="closed")[:100]
    pending = []
    for review in open_reviews:
        step = selectors.review_next_step(review)
        if step is not None and step.due_on is not None:
            pending.append((step.due_on, review, step))
    rows = [
        (
            format_date(due_on) + (" (late)" if step.late else ""),
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("cases:review-detail", args=[r.pk]),
                r.reference,
            ),
            step.name,
        )
        for due_on, r, step in sorted(pending, key=lambda item: item[0])
    ]
    return {
        "rows": rows,
        "table": table(
            caption="ASB Case Reviews",
            caption_hidden=True,
            head=["Due by", "Application", "Next step"],
            rows=rows,
            html_columns=frozenset({1}),
        ),
    }


def _review_notice(request: LanternRequest) -> dict[str, Any] | None:
    """Told after a second report in six months; "you can apply now" if the reports meet
    the threshold of a council they may apply to."""
    eligibilities = selectors.resident_eligibilities(actor=request.actor)
    if not any(e.should_be_told for e in eligibilities):
        return None
    return {"eligible": any(e.eligible for e in eligibilities)}


def _policy(request: LanternRequest, organisation_id: Any) -> dict[str, Any] | None:
    """A council's enforcement policy in force, on its organisation page."""
    try:
        authority = selectors.authority_get(actor=request.actor, organisation_id=organisation_id)
    except NotFound:
        return None  # not a council: it has no enforcement policy
    in_force = selectors.authority_policy(authority=authority)
    return {"authority": authority, "summary": summary_list(in_force.rows())}


register(
    Panel(
        name="cases.due",
        page=Page.STAFF_DASHBOARD,
        column=Column.MAIN,
        template="cases/panels/due.html",
        permission=Permission.ENFORCEMENT_PROPOSE,
        context=_due,
        order=20,
    )
)
register(
    Panel(
        name="cases.reviews_due",
        page=Page.STAFF_DASHBOARD,
        column=Column.MAIN,
        template="cases/panels/reviews_due.html",
        permission=Permission.CASE_REVIEW_MANAGE,
        context=_reviews_due,
        order=21,
    )
)
register(
    Panel(
        name="cases.case_review",
        page=Page.RESIDENT_HOME,
        column=Column.MAIN,
        template="cases/panels/case_review.html",
        permission=Permission.CASE_REVIEW_APPLY,
        context=_review_notice,
        order=20,
    )
)
register(
    Panel(
        name="cases.enforcement_policy",
        page=Page.ORGANISATION,
        column=Column.MAIN,
        template="cases/panels/policy.html",
        permission=Permission.ORGANISATION_MANAGE,
        context=_policy,
        order=20,
    )
)


# --- "Waiting for you" (lantern.notifications.waiting): drafts for a supervisor to approve
# (not their own: another supervisor approves, ApprovedByAnotherSupervisor) ---
def _waiting(actor: Actor) -> list[WaitingItem]:
    if not can(actor, Permission.ENFORCEMENT_APPROVE):
        return []
    drafts = (
        selectors.action_list(actor=actor)
        .filter(state=ActionState.DRAFT)
        .exclude(created_by_id=actor.user_id)
        .order_by("created_at")
    )
    return [
        WaitingItem(
            title=f"{action.get_kind_display()} on case {action.case.reference} to approve",
            url=reverse("cases:action", args=[action.pk]),
            since=action.created_at,
        )
        for action in drafts[:WAITING_LIMIT]
    ]


register_provider("cases.approvals", _waiting)
