"""The form of a case's bundle page: which exhibits, and for whom."""

from __future__ import annotations

from django import forms

from lantern.evidence.models import Recipient


class BundleForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Who is the bundle for?",
        choices=Recipient.choices,
        widget=forms.RadioSelect,
        help_text="The defence gets the redacted copy of an exhibit where there is one, "
        "never its original.",
        error_messages={
            "required": "Choose who the bundle is for: the prosecution or the defence",
            "invalid_choice": "Choose who the bundle is for: the prosecution or the defence",
        },
    )
    items = forms.MultipleChoiceField(
        label="Which exhibits?",
        widget=forms.CheckboxSelectMultiple,
        help_text="The evidence on this case and its reports. Signed witness statements about "
        "them go in every bundle.",
        error_messages={
            "required": "Choose at least one exhibit for the bundle",
            "invalid_choice": "Choose exhibits from those on this case",
        },
    )

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items  # type: ignore[attr-defined]
