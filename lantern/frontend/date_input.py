"""One date input for every date a form asks for: the GOV.UK date input (day, month and
year, three boxes), https://design-system.service.gov.uk/components/date-input/.

    from lantern.frontend.date_input import DateInputField

    class BreachForm(GovUKForm):
        occurred_on = DateInputField(label="Date of the breach")

``{% govuk_field form.occurred_on %}`` renders it (a fieldset whose legend is the label;
the boxes are named ``occurred_on_day``, ``_month`` and ``_year``; the day box has the
field's id, so the error summary's link lands on it). The cleaned value is a ``date``, or
None when left empty and not required. Errors say which part is missing or wrong, in the
field's words ("Date of the breach must include a month").

``render_date_input`` draws the component for any three boxes: the report journey's own
day, month and year fields use it too (lantern/reports/components.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.date_input import GovUKDateInput

PARTS = ("day", "month", "year")
_WIDTHS = {"day": 2, "month": 2, "year": 4}


def render_date_input(
    *,
    id: str,
    boxes: Sequence[dict[str, str]],
    legend: str,
    hint: str = "",
    errors: Sequence[str] = (),
    heading: bool = False,
    legend_classes: str | None = None,
) -> SafeString:
    """The GOV.UK date input. ``boxes``: day, month and year, each a dict of ``id``,
    ``name``, ``label`` and ``value``."""
    items = [
        {
            **box,
            "value": box.get("value") or "",
            "classes": f"govuk-input--width-{_WIDTHS[part]}"
            + (" govuk-input--error" if errors else ""),
            "inputmode": "numeric",
        }
        for part, box in zip(PARTS, boxes, strict=True)
    ]
    classes = legend_classes or (
        "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--s"
    )
    component = GovUKDateInput(
        id=id,
        items=items,  # type: ignore[arg-type]
        hint={"text": hint} if hint else None,  # type: ignore[arg-type]
        errorMessage={"text": " ".join(errors)} if errors else None,  # type: ignore[arg-type]
        fieldset={  # type: ignore[arg-type]
            "legend": {"text": legend, "isPageHeading": heading, "classes": classes}
        },
    )
    return mark_safe(component.render())  # noqa: S308  (the package's escaped markup)


class DateInputWidget(forms.MultiWidget):
    """Three text boxes, ``<name>_day``, ``<name>_month``, ``<name>_year``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, str):
            value = _parse(value)
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str | None]:
        """The three boxes; or, from a client that sends the date as one value
        (``name=2026-03-27`` or ``27/03/2026``), that date in three parts."""
        if not any(f"{name}_{part}" in data for part in PARTS) and name in data:
            text = str(data.get(name) or "").strip()
            parsed = _parse(text)
            return self.decompress(parsed) if parsed else [text or None, None, None]
        return super().value_from_datadict(data, files, name)


class DateInputHiddenWidget(DateInputWidget):
    """The same three parts as hidden inputs, so a check-your-answers page that carries the
    answers in hidden fields (``field.as_hidden``) sends the date back as it was typed."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        forms.MultiWidget.__init__(self, {part: forms.HiddenInput() for part in PARTS}, attrs)


# What a client sending one value may send: ISO, and the UK's day first.
_ONE_VALUE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %m %Y")


def _parse(text: str) -> date | None:
    for pattern in _ONE_VALUE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007  (a date)
        except ValueError:
            continue
    return None


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year (``DateInputWidget``); cleans to a ``date``."""

    widget = DateInputWidget
    hidden_widget = DateInputHiddenWidget

    def __init__(self, *, min_year: int = 1900, **kwargs: Any) -> None:
        self.min_year = min_year
        parts = tuple(forms.CharField(required=False, max_length=4) for _ in PARTS)
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        own = kwargs.get("error_messages") or {}
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        if "required" not in own:
            label = self._name()
            self.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"

    def _name(self) -> str:
        return str(self.label or "The date")

    def compress(self, data_list: list[str]) -> date | None:
        values = [(value or "").strip() for value in (data_list or ["", "", ""])]
        if not any(values):
            return None
        missing = [part for part, value in zip(PARTS, values, strict=True) if not value]
        if missing:
            raise ValidationError(
                f"{self._name()} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not all(value.isdigit() for value in values):
            raise ValidationError(
                f"{self._name()} must be a real date, in numbers, like 27 3 2026", code="invalid"
            )
        day, month, year = (int(value) for value in values)
        if len(values[2]) != 4 or year < self.min_year:
            raise ValidationError(
                f"{self._name()} must include a year of four numbers, like 2026", code="year"
            )
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"{self._name()} must be a real date, like 27 3 2026", code="invalid"
            ) from None


def date_field_component(bound: forms.BoundField, *, label: str, **options: Any) -> SafeString:
    """``{% govuk_field %}`` for a ``DateInputField``."""
    widget = bound.field.widget
    value = bound.value()
    if not isinstance(value, list | tuple):
        value = widget.decompress(value)
    field_id = bound.auto_id or bound.html_name
    boxes = [
        {
            "id": field_id if part == "day" else f"{field_id}_{part}",
            "name": f"{bound.html_name}_{part}",
            "label": part.capitalize(),
            "value": "" if box is None else str(box),
        }
        for part, box in zip(PARTS, value, strict=True)
    ]
    from lantern.frontend.forms import error_texts

    hint = options.get("hint", bound.help_text)
    legend_classes = options.get("legend_classes")
    if legend_classes is None and options.get("label_classes"):
        legend_classes = str(options["label_classes"]).replace(
            "govuk-label--", "govuk-fieldset__legend--"
        )
    return render_date_input(
        id=f"{field_id}-date",
        boxes=boxes,
        legend=label,
        hint=str(hint or ""),
        errors=error_texts(bound) if bound.errors else (),
        heading=bool(options.get("is_page_heading")),
        legend_classes=legend_classes,
    )
