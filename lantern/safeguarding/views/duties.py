"""The Duty to Notify: meeting it for a potential victim (an NRM referral or an anonymous
MS1), reading the record, and the report of duties met and outstanding."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.core.decorators import found, require_permission
from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.frontend.components import table
from lantern.frontend.dates import format_month
from lantern.frontend.forms import errors_to_form
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.views.common import (
    P,
    detail_page,
    form_page,
    indicator_labels,
    link,
    person_label,
    when,
)


@require_permission(P.DUTY_TO_NOTIFY_RECORD)
@found
def duty_new(request: LanternRequest, screening_id: uuid.UUID) -> HttpResponse:
    screening = selectors.screening_get(actor=request.actor, screening_id=screening_id)
    form = forms.DutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.duty_to_notify(
                actor=request.actor, screening_id=screening.pk, **form.cleaned_data
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            if outcome.record is None:
                # Back to the screening, never to the MS1: nothing links the two.
                messages.success(
                    request,
                    "Duty to Notify met by an anonymous MS1. It names no one and is written "
                    "with the day's other MS1s once the day is over.",
                )
                return redirect("safeguarding:screening", screening.pk)
            messages.success(request, "NRM referral recorded")
            return redirect("safeguarding:duty-record", outcome.record.pk)
    return form_page(
        request,
        form,
        title="Meet the Duty to Notify",
        button="Record",
        caption=person_label(request, screening.person_id),
        intro=(
            "A child goes into the NRM with a referral to children's services. An adult who "
            "has consented goes into the NRM. An adult who has not is notified anonymously "
            "on an MS1: the screening then records only that an MS1 was made and on which "
            "day, and the MS1 record is written with the day's others, naming no one."
        ),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def duty_record(request: LanternRequest, record_id: uuid.UUID) -> HttpResponse:
    d = selectors.duty_record_get(actor=request.actor, record_id=record_id)
    rows: list[tuple[str, object]] = [
        ("Kind", d.get_kind_display()),
        ("Month", format_month(d.month)),
        ("Type of exploitation", d.exploitation_type),
        ("Reference", d.reference),
    ]
    if d.person_id:
        rows.insert(0, ("Person", person_label(request, d.person_id)))
        rows.insert(4, ("Indicators", indicator_labels(d.indicators)))
        rows.append(("Child", "Yes" if d.is_child else "No"))
    else:
        rows.insert(2, ("Day", when(d.created_at.date())))
    title = "MS1 notification" if d.kind == "ms1" else "NRM referral"
    return detail_page(request, title, d.person_id, rows)


@require_permission(P.SAFEGUARDING_QUEUE_VIEW)
@found
def duties(request: LanternRequest) -> HttpResponse:
    met, outstanding = selectors.duties_report(actor=request.actor)
    names = selectors.person_names(
        actor=request.actor, person_ids=[x.screening.person_id for x in [*met, *outstanding]]
    )

    def rows(lines):
        return [
            (
                link(
                    reverse("safeguarding:screening", args=[x.screening.pk]),
                    when(x.screening.observed_at),
                ),
                names[x.screening.person_id],
                {"nrm": "NRM referral", "ms1": "MS1 (anonymous)"}.get(x.met_by, "Outstanding"),
                when(x.met_on),
            )
            for x in lines
        ]

    head = ["Screening", "Person", "How met", "Day"]
    return render(
        request,
        "safeguarding/duties.html",
        {
            "outstanding": table(
                caption="Outstanding",
                head=head,
                rows=rows(outstanding),
                html_columns=frozenset({0}),
            ),
            "met": table(caption="Met", head=head, rows=rows(met), html_columns=frozenset({0})),
            "ms1": table(
                caption="Anonymous MS1 notifications",
                head=["Day", "Type of exploitation"],
                rows=[
                    (
                        link(
                            reverse("safeguarding:duty-record", args=[m.pk]),
                            when(m.created_at.date()),
                        ),
                        m.exploitation_type,
                    )
                    for m in selectors.ms1_records(actor=request.actor)
                ],
                html_columns=frozenset({0}),
            ),
            "ms1_queued": selectors.ms1_queued(actor=request.actor),
            "counts": (len(met), len(outstanding)),
        },
    )
