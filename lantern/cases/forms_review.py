"""Forms for the staff side of the ASB Case Review: the threshold decision, the review
meeting and the outcome letter. They parse input; services validate and decide."""

from __future__ import annotations

from django import forms

from lantern.frontend.date_input import DateInputField


class ReviewDecisionForm(forms.Form):
    threshold_met = forms.TypedChoiceField(
        label="Does the application meet the local threshold?",
        choices=[("yes", "Yes: hold a case review"), ("no", "No: the threshold is not met")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the threshold is met"},
    )
    reason = forms.CharField(
        label="Reason for the decision",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="Needed when the threshold is not met: the outcome letter repeats it",
    )


class ReviewMeetingForm(forms.Form):
    held_on = DateInputField(
        label="Date of the meeting",
        help_text="For example, 27 3 2026",
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter a real date, for example 27 3 2026",
        },
    )
    recommendations = forms.CharField(
        label="The panel's recommendations",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Record the panel's recommendations"},
    )


class ReviewOutcomeForm(forms.Form):
    letter = forms.CharField(
        label="What happens next",
        max_length=10000,
        widget=forms.Textarea,
        help_text=(
            "Written to the applicant in plain English. The letter also states the decision, "
            "the meeting and its recommendations."
        ),
        error_messages={"required": "Write the outcome letter"},
    )
