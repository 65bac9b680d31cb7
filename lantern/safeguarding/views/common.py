"""What every safeguarding page shares: 404/403 for records and steps the actor may not
have, names of people from the person directory, dates, links, form and detail pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

from lantern.core import directory
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import summary_list
from lantern.frontend.dates import format_date, format_datetime
from lantern.safeguarding import selectors
from lantern.safeguarding.models import Indicator, Referral

P = Permission


def found(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A record the actor may not see is a 404; a step they may not take, a 403."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


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
    summary = directory.person(request.actor, person_id)
    return summary.label if summary else f"Person {str(person_id)[:8]}"


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


def referral_rows(request: LanternRequest, r: Referral, *, agency_view: bool) -> list:
    rows: list[tuple[str, object]] = [
        ("Sent", when(r.sent_at)),
        ("To", r.agency.name if r.agency else r.get_kind_display()),
        ("Support", r.get_service_display()),
        ("Reason", r.reason),
        ("Status", r.get_status_display()),
        ("Outcome", r.outcome),
    ]
    if agency_view:
        shared = r.shared_information if selectors.agency_shares_information(referral=r) else ""
        rows.insert(0, ("Referral", str(r.pk)[:8]))
        rows.append(("What you may know", shared or "Nothing more was agreed"))
        return rows
    rows.insert(0, ("Person", person_label(request, r.person_id)))
    rows += [
        ("Consent", "Yes" if r.consent_id else "No"),
        ("Lawful override", r.get_override_display() if r.override else "None"),
        ("Reasons for the override", r.override_rationale),
        ("Shared with the agency", r.shared_information),
    ]
    if r.kind == Referral.Kind.ADULT_SOCIAL_CARE:
        rows.append(("Care Act s.42 conditions all met", "Yes" if r.s42_met else "No"))
    return rows
