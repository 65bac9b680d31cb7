"""Forms for managing a case (lead officer, partners, review date, SARA stage, victim risk,
closure, subjects' roles, a vehicle's keeper), superseding an action, and the action list's
filter. They parse input; services validate and decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from lantern.cases.models import ActionState, Case, Designation, SubjectRole
from lantern.frontend.date_input import DateInputField


class ActionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="State", required=False, choices=[("", "Any state"), *ActionState.choices]
    )


class LeadOfficerForm(forms.Form):
    lead_officer = forms.TypedChoiceField(
        label="Lead officer",
        coerce=uuid.UUID,
        error_messages={"required": "Choose the lead officer"},
    )

    def __init__(self, *args: Any, choices: list[tuple[uuid.UUID, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].choices = [  # type: ignore[attr-defined]
            (str(pk), name) for pk, name in choices
        ]


class PartnersForm(forms.Form):
    partners = forms.TypedMultipleChoiceField(
        label="Partner organisations with access",
        coerce=uuid.UUID,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their staff can see the case and its people. Choose none to remove access.",
    )

    def __init__(self, *args: Any, choices: list[tuple[uuid.UUID, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].choices = [  # type: ignore[attr-defined]
            (str(pk), name) for pk, name in choices
        ]


class CaseReviewForm(forms.Form):
    note = forms.CharField(
        label="What the review found",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Record what the review found"},
    )
    next_review_on = DateInputField(
        label="Next review date",
        help_text="For example, 27 3 2026",
        error_messages={
            "required": "Enter the next review date",
            "invalid": "Enter a real date, for example 27 3 2026",
        },
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label="SARA stage",
        choices=Case.Sara.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the stage"},
    )
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea)


class RiskForm(forms.Form):
    level = forms.ChoiceField(
        label="Risk to the victim",
        choices=[c for c in Case.Risk.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk level"},
    )
    notes = forms.CharField(
        label="How the risk was assessed",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Record how the risk was assessed"},
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why the case is closed",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Give the reason for closing the case"},
    )


class SubjectRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role in the case",
        choices=SubjectRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role"},
    )


class SupersedeForm(forms.Form):
    reason = forms.CharField(
        label="Why it is superseded",
        max_length=2000,
        widget=forms.Textarea,
        help_text=(
            "The served action is withdrawn and a new draft made from it, for a supervisor to "
            "approve and an officer to serve again."
        ),
        error_messages={"required": "Say why the action is superseded"},
    )


class DesignationForm(forms.Form):
    user = forms.TypedChoiceField(
        label="Person", coerce=uuid.UUID, error_messages={"required": "Choose the person"}
    )
    kind = forms.ChoiceField(
        label="Designation",
        choices=Designation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the designation"},
    )
    organisation = forms.TypedChoiceField(
        label="Designated by",
        coerce=uuid.UUID,
        empty_value=None,
        required=False,
        help_text="The body that makes the designation: a council for its own people and for "
        "social landlords, a police force for its PCSOs",
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[uuid.UUID, str]],
        bodies: list[tuple[uuid.UUID, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a person"),
            *((str(pk), name) for pk, name in people),
        ]
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Choose the organisation"),
            *((str(pk), name) for pk, name in bodies),
        ]
        if len(bodies) == 1:
            self.fields["organisation"].initial = str(bodies[0][0])
