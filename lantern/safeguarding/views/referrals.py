"""Referrals: making one (to a support agency, adult or children's social care), checked
before it is sent, and reading one as the safeguarding team sees it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from lantern.accounts.models import User
from lantern.core.decorators import found, require_permission
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.frontend.forms import errors_to_form
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.models import Referral
from lantern.safeguarding.views.common import (
    P,
    check_page,
    detail_page,
    form_page,
    person_label,
    referral_rows,
    shared_item_rows,
    step,
    writable_person,
)


def _input(person_id: uuid.UUID, form: forms.ReferralForm) -> services.ReferralInput:
    data = form.cleaned_data
    return services.ReferralInput(
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
        shared_items=data["shared_items"],
        shared_details=form.shared_details(),
    )


def _recipient(form: forms.ReferralForm, agencies) -> str:
    data = form.cleaned_data
    if data["kind"] == Referral.Kind.SUPPORT_AGENCY:
        names = {str(a.pk): a.name for a in agencies}
        return names.get(data["agency"], "")
    return Referral.Kind(data["kind"]).label


def _answers(form: forms.ReferralForm, recipient: str) -> list[tuple[str, object]]:
    data = form.cleaned_data
    yes_no = {"yes": "Yes", "no": "No"}
    rows: list[tuple[str, object]] = [("To", recipient)]
    if data["kind"] == Referral.Kind.SUPPORT_AGENCY:
        rows.append(("Kind of support", Referral.Service(data["service"]).label))
    rows.append(("Why you are referring", data["reason"]))
    if data["kind"] == Referral.Kind.ADULT_SOCIAL_CARE:
        rows += [
            (str(form.fields[name].label), yes_no.get(data[name], ""))
            for name in ("s42_care_needs", "s42_abuse_or_risk", "s42_unable_to_protect")
        ]
    details = form.shared_details()
    rows += shared_item_rows(data["shared_items"], lambda item: details[item])
    rows.append(("Anything else shared with the agency", data["shared_information"] or "Nothing"))
    if data["override"]:
        rows += [
            ("Without consent: the lawful override", Referral.Override(data["override"]).label),
            ("Reasons for the override", data["override_rationale"]),
        ]
    return rows


@require_permission(P.REFERRAL_MAKE)
@found
def referral_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = request.actor
    selectors.person_to_write_about(actor=actor, person_id=person_id)  # else 404
    writable_person(request, person_id)
    agencies = selectors.person_referral_agencies(actor=actor, person_id=person_id)
    label = person_label(request, person_id)
    user = request.user
    initial = {
        "shared_name": "" if label == selectors.anonymous_label(person_id) else label,
        "referrer_contact": f"{user.display_name}, {user.email}" if isinstance(user, User) else "",
    }
    form = forms.ReferralForm(request.POST or None, agencies=agencies, initial=initial)
    at, refusal = step(request), None
    if at != "form" and form.is_valid():
        data = _input(person_id, form)
        try:
            if at == "confirm":
                services.referral_send(actor=actor, data=data)
            else:
                services.referral_check(actor=actor, data=data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        else:
            recipient = _recipient(form, agencies)
            if at == "confirm":
                messages.success(request, f"Referral sent to {recipient}")
                return redirect("safeguarding:person", person_id)
            return check_page(
                request,
                form,
                title="Check your answers before sending the referral",
                caption=label,
                rows=_answers(form, recipient),
                button="Send referral",
                weight_heading="Now send the referral",
                weight=(
                    f"By sending this referral you are telling {recipient} about this person. "
                    "A support agency sees the referral and only the items the person agreed "
                    "it may know. The referral is recorded and cannot be unsent."
                ),
            )
    return form_page(
        request,
        form,
        title="Make a referral",
        button="Continue",
        caption=label,
        refusal=refusal,
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@found
def referral_detail(request: LanternRequest, referral_id: uuid.UUID) -> HttpResponse:
    r = selectors.referral_get(actor=request.actor, referral_id=referral_id)
    return detail_page(
        request, "Referral", r.person_id, referral_rows(request, r, agency_view=False)
    )
