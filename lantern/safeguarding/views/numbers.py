"""The partnership's numbers by month: counts only, no names, for every staff member."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from lantern.core.decorators import found, require_permission
from lantern.core.http import LanternRequest
from lantern.frontend.components import table
from lantern.frontend.dates import format_month
from lantern.safeguarding import selectors
from lantern.safeguarding.views.common import P


@require_permission(P.SAFEGUARDING_STATS_VIEW)
@found
def numbers(request: LanternRequest) -> HttpResponse:
    months = selectors.partnership_numbers(actor=request.actor)
    return render(
        request,
        "safeguarding/numbers.html",
        {
            "table": table(
                caption="Safeguarding by month",
                head=[
                    "Month",
                    "Screenings",
                    "Concerns",
                    "Reviews",
                    "Referrals",
                    "NRM referrals",
                    "MS1 notifications",
                    "Outreach contacts",
                ],
                rows=[
                    (
                        format_month(m.month),
                        m.screenings,
                        m.concerns,
                        m.reviews,
                        m.referrals,
                        m.nrm,
                        m.ms1,
                        m.outreach_contacts,
                    )
                    for m in months
                ],
            )
        },
    )
