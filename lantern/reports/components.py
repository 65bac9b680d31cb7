"""GOV.UK components the report pages need beyond lantern.frontend's: radios with a hint per
option, the date input, a summary list with change links, and radios that reveal a field.
All render through govuk-frontend-django's component dataclasses, never our own markup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.summary_list import GovUKSummaryList

from lantern.frontend.date_input import render_date_input
from lantern.frontend.templatetags.govuk_forms import field_component


def radios(
    field: forms.BoundField,
    *,
    hints: Mapping[str, str] | None = None,
    reveal: Mapping[str, forms.BoundField] | None = None,
    **options: Any,
) -> SafeString:
    """A radios field with an optional hint under some options and a field revealed when
    an option is chosen (the GOV.UK conditional reveal)."""
    component = field_component(field, **options)
    for item in component.items:  # type: ignore[attr-defined]
        value = item["value"]
        if hints and value in hints:
            item["hint"] = {"text": hints[value]}
        if reveal and value in reveal:
            item["conditional"] = {"html": field_component(reveal[value]).render()}
    return mark_safe(component.render())  # noqa: S308  (the package's escaped markup)


def date_input(
    form: forms.Form, *, legend: str, hint: str, prefix: str = "", heading: bool = False
) -> SafeString:
    """The GOV.UK date input over a form's day, month and year fields: the one date input
    every form uses (lantern.frontend.date_input)."""
    names = [f"{prefix}{part}" for part in ("day", "month", "year")]
    errors = [str(e) for name in names for e in form[name].errors]
    boxes = [
        {
            "id": form[name].auto_id,
            "name": form[name].html_name,
            "label": str(form[name].label),
            "value": form[name].value() or "",
        }
        for name in names
    ]
    return render_date_input(
        id=f"{prefix}date-input",
        boxes=boxes,
        legend=legend,
        hint=hint,
        errors=errors,
        heading=heading,
    )


def check_answers(rows: Iterable[tuple[str, str, str, str]]) -> GovUKSummaryList:
    """A summary list of (key, value, change URL, what the change link changes)."""
    items: list[Any] = [
        {
            "key": {"text": key},
            "value": {"text": value or "Not given"},
            "actions": {"items": [{"href": href, "text": "Change", "visuallyHiddenText": hidden}]}
            if href
            else None,
        }
        for key, value, href, hidden in rows
    ]
    return GovUKSummaryList(rows=items)
