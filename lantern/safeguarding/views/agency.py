"""The support agency workspace: their referrals, what they may know, outreach contacts."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.accounts.selectors import partnership_names
from lantern.core.decorators import found, require_permission
from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import can
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.models import OutreachContact
from lantern.safeguarding.views.common import P, form_page, link, referral_rows, when

# --- the support agency workspace ------------------------------------------------------------


@require_permission(P.AGENCY_REFERRAL_VIEW)
def agency(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    referrals = selectors.agency_referrals(actor=actor)
    names = selectors.agency_referral_names(referrals=referrals)
    support = dict(OutreachContact.Support.choices)
    contacts = list(selectors.agency_contacts(actor=actor)[:50])
    return render(
        request,
        "safeguarding/agency.html",
        {
            "referrals": table(
                caption="Referrals to your agency",
                head=["Referral", "Person", "Sent", "Support", "Status"],
                rows=[
                    (
                        link(
                            reverse("safeguarding:agency-referral", args=[r.pk]),
                            f"Referral {str(r.pk)[:8]}",
                        ),
                        names.get(r.pk, "Name not shared"),
                        when(r.sent_at),
                        r.get_service_display(),
                        r.get_status_display(),
                    )
                    for r in referrals
                ],
                html_columns=frozenset({0}),
            ),
            "contacts": table(
                caption="Outreach contacts logged",
                head=["Date", "Area", "Support offered"],
                rows=[
                    (when(c.contacted_on), c.area, "; ".join(support.get(s, s) for s in c.support))
                    for c in contacts
                ],
            ),
            "can_log": can(actor, P.OUTREACH_LOG),
        },
    )


@require_permission(P.AGENCY_REFERRAL_VIEW)
@found
def agency_referral(request: LanternRequest, referral_id: uuid.UUID) -> HttpResponse:
    r = selectors.agency_referral_get(actor=request.actor, referral_id=referral_id)
    shared = selectors.agency_referral_shared(actor=request.actor, referral=r)
    form = forms.ReferralStatusForm(
        request.POST or None, initial={"status": r.status, "outcome": r.outcome}
    )
    if request.method == "POST" and form.is_valid():
        services.referral_update(actor=request.actor, referral_id=r.pk, **form.cleaned_data)
        messages.success(request, "Referral updated")
        return redirect("safeguarding:agency-referral", r.pk)
    return render(
        request,
        "safeguarding/agency_referral.html",
        {
            "summary": summary_list(referral_rows(request, r, agency_view=True, shared=shared)),
            "form": form,
            "referral": r,
            "name": next((d.value for d in shared if d.item == "name" and d.shared), ""),
        },
    )


@require_permission(P.OUTREACH_LOG)
@found
def contact_new(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    names = partnership_names()
    form = forms.OutreachContactForm(
        request.POST or None,
        referrals=selectors.agency_referrals(actor=actor),
        partnerships=sorted(
            ((pk, names[pk]) for pk in actor.partnership_ids if pk in names), key=lambda x: x[1]
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outreach_contact_log(
                actor=request.actor,
                contacted_on=data["contacted_on"],
                area=data["area"],
                support=data["support"],
                referral_id=uuid.UUID(data["referral"]) if forms.chosen(data["referral"]) else None,
                partnership_id=(
                    uuid.UUID(data["partnership"])
                    if forms.chosen(data.get("partnership"))
                    else None
                ),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Outreach contact logged")
            return redirect("safeguarding:agency")
    return form_page(
        request,
        form,
        title="Log an outreach contact",
        button="Log contact",
        intro="Record no names: the partnership sees counts only.",
    )
