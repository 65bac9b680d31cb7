"""The safeguarding team's home (the queue of open concerns) and a person's records."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.core.decorators import found, require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import can
from lantern.frontend.components import summary_list, table
from lantern.safeguarding import selectors
from lantern.safeguarding.views.common import P, indicator_labels, link, person_label, when
from lantern.safeguarding.views.sharing import shares_section
from lantern.safeguarding.views.tasks import task_list


def home(request: LanternRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
    actor = request.actor
    if not can(actor, P.SAFEGUARDING_QUEUE_VIEW):
        if can(actor, P.AGENCY_REFERRAL_VIEW):
            return redirect("safeguarding:agency")
        raise DjangoPermissionDenied
    queue = selectors.open_concerns(actor=actor)
    names = selectors.person_names(actor=actor, person_ids=[s.person_id for s in queue])
    rows = [
        (
            link(reverse("safeguarding:person", args=[s.person_id]), names[s.person_id]),
            s.get_outcome_display(),
            when(s.observed_at),
        )
        for s in queue
    ]
    return render(
        request,
        "safeguarding/home.html",
        {
            "table": table(
                caption="Open concerns waiting for a review",
                head=["Person", "Outcome", "Observed"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "count": len(rows),
        },
    )


def _duty(s) -> str:
    how = {"nrm": "NRM referral", "ms1": "MS1 (anonymous)"}.get(s.duty_met_by, "")
    if how:
        return f"{how}, {when(s.duty_met_on)}"
    return "Outstanding" if s.outcome == "potential_victim" else "Not needed"


def _age(status: selectors.ChildStatus):
    """The age band the police record's date of birth implies, and whether (and why) the
    person is treated as under 18."""
    rows = [
        (
            "Age by the police record's date of birth",
            selectors.BAND_LABELS.get(status.age_band or "", "No date of birth recorded"),
        ),
        ("Treated as under 18", f"Yes. {status.why}" if status.child else "No"),
    ]
    if status.child:
        rows.append(
            (
                "Referral to children's social care",
                "On record" if status.childrens_referral else "Not made yet",
            )
        )
    return summary_list(rows)


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def person(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = request.actor
    records = selectors.person_records(actor=actor, person_id=person_id)
    # A share gives sight only: the links to record something are for the person's own
    # partnership's staff.
    writable = selectors.person_writable(actor, person_id)
    lead = selectors.is_safeguarding_lead(actor) and writable
    screenings = table(
        caption="Screenings",
        head=["Observed", "Outcome", "Indicators", "Duty to Notify"],
        rows=[
            (
                link(reverse("safeguarding:screening", args=[s.pk]), when(s.observed_at)),
                s.get_outcome_display(),
                indicator_labels(s.indicators),
                _duty(s),
            )
            for s in records.screenings
        ],
        html_columns=frozenset({0}),
    )
    reviews = table(
        caption="Reviews",
        head=["Date", "Decision"],
        rows=[
            (
                link(reverse("safeguarding:review", args=[r.pk]), when(r.decided_on)),
                r.get_decision_display(),
            )
            for r in records.reviews
        ],
        html_columns=frozenset({0}),
    )
    consents = table(
        caption="Consent",
        head=["Explained", "Purpose", "Consented", "In force"],
        rows=[
            (
                link(reverse("safeguarding:consent", args=[c.pk]), when(c.explained_at)),
                c.get_purpose_display(),
                "Yes" if c.given else "No",
                "Yes" if c.in_force else "No",
            )
            for c in records.consents
        ],
        html_columns=frozenset({0}),
    )
    referrals = table(
        caption="Referrals",
        head=["Sent", "To", "Status"],
        rows=[
            (
                link(reverse("safeguarding:referral", args=[r.pk]), when(r.sent_at)),
                r.agency.name if r.agency else r.get_kind_display(),
                r.get_status_display(),
            )
            for r in records.referrals
        ],
        html_columns=frozenset({0}),
    )
    child = selectors.child_status(actor=actor, person_id=person_id)
    can_screen = writable and can(actor, P.SCREENING_RECORD)
    return render(
        request,
        "safeguarding/person.html",
        {
            "person_id": person_id,
            "label": person_label(request, person_id),
            "age": _age(child),
            "tasks": task_list(
                records,
                person_id=person_id,
                can_screen=can_screen,
                is_lead=lead,
                child=child.child,
            ),
            "records": records,
            "screenings": screenings,
            "reviews": reviews,
            "consents": consents,
            "referrals": referrals,
            "is_lead": lead,
            "can_screen": can_screen,
            **shares_section(request, person_id),
        },
    )
