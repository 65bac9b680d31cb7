"""Forms the GOV.UK way: a service's refusal put on the form that asked (``errors_to_form``),
and error messages that say what to do (``GovUKFormMixin``, ``error_texts``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core import validators

from lantern.core.errors import ValidationFailed


def errors_to_form(
    form: Any, exc: ValidationFailed, *, rename: Mapping[str, str] | None = None
) -> None:
    """Add each field error of ``exc`` to ``form``: on the field of that name (after
    ``rename``, for a service field the form calls otherwise), or to the form as a whole
    when it has no such field, so the error summary always shows it."""
    for field, errors in exc.errors.items():
        name = (rename or {}).get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


# --- Error messages that say what to do --------------------------------------------------
#
# GOV.UK: an error message says what went wrong and how to fix it, in the field's words
# ("Enter the date of the breach", "Select the role"), never "This field is required.".
# Django's generic messages, by code, as Django words them (before its %(value)s is filled).
_GENERIC_TEXTS = {
    ("required", str(forms.Field.default_error_messages["required"])),
    ("invalid_choice", str(forms.ChoiceField.default_error_messages["invalid_choice"])),
    ("invalid_choice", str(forms.ModelChoiceField.default_error_messages["invalid_choice"])),
    ("invalid", str(forms.DateField.default_error_messages["invalid"])),
    ("invalid", str(forms.DateTimeField.default_error_messages["invalid"])),
    ("invalid", str(forms.TimeField.default_error_messages["invalid"])),
    ("invalid", str(forms.IntegerField.default_error_messages["invalid"])),
    ("invalid", str(forms.DecimalField.default_error_messages["invalid"])),
    ("invalid", str(validators.EmailValidator.message)),
    ("invalid", str(forms.URLField.default_error_messages["invalid"])),
}
GENERIC_REQUIRED = str(forms.Field.default_error_messages["required"])


def _label(field: forms.Field, name: str) -> str:
    """The field's label as words in a sentence: "(optional)" and the question mark off, the
    first letter lower case unless the word is an abbreviation (NRM, CCTV)."""
    text = str(field.label or name.replace("_", " ")).strip()
    text = text.removesuffix("(optional)").strip().rstrip("?:").strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _chooses(field: forms.Field) -> bool:
    """A field answered by choosing (radios, checkboxes, a select, a file), not typing."""
    choosing_widgets = (forms.Select, forms.RadioSelect, forms.CheckboxInput, forms.FileInput)
    return isinstance(field, forms.ChoiceField | forms.BooleanField | forms.FileField) or (
        isinstance(field.widget, choosing_widgets)
    )


def specific_message(field: forms.Field, name: str, code: str) -> str | None:
    """The message for error ``code`` on ``field`` built from its label, or None when Django's
    message for that code is not a generic one."""
    label = _label(field, name)
    if code == "required":
        whole = str(field.label or "").removesuffix("(optional)").strip()
        if isinstance(field, forms.BooleanField):
            return f"Select the box to confirm: {whole or label}"
        if whole.endswith("?"):  # a question: "What happened?"
            verb = "Select an answer to" if _chooses(field) else "Enter your answer to"
            return f"{verb}: {whole}"
        return f"{'Select' if _chooses(field) else 'Enter'} {label}"
    if code == "invalid_choice":
        return f"Select one of the options for {label}"
    if code == "invalid":
        if isinstance(field, forms.DateTimeField):
            return f"Enter {label} as a real date and time"
        if isinstance(field, forms.DateField):
            return f"Enter {label} as a real date"
        if isinstance(field, forms.TimeField):
            return f"Enter {label} as a real time, like 9:30pm or 21:30"
        if isinstance(field, forms.IntegerField):
            return f"Enter {label} as a whole number"
        if isinstance(field, forms.DecimalField | forms.FloatField):
            return f"Enter {label} as a number"
        if isinstance(field, forms.EmailField):
            return f"Enter {label} in the correct format, like name@example.com"
        if isinstance(field, forms.URLField):
            return f"Enter {label} as a web address, like https://example.org"
    return None


def use_specific_messages(form: forms.BaseForm) -> None:
    """Replace each field's generic error messages with ones built from its label. A message
    the form set itself (``error_messages={"required": ...}``) is kept."""
    for name, field in form.fields.items():
        for code, message in list(field.error_messages.items()):
            if (code, str(message)) in _GENERIC_TEXTS:
                specific = specific_message(field, name, code)
                if specific:
                    field.error_messages[code] = specific


class GovUKFormMixin:
    """Forms whose errors say what to do: ``class CaseForm(GovUKFormMixin, forms.Form)``
    (or ``GovUKForm``). Each generic Django message becomes one built from the field's
    label: "Enter {label}" for a field typed in, "Select {label}" for one chosen."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_specific_messages(self)  # type: ignore[arg-type]


class GovUKForm(GovUKFormMixin, forms.Form):
    """A ``forms.Form`` with specific error messages (``GovUKFormMixin``)."""


def error_texts(bound: forms.BoundField) -> list[str]:
    """The errors of ``bound`` as people read them: any generic message still there (a form
    not built on ``GovUKFormMixin``) replaced by the specific one. The GOV.UK form tags show
    errors through this, so no page shows "This field is required."."""
    texts = []
    for error in bound.errors.as_data():
        code = error.code or ""
        template = str(error.message)
        specific = None
        if (code, template) in _GENERIC_TEXTS or template == GENERIC_REQUIRED:
            specific = specific_message(bound.field, bound.name, code or "required")
        texts.extend([specific] if specific else [str(message) for message in error])
    return texts
