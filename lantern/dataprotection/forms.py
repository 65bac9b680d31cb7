"""Forms for the retention pages. They parse input; services decide and write."""

from __future__ import annotations

from django import forms

from lantern.dataprotection.models import Decision
from lantern.dataprotection.schedule import RULES
from lantern.frontend.date_input import DateInputField
from lantern.frontend.forms import GovUKForm


class DecisionForm(GovUKForm):
    kind = forms.ChoiceField(
        label="What should happen to this record?",
        choices=[
            (Decision.Kind.RETAIN, "Retain it until a date"),
            (Decision.Kind.DISPOSE, "Dispose of it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to retain the record or dispose of it"},
    )
    retain_until = DateInputField(
        label="Retain until (if you retain it)",
        help_text="For example, 27 11 2027",
        required=False,
        error_messages={"invalid": "Enter the date to retain until like 27/11/2027"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text=(
            "Required to retain: why the record is still needed. Do not name people: the"
            " reason is kept with the decision."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class OverrideForm(GovUKForm):
    rule = forms.ChoiceField(
        label="Retention rule",
        choices=[(r.id.value, r.title) for r in RULES.values() if r.overridable],
        error_messages={
            "required": "Select the retention rule",
            "invalid_choice": "Select a retention rule a partnership may set",
        },
    )
    period_days = forms.IntegerField(
        label="Period in days",
        min_value=0,
        error_messages={
            "required": "Enter the period in days",
            "invalid": "Enter the period as a whole number of days",
            "min_value": "The period must be 0 days or more",
        },
    )
    reason = forms.CharField(
        label="Policy or reason",
        help_text="For example, the section of the partnership's retention policy.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Enter the policy or reason for this period"},
    )
