"""Referrals: making one (to a support agency, adult or children's social care) and reading
one as the safeguarding team sees it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from lantern.core.decorators import require_permission
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.frontend.forms import errors_to_form
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.models import Referral
from lantern.safeguarding.views.common import (
    P,
    detail_page,
    form_page,
    found,
    person_label,
    referral_rows,
    writable_person,
)


@require_permission(P.REFERRAL_MAKE)
@found
def referral_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    selectors.person_to_write_about(actor=request.actor, person_id=person_id)  # else 404
    writable_person(request, person_id)
    agencies = selectors.person_referral_agencies(actor=request.actor, person_id=person_id)
    form = forms.ReferralForm(request.POST or None, agencies=agencies)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_send(
                actor=request.actor,
                data=services.ReferralInput(
                    person_id=person_id,
                    kind=data["kind"],
                    service=forms.chosen(data["service"]) or Referral.Service.SOCIAL_CARE,
                    agency_id=uuid.UUID(data["agency"]) if forms.chosen(data["agency"]) else None,
                    reason=data["reason"],
                    shared_information=data["shared_information"],
                    override=data["override"] or "",
                    override_rationale=data["override_rationale"],
                    s42_care_needs=form.yes_no("s42_care_needs"),
                    s42_abuse_or_risk=form.yes_no("s42_abuse_or_risk"),
                    s42_unable_to_protect=form.yes_no("s42_unable_to_protect"),
                ),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Referral sent")
            return redirect("safeguarding:person", person_id)
    return form_page(
        request,
        form,
        title="Make a referral",
        button="Send referral",
        caption=person_label(request, person_id),
        refusal=refusal,
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def referral_detail(request: LanternRequest, referral_id: uuid.UUID) -> HttpResponse:
    r = selectors.referral_get(actor=request.actor, referral_id=referral_id)
    return detail_page(
        request, "Referral", r.person_id, referral_rows(request, r, agency_view=False)
    )
