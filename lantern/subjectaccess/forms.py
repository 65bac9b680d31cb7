"""Forms for the subject access pages. They parse input; services decide and write."""

from __future__ import annotations

from django import forms

from lantern.frontend.date_input import DateInputField
from lantern.frontend.forms import GovUKForm
from lantern.subjectaccess.models import Decision, Exemption, IdentityCheck, PauseKind, Regime

CONFIRMED = [(v, label) for v, label in IdentityCheck.choices if v != IdentityCheck.NOT_YET]


class RequestForm(GovUKForm):
    regime = forms.ChoiceField(
        label="Which law is the request made under?",
        help_text=(
            "UK GDPR for records kept for safeguarding, housing or community safety; DPA 2018"
            " Part 3 where the data is processed for law enforcement (a prosecution)."
        ),
        choices=Regime.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the law the request is made under"},
    )
    received_on = DateInputField(
        label="Day the request was received",
        error_messages={"required": "Enter the day the request was received"},
    )
    requester_name = forms.CharField(
        label="Requester's name",
        max_length=200,
        error_messages={"required": "Enter the requester's name"},
    )
    requester_contact = forms.CharField(
        label="How to send them the response",
        help_text="An email address or a postal address.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter how to send them the response"},
    )
    identity_check = forms.ChoiceField(
        label="How was their identity checked?",
        help_text="If it has not been checked yet, stop the clock while you ask for proof.",
        choices=IdentityCheck.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the requester's identity was checked"},
    )
    identity_notes = forms.CharField(
        label="Notes on the identity check (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    subject_name = forms.CharField(
        label="Full name of the person the request is about",
        help_text="Usually the requester. Lantern searches for this name, word for word.",
        max_length=200,
        error_messages={"required": "Enter the name of the person the request is about"},
    )
    subject_date_of_birth = DateInputField(
        label="Their date of birth (optional)",
        help_text="For example, 14 6 1988. It tells apart people with the same name.",
        required=False,
    )
    subject_email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    subject_phone = forms.CharField(
        label="Their telephone number (optional)", max_length=30, required=False
    )
    subject_registration = forms.CharField(
        label="Registration of a vehicle they keep (optional)", max_length=10, required=False
    )


class StopForm(GovUKForm):
    kind = forms.ChoiceField(
        label="Why does the clock stop?",
        choices=PauseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the clock stops"},
    )
    on = DateInputField(
        label="Day you asked the requester",
        error_messages={"required": "Enter the day you asked the requester"},
    )


class RestartForm(GovUKForm):
    on = DateInputField(
        label="Day the information arrived",
        error_messages={"required": "Enter the day the information arrived"},
    )
    identity_check = forms.ChoiceField(
        label="How was their identity confirmed?",
        choices=CONFIRMED,
        widget=forms.RadioSelect,
        required=False,
    )


class ExtensionForm(GovUKForm):
    months = forms.TypedChoiceField(
        label="By how many further months?",
        choices=[(1, "One month"), (2, "Two months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose by how many months"},
    )
    noticed_on = DateInputField(
        label="Day the notice was given to the requester",
        error_messages={"required": "Enter the day the notice was given"},
    )
    reason = forms.CharField(
        label="Reasons for the delay, as given in the notice",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reasons for the delay"},
    )


class ReviewForm(GovUKForm):
    redacted = forms.TypedMultipleChoiceField(
        label="Information about someone else, to remove from the response",
        help_text="Select each item that would identify another person.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    decision = forms.ChoiceField(
        label="What should happen to this record?",
        choices=[c for c in Decision.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what should happen to this record"},
    )
    exemption = forms.ChoiceField(
        label="Exemption (only when withholding)",
        choices=[c for c in Exemption.choices if c[0]],
        widget=forms.RadioSelect,
        required=False,
    )
    exemption_reason = forms.CharField(
        label="Why the exemption applies (only when withholding)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: object, items: list[dict[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["redacted"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101
        field.choices = [
            (index, f"{item['label']}: {item['value']}") for index, item in enumerate(items)
        ]


class ReleaseForm(GovUKForm):
    """No fields: it carries a refusal to the error summary."""
