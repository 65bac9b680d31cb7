"""Forms for the disclosure pages. They parse input; services decide and write."""

from __future__ import annotations

from django import forms

from lantern.disclosure.models import Schedule, Sensitivity
from lantern.frontend.date_input import DateInputField
from lantern.frontend.forms import GovUKForm

SENSITIVE_REASONS = [(value, label) for value, label in Sensitivity.choices if value]


class LineForm(GovUKForm):
    schedule = forms.ChoiceField(
        label="Where does this item go?",
        choices=Schedule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where this item goes"},
    )
    description = forms.CharField(
        label="Description as it will appear on the schedule",
        help_text=(
            "On the MG6C, describe the item well enough for the prosecutor to decide whether "
            "to see it, without revealing anything sensitive."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter the description as it will appear on the schedule"},
    )
    sensitivity = forms.ChoiceField(
        label="Why is it sensitive? (MG6D only)",
        choices=SENSITIVE_REASONS,
        widget=forms.RadioSelect,
        required=False,
    )
    sensitivity_detail = forms.CharField(
        label="Reason in more detail (MG6D only, optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )

    undermines = forms.BooleanField(
        label=(
            "Flag it in the disclosure officer's report (MG6E): it might undermine the "
            "prosecution case or assist the case for the accused"
        ),
        required=False,
    )
    undermines_reason = forms.CharField(
        label="Why it might undermine the prosecution case or assist the accused (MG6E only)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class EventForm(GovUKForm):
    happened_on = DateInputField(
        label="Date",
        help_text="For example, 27 11 2026",
        error_messages={"required": "Enter the date", "invalid": "Enter the date like 27/11/2026"},
    )
