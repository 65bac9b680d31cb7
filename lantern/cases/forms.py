"""Forms for the cases pages. They parse input; services validate and decide."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms

from lantern.cases.models import ActionKind, Case, Conduct, ServedHow, SubjectRole
from lantern.frontend.date_input import DateInputField
from lantern.frontend.widgets import PolygonField

REQUIREMENT_ROWS = 3
REQUIREMENT_KINDS = [
    ("none", "No requirement"),
    ("stop", "Stop doing"),
    ("do", "Do"),
    ("steps", "Take reasonable steps to"),
]


class CaseForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of case", choices=Case.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea)
    area = PolygonField(
        label="Area of the problem (optional)",
        required=False,
        help_text="For a place-based problem. Draw it on the map below, or type it as a "
        "GeoJSON polygon: longitude then latitude, the first point repeated at the end.",
    )

    def __init__(
        self, *args: Any, partnerships: Sequence[tuple[uuid.UUID, str]] = (), **kwargs: Any
    ) -> None:
        """``partnerships``: (id, name) of the actor's partnerships, when they have several
        to choose from (with one, the case is simply that one's)."""
        super().__init__(*args, **kwargs)
        if len(partnerships) > 1:
            self.fields["partnership_id"] = forms.TypedChoiceField(
                label="Which partnership is the case for?",
                choices=[(str(pk), name) for pk, name in partnerships],
                coerce=uuid.UUID,
                widget=forms.RadioSelect,
                help_text="Its staff may see the case, as its organisation and partners allow.",
                error_messages={"required": "Choose which partnership the case is for"},
            )
            self.order_fields(["partnership_id", "kind", "title", "summary", "area"])


class LinkReportForm(forms.Form):
    reference = forms.CharField(
        label="Report reference", max_length=20, help_text="For example, R-7K3M-Q9XT"
    )


class PersonForm(forms.Form):
    # No role is chosen for the officer: a person added to a case is not a "perpetrator"
    # until someone says so (issue 20).
    role = forms.ChoiceField(
        label="Role in the case",
        choices=[("", "Choose their role"), *SubjectRole.choices],
        error_messages={"required": "Choose their role in the case"},
    )
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    aliases = forms.CharField(
        label="Other names (aliases)",
        required=False,
        max_length=500,
        help_text="Separate names with commas",
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, help_text="For example, 27 3 1990"
    )
    estimated_age = forms.IntegerField(
        label="Estimated age in years",
        required=False,
        min_value=0,
        max_value=120,
        help_text="If the date of birth is not known",
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    address = forms.CharField(label="Address", required=False, max_length=300)


class VehicleForm(forms.Form):
    registration = forms.CharField(label="Registration number", max_length=20)
    make = forms.CharField(label="Make", required=False, max_length=60)
    model = forms.CharField(label="Model", required=False, max_length=60)
    colour = forms.CharField(label="Colour", required=False, max_length=40)


class ShareForm(forms.Form):
    """Share a record with another partnership: whom with, and why (an audited act)."""

    partnership = forms.TypedChoiceField(
        label="Partnership to share it with",
        coerce=uuid.UUID,
        error_messages={"required": "Choose a partnership to share with"},
    )
    reason = forms.CharField(
        label="Why does the other partnership need it?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="The reason is kept with the share and shown to those who see it.",
        error_messages={"required": "Say why the other partnership needs this record"},
    )

    def __init__(self, *args: Any, partnerships: Sequence[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a partnership"),
            *((str(pk), name) for pk, name in partnerships),
        ]


class KeeperForm(forms.Form):
    keeper_name = forms.CharField(label="Registered keeper's name", max_length=200)
    keeper_address = forms.CharField(
        label="Registered keeper's address",
        max_length=300,
        help_text="As the DVLA gives it, for example: 9 Quillon Close, Eastmere EM4 2ZZ",
    )
    keeper_person = forms.ChoiceField(
        label="Is the keeper one of the people on this case?",
        required=False,
        help_text="If so, a letter to the keeper is addressed to them, and it waits for a "
        "safeguarding review where one is needed, as any warning or notice to them would.",
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper_person"].choices = [  # type: ignore[attr-defined]
            ("none", "No: a firm, or someone not on this case"),
            *people,
        ]


class ActionForm(forms.Form):
    """One form for every kind of action; the view keeps the fields the kind needs."""

    person = forms.ChoiceField(label="Addressed to", required=False)
    vehicle_registration = forms.ChoiceField(label="Vehicle", required=False)
    sighting = forms.ChoiceField(label="Sighting the letter records", required=False)
    breach = forms.ChoiceField(label="Breach", required=False)
    prior_warning = forms.ChoiceField(
        label="The warning it follows",
        required=False,
        help_text="A notice must follow a written warning about the same conduct",
    )
    conduct_category = forms.ChoiceField(
        label="Kind of conduct",
        required=False,
        choices=[("", "Choose the kind of conduct"), *Conduct.choices],
        help_text="A notice must be about the same kind of conduct as the warning it follows",
    )
    conduct = forms.CharField(label="The conduct", required=False, widget=forms.Textarea)
    detrimental_effect = forms.CharField(
        label="Its detrimental effect on the quality of life of those in the locality",
        required=False,
        widget=forms.Textarea,
    )
    persistent_nature = forms.CharField(
        label="Why it is persistent or continuing", required=False, widget=forms.Textarea
    )
    unreasonable_because = forms.CharField(
        label="Why it is unreasonable", required=False, widget=forms.Textarea
    )
    evidence = forms.MultipleChoiceField(
        label="Evidence", required=False, widget=forms.CheckboxSelectMultiple
    )
    compliance_days = forms.IntegerField(
        label="Days given to comply", required=False, min_value=1, max_value=366
    )
    amount_pounds = forms.IntegerField(
        label="Amount in pounds", required=False, min_value=1, max_value=100_000
    )
    inspector_authorisation = forms.CharField(
        label="Inspector's authorisation reference", required=False, max_length=100
    )
    duration_hours = forms.IntegerField(
        label="Hours the person must stay away", required=False, min_value=1, max_value=1000
    )
    locality = forms.CharField(label="Locality", required=False, max_length=300)
    supervisor_name = forms.CharField(label="Supervisor", required=False, max_length=200)
    meetings_by = DateInputField(label="Meetings to end by", required=False)
    exclusion_area = PolygonField(
        label="Exclusion area (optional)",
        required=False,
        help_text="Where the notice forbids the person to go. Draw it on the map below, or "
        "type it as a GeoJSON polygon: longitude then latitude, the first point repeated at "
        "the end.",
    )

    KIND_FIELDS: dict[str, tuple[str, ...]] = {
        ActionKind.KEEPER_LETTER: ("vehicle_registration", "sighting"),
        ActionKind.ABA: ("person", "conduct", "evidence"),
        ActionKind.CPW: (
            "person",
            "conduct_category",
            "conduct",
            "detrimental_effect",
            "persistent_nature",
            "unreasonable_because",
            "evidence",
            "compliance_days",
        ),
        ActionKind.CPN: (
            "person",
            "prior_warning",
            "conduct_category",
            "conduct",
            "detrimental_effect",
            "persistent_nature",
            "unreasonable_because",
            "evidence",
            "exclusion_area",
        ),
        ActionKind.FPN_CPN: ("breach", "amount_pounds"),
        ActionKind.PROSECUTION: ("breach",),
        ActionKind.DISPERSAL: (
            "person",
            "inspector_authorisation",
            "locality",
            "duration_hours",
        ),
        ActionKind.PSPO_FPN: ("person", "conduct", "amount_pounds"),
        ActionKind.ESO: ("person", "supervisor_name", "meetings_by"),
    }
    WITH_REQUIREMENTS = frozenset({ActionKind.ABA, ActionKind.CPW, ActionKind.CPN})

    def __init__(self, *args: Any, kind: str, choices: dict[str, list], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = set(self.KIND_FIELDS[kind])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, options in choices.items():
            if name in self.fields:
                self.fields[name].choices = options  # type: ignore[attr-defined]
        if kind in self.WITH_REQUIREMENTS:
            for i in range(REQUIREMENT_ROWS):
                self.fields[f"req_{i}_kind"] = forms.ChoiceField(
                    label=f"Requirement {i + 1}: kind", choices=REQUIREMENT_KINDS, required=False
                )
                self.fields[f"req_{i}_text"] = forms.CharField(
                    label=f"Requirement {i + 1}: what", required=False, max_length=1000
                )
                self.fields[f"req_{i}_days"] = forms.IntegerField(
                    label=f"Requirement {i + 1}: days allowed",
                    required=False,
                    min_value=1,
                    max_value=366,
                    help_text="Not needed for a requirement to stop doing something",
                )
        if "exclusion_area" in self.fields:
            # After the requirements: an exclusion area is one of them, in effect.
            self.fields["exclusion_area"] = self.fields.pop("exclusion_area")

    def requirements(self) -> list[dict[str, Any]]:
        found = []
        for i in range(REQUIREMENT_ROWS):
            kind = self.cleaned_data.get(f"req_{i}_kind")
            if kind and kind != "none":
                found.append(
                    {
                        "kind": kind,
                        "text": self.cleaned_data.get(f"req_{i}_text", ""),
                        "period_days": self.cleaned_data.get(f"req_{i}_days"),
                    }
                )
        return found


class ServeForm(forms.Form):
    how = forms.ChoiceField(label="How it was served", choices=ServedHow.choices)
    served_on = DateInputField(
        label="Date served", required=False, help_text="Leave empty for today"
    )


class AppealForm(forms.Form):
    lodged_on = DateInputField(
        label="Date the appeal was lodged",
        help_text="The day it was made to the magistrates' court, for example 27 3 2026",
        error_messages={"required": "Enter the date the appeal was lodged"},
    )


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False, max_length=2000)


class BreachForm(forms.Form):
    requirement_index = forms.TypedChoiceField(label="Requirement breached", coerce=int, choices=[])
    occurred_on = DateInputField(label="Date of the breach", help_text="For example, 27 3 2026")
    details = forms.CharField(label="What happened", widget=forms.Textarea)
    evidence = forms.MultipleChoiceField(label="Evidence", widget=forms.CheckboxSelectMultiple)


class ReviewApplyForm(forms.Form):
    statement = forms.CharField(
        label="What would you like the review to look at?",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, councils: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        """``councils``: (id, name) of each council, when there are several to choose from."""
        super().__init__(*args, **kwargs)
        if councils:
            self.fields["council"] = forms.ChoiceField(
                label="Which council is the area where it happens in?",
                choices=list(councils),
                widget=forms.RadioSelect,
                help_text="Each council sets its own threshold (above).",
                error_messages={
                    "required": "Choose the council for the area where the incidents happened"
                },
            )
            self.order_fields(["council", "statement"])
