"""What every safeguarding page shares: 404/403 for records and steps the actor may not
have, names of people from the person directory, dates, links, form and detail pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import summary_list
from lantern.frontend.dates import format_date, format_datetime
from lantern.safeguarding import selectors
from lantern.safeguarding.models import Indicator, Referral, SharedItem

P = Permission


def writable_person(request: LanternRequest, person_id: uuid.UUID) -> None:
    """A page that records something about a person is for staff of the person's
    partnership: anyone else gets a 404, as if the person were not there."""
    if not selectors.person_writable(request.actor, person_id):
        raise NotFound("person")


def own_record(request: LanternRequest, record: Any) -> bool:
    """The record is held by one of the actor's partnerships (one shared with them is read
    only): whether to offer the steps that change it."""
    return record.partnership_id in request.actor.partnership_ids


def person_label(request: LanternRequest, person_id: uuid.UUID) -> str:
    """The person's name as the actor may see it (selectors/identity.py); each read logged."""
    return selectors.person_name(actor=request.actor, person_id=person_id)


def when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return format_datetime(value)
    return format_date(value)


def link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def indicator_labels(codes: list[str]) -> str:
    labels = dict(Indicator.choices)
    return "; ".join(labels.get(code, code) for code in codes) or "None recorded"


def form_page(request: LanternRequest, form: Any, *, title: str, button: str, **extra: Any):
    return render(
        request,
        "safeguarding/form.html",
        {"form": form, "title": title, "button": button, **extra},
    )


def check_page(
    request: LanternRequest,
    form: Any,
    *,
    title: str,
    rows: Sequence[tuple[str, object]],
    button: str,
    weight_heading: str,
    weight: str,
    **extra: Any,
) -> HttpResponse:
    """The GOV.UK "check your answers" page before a step with legal weight: the answers,
    what the step does, and a button to take it. The answers travel in hidden fields of the
    same form (nothing is kept on the server before the step is taken), and the service
    checks them again when it is; "Change your answers" goes back to the form, filled in."""
    return render(
        request,
        "safeguarding/check.html",
        {
            "form": form,
            "title": title,
            "summary": summary_list(rows),
            "button": button,
            "weight_heading": weight_heading,
            "weight": weight,
            **extra,
        },
    )


def step(request: LanternRequest) -> str:
    """Where a form that ends on a check-your-answers page is: "form" (first shown, or back
    to change the answers), "check" (answers given: check them) or "confirm" (take the step)."""
    if request.method != "POST" or "change" in request.POST:
        return "form"
    return "confirm" if "confirm" in request.POST else "check"


def detail_page(request, title, person_id, rows, actions=(), extra=None) -> HttpResponse:
    return render(
        request,
        "safeguarding/detail.html",
        {
            "title": title,
            "summary": summary_list(rows),
            "person_id": person_id,
            "actions": actions,
            **(extra or {}),
        },
    )


def referral_rows(
    request: LanternRequest,
    r: Referral,
    *,
    agency_view: bool,
    shared: Sequence[selectors.SharedDetail] = (),
) -> list:
    """A referral's rows: as the agency referred to sees it (``shared``: what the person
    consented to it knowing, from selectors.agency_referral_shared), or as the person's
    safeguarding team does."""
    rows: list[tuple[str, object]] = [
        ("Sent", when(r.sent_at)),
        ("To", r.agency.name if r.agency else r.get_kind_display()),
        ("Support", r.get_service_display()),
        ("Reason", r.reason),
        ("Status", r.get_status_display()),
        ("Outcome", r.outcome),
    ]
    if agency_view:
        rest = r.shared_information if selectors.agency_shares_information(referral=r) else ""
        rows.insert(0, ("Referral", str(r.pk)[:8]))
        rows += [(detail.label, detail.value) for detail in shared]
        rows.append(("Anything else the person agreed you may know", rest or "Nothing more"))
        return rows
    rows.insert(0, ("Person", person_label(request, r.person_id)))
    rows += [
        ("Consent", "Yes" if r.consent_id else "No"),
        ("Lawful override", r.get_override_display() if r.override else "None"),
        ("Reasons for the override", r.override_rationale),
        *shared_item_rows(r.shared_items, r.shared_value),
        ("Anything else shared with the agency", r.shared_information),
    ]
    if r.kind == Referral.Kind.ADULT_SOCIAL_CARE:
        rows.append(("Care Act s.42 conditions all met", "Yes" if r.s42_met else "No"))
    return rows


def shared_item_rows(items: Sequence[str], value_of: Callable[[str], str]) -> list[tuple[str, str]]:
    """Item by item, what the person agreed the agency may know, as the referrer recorded it."""
    return [
        (
            f"Shared with the agency: {item.label.lower()}",
            value_of(item) if item.value in items else selectors.NOT_CONSENTED,
        )
        for item in SharedItem
    ]
