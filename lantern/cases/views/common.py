"""Helpers the cases pages share: links, dates, form pages and 404s."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from govuk_frontend_django.components.summary_list import GovUKSummaryList

from lantern.cases import selectors
from lantern.cases.models import Case
from lantern.core.errors import NotFound, RuleRefused
from lantern.core.http import LanternRequest
from lantern.frontend.dates import format_date, format_datetime


def link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def when(value: Any) -> str:
    return format_datetime(value) if value else ""


def evidence_label(item: Any, reference: str = "") -> str:
    """How an officer tells evidence items apart: the exhibit reference if it has one, the
    kind of file (decided by its content) and the device, and when Lantern received it. Not
    the uploader's filename, which may name people."""
    kind = item.get_category_display()
    if item.device_kind and item.device_kind != "other":
        device = str(item.get_device_kind_display())
        kind += f" ({device if device.isupper() else device.lower()})"
    label = f"{kind}, received {when(item.created_at)}"
    return f"{reference}: {label}" if reference else label


def statement_label(statement: Any) -> str:
    """A signed witness statement as an officer chooses it: whose, and when it was signed."""
    signed = day(statement.signed_at) if statement.signed_at else "not signed"
    return f"Witness statement of {statement.witness_name}, signed {signed}"


def day(value: Any) -> str:
    return format_date(value) if value else ""


def form_page(
    request: LanternRequest,
    *,
    title: str,
    form: django_forms.Form,
    button: str,
    back: str,
    refusal: RuleRefused | None = None,
    intro: str = "",
    caption: str = "",
) -> HttpResponse:
    return render(
        request,
        "cases/form.html",
        {
            "title": title,
            "form": form,
            "button": button,
            "back": back,
            "refusal": refusal,
            "intro": intro,
            "caption": caption,
        },
        status=422 if refusal or form.errors else 200,
    )


def case_or_404(request: LanternRequest, case_id: uuid.UUID) -> Case:
    try:
        return selectors.case_get(actor=request.actor, case_id=case_id)
    except NotFound:
        raise Http404 from None


def summary_with_changes(rows: list[tuple[str, object, str]]) -> GovUKSummaryList:
    """A GOV.UK summary list of (key, value, change URL) rows; a row with a URL gets a
    "Change" link whose hidden text names the row, for screen readers."""
    items: Any = [
        {
            "key": {"text": key},
            "value": {"text": "" if value is None else str(value)},
            **(
                {
                    "actions": {
                        "items": [
                            {"href": href, "text": "Change", "visuallyHiddenText": key.lower()}
                        ]
                    }
                }
                if href
                else {}
            ),
        }
        for key, value, href in rows
    ]
    return GovUKSummaryList(rows=items)
