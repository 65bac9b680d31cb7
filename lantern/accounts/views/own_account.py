"""A resident's own account (issue 23 part 4): see and download their data, correct their
contact details, close their account. Every page is about the signed-in resident only: no
URL carries anyone's id, so no one can reach another person's data through them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from lantern.accounts import own_data
from lantern.accounts.forms import CloseAccountForm, OwnDetailsForm
from lantern.accounts.services import own_account
from lantern.core import clock
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.errors import PermissionDenied as DomainPermissionDenied
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.core.residents_data import OwnDataSection
from lantern.frontend.components import summary_list
from lantern.frontend.dates import format_datetime

CLOSED_SESSION_KEY = "account_closed_summary"


def _own(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The resident's own account, or a 404 (a closed account: no one is signed in to it)
    and a 403 for anyone else, never a 500 (the domain's errors as HTTP answers)."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except DomainPermissionDenied:
            raise PermissionDenied from None

    return wrapped


def _readable(value: Any) -> str:
    """One value of a record as a person reads it."""
    if value is None or value == "" or value == []:
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return "; ".join(_readable(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key.replace('_', ' ')}: {_readable(v)}" for key, v in value.items())
    return str(value)


def _heading(section: OwnDataSection, record: dict[str, Any], number: int) -> str:
    for key in ("reference", "label", "file_name", "name"):
        if record.get(key):
            return str(record[key])
    return f"{section.item_name} {number}"


def _readable_sections(sections: list[OwnDataSection]) -> list[dict[str, Any]]:
    return [
        {
            "key": section.key,
            "title": section.title,
            "description": section.description,
            "records": [
                {
                    "heading": _heading(section, record, number),
                    "summary": summary_list(
                        (key.replace("_", " ").capitalize(), _readable(value))
                        for key, value in record.items()
                    ),
                }
                for number, record in enumerate(section.records, start=1)
            ],
        }
        for section in sections
    ]


@require_permission(Permission.OWN_ACCOUNT_MANAGE)
@_own
def own_data_page(request: LanternRequest) -> HttpResponse:
    """Everything Lantern holds about the resident that is theirs, to read."""
    sections = own_data.own_data(actor=request.actor)
    own_account.own_data_downloaded(
        actor=request.actor, fmt="page", counts=own_data.own_data_counts(sections)
    )
    return render(request, "accounts/own/data.html", {"sections": _readable_sections(sections)})


@require_permission(Permission.OWN_ACCOUNT_MANAGE)
@_own
def own_data_download(request: LanternRequest) -> HttpResponse:
    """The same, as one JSON file."""
    sections = own_data.own_data(actor=request.actor)
    document = own_data.own_data_document(actor=request.actor, sections=sections)
    own_account.own_data_downloaded(
        actor=request.actor, fmt="json", counts=own_data.own_data_counts(sections)
    )
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    day = clock.now().date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="lantern-your-data-{day}.json"'
    return response


@require_permission(Permission.OWN_ACCOUNT_MANAGE)
@_own
def own_details(request: LanternRequest) -> HttpResponse:
    user = own_data.own_user(actor=request.actor)
    # The address they asked to change to, while it waits to be confirmed: saving again
    # sends its link again; entering the old address instead keeps the old one.
    email = user.pending_email or user.email
    initial = {"display_name": user.display_name, "email": email, "phone": user.phone}
    form = OwnDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = own_account.own_details_set(actor=request.actor, **form.cleaned_data)
        except ValidationFailed as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            if change.email_pending:
                messages.success(
                    request,
                    "Your details were saved. We have sent a link to your new email "
                    "address: follow it to sign in with that address from now on.",
                )
            elif change.changed:
                messages.success(request, "Your details were saved.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect("accounts:own-details")
    return render(
        request,
        "accounts/own/details.html",
        {"form": form, "account": user},
        status=422 if form.errors else 200,
    )


def own_email_confirm(request: LanternRequest, uidb64: str, token: str) -> HttpResponse:
    """The link sent to a new email address (it works signed in or not)."""
    import uuid

    try:
        user_id = uuid.UUID(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError):
        user_id = None
    if user_id is None or not own_account.own_email_confirm(user_id=user_id, token=token):
        return render(request, "accounts/own/email_invalid.html", status=400)
    messages.success(request, "Your new email address is confirmed: sign in with it from now on.")
    return redirect("frontend:home")


def _count(n: int) -> str:
    return "none" if n == 0 else str(n)


def _outcomes(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """What closing keeps and deletes, as two summary lists (class of record and how many,
    then why): they stack on a phone and read in order with a screen reader."""
    kept = [o for o in outcomes if o["kept"]]
    gone = [o for o in outcomes if not o["kept"]]

    def rows(items: list[dict[str, Any]]) -> Any:
        return summary_list((f"{o['label']} ({_count(o['count'])})", o["why"]) for o in items)

    return {"kept": rows(kept), "gone": rows(gone)}


@require_permission(Permission.OWN_ACCOUNT_MANAGE)
@_own
def account_close(request: LanternRequest) -> HttpResponse:
    form = CloseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        summary = own_account.account_close(actor=request.actor)
        logout(request)
        request.session[CLOSED_SESSION_KEY] = summary
        return redirect("accounts:own-closed")
    outcomes = [asdict(o) for o in own_data.closing_preview(actor=request.actor)]
    return render(
        request,
        "accounts/own/close.html",
        {"form": form, **_outcomes(outcomes)},
        status=422 if form.errors else 200,
    )


def account_closed(request: LanternRequest) -> HttpResponse:
    """What was kept and why, once the account is closed (from the closing request's
    session: the resident is signed out)."""
    summary = request.session.get(CLOSED_SESSION_KEY)
    if summary is None:
        return redirect("frontend:home")
    return render(request, "accounts/own/closed.html", _outcomes(summary))
