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
    keeper_name = forms.CharField(
        label="Registered keeper's name",
        max_length=200,
        error_messages={
            "required": "Enter the registered keeper's name, as the DVLA gives it",
            "max_length": "Enter the keeper's name in 200 characters or fewer",
        },
    )
    keeper_address = forms.CharField(
        label="Registered keeper's address",
        max_length=300,
        help_text="As the DVLA gives it, for example: 9 Quillon Close, Eastmere EM4 2ZZ",
        error_messages={
            "required": "Enter the registered keeper's address, as the DVLA gives it",
            "max_length": "Enter the keeper's address in 300 characters or fewer",
        },
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


def _days(what: str) -> dict[str, str]:
    """Error messages for a whole number of days from 1 to 366 (never Django's generic ones)."""
    return {
        "invalid": f"Enter {what} as a whole number of days, like 14",
        "min_value": f"Enter {what}: from 1 to 366 days",
        "max_value": f"Enter {what}: from 1 to 366 days",
    }


def _choose(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Choose {what} from the list", "required": f"Choose {what}"}


class ActionForm(forms.Form):
    """One form for every kind of action; the view keeps the fields the kind needs. Every
    message names its field and what to do (issue 20): the services' refusals are put on
    the field they concern (``service_fields``)."""

    person = forms.ChoiceField(
        label="Addressed to", required=False, error_messages=_choose("who it is addressed to")
    )
    vehicle_registration = forms.ChoiceField(
        label="Vehicle", required=False, error_messages=_choose("the vehicle")
    )
    sighting = forms.ChoiceField(
        label="Sighting the letter records",
        required=False,
        error_messages=_choose("the sighting the letter records"),
    )
    breach = forms.ChoiceField(label="Breach", required=False, error_messages=_choose("the breach"))
    prior_warning = forms.ChoiceField(
        label="The warning it follows",
        required=False,
        help_text="A notice must follow a written warning about the same conduct",
        error_messages=_choose("the warning it follows"),
    )
    conduct_category = forms.ChoiceField(
        label="Kind of conduct",
        required=False,
        choices=[("", "Choose the kind of conduct"), *Conduct.choices],
        help_text="A notice must be about the same kind of conduct as the warning it follows",
        error_messages=_choose("the kind of conduct"),
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
        label="Evidence",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose evidence or reports that are on this case"},
    )
    compliance_days = forms.IntegerField(
        label="Days given to comply",
        required=False,
        min_value=1,
        max_value=366,
        error_messages=_days("the days given to comply"),
    )
    amount_pounds = forms.IntegerField(
        label="Amount in pounds",
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": "Enter the amount as a whole number of pounds, like 100",
            "min_value": "Enter an amount of at least £1",
            "max_value": "Enter an amount of no more than £100,000",
        },
    )
    inspector_authorisation = forms.CharField(
        label="Inspector's authorisation reference",
        required=False,
        max_length=100,
        error_messages={"max_length": "Enter the reference in 100 characters or fewer"},
    )
    duration_hours = forms.IntegerField(
        label="Hours the person must stay away",
        required=False,
        min_value=1,
        max_value=1000,
        error_messages={
            "invalid": "Enter the hours as a whole number, like 24",
            "min_value": "Enter the hours they must stay away: at least 1",
            "max_value": "Enter the hours they must stay away: no more than 48",
        },
    )
    locality = forms.CharField(
        label="Locality",
        required=False,
        max_length=300,
        error_messages={"max_length": "Enter the locality in 300 characters or fewer"},
    )
    supervisor_name = forms.CharField(
        label="Supervisor",
        required=False,
        max_length=200,
        error_messages={"max_length": "Enter the supervisor's name in 200 characters or fewer"},
    )
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
                    label=f"Requirement {i + 1}: kind",
                    choices=REQUIREMENT_KINDS,
                    required=False,
                    error_messages=_choose(f"the kind of requirement {i + 1}"),
                )
                self.fields[f"req_{i}_text"] = forms.CharField(
                    label=f"Requirement {i + 1}: what",
                    required=False,
                    max_length=1000,
                    error_messages={
                        "max_length": f"Enter requirement {i + 1} in 1,000 characters or fewer"
                    },
                )
                self.fields[f"req_{i}_days"] = forms.IntegerField(
                    label=f"Requirement {i + 1}: days allowed",
                    required=False,
                    min_value=1,
                    max_value=366,
                    help_text="Not needed for a requirement to stop doing something",
                    error_messages=_days(f"the days allowed for requirement {i + 1}"),
                )
        if "exclusion_area" in self.fields:
            # After the requirements: an exclusion area is one of them, in effect.
            self.fields["exclusion_area"] = self.fields.pop("exclusion_area")

    def clean(self) -> dict[str, Any]:
        """A requirement row needs both its kind and what it asks: either alone is an
        error on the part left out, not a requirement silently dropped."""
        data = super().clean() or {}
        for i in self._requirement_rows_given():
            kind = data.get(f"req_{i}_kind") or "none"
            text = str(data.get(f"req_{i}_text") or "").strip()
            if kind != "none" and not text:
                self.add_error(f"req_{i}_text", f"Say what requirement {i + 1} asks")
            elif kind == "none" and text:
                self.add_error(
                    f"req_{i}_kind",
                    f"Choose the kind of requirement {i + 1}, or delete what it asks",
                )
        return data

    def _requirement_rows_given(self) -> list[int]:
        return [i for i in range(REQUIREMENT_ROWS) if f"req_{i}_kind" in self.fields]

    def _requirement_rows(self) -> list[int]:
        """The rows that are requirements: a kind chosen and something it asks."""
        return [
            i
            for i in self._requirement_rows_given()
            if (self.cleaned_data.get(f"req_{i}_kind") or "none") != "none"
            and str(self.cleaned_data.get(f"req_{i}_text") or "").strip()
        ]

    def requirements(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": self.cleaned_data[f"req_{i}_kind"],
                "text": self.cleaned_data.get(f"req_{i}_text", ""),
                "period_days": self.cleaned_data.get(f"req_{i}_days"),
            }
            for i in self._requirement_rows()
        ]

    def service_fields(self) -> dict[str, str]:
        """The drafting service's names for what it refuses, as this form's fields: the
        n-th requirement given is the n-th row filled in; a refusal about the requirements
        as a whole goes on the first row."""
        names = {
            "person_id": "person",
            "body": "person",
            "vehicle_registration": "vehicle_registration",
            "sighting_report_id": "sighting",
            "breach_id": "breach",
            "prior_warning_id": "prior_warning",
            "amount": "amount_pounds",
            "amount_pence": "amount_pounds",
            "requirements": "req_0_kind",
        }
        for n, i in enumerate(self._requirement_rows() if hasattr(self, "cleaned_data") else []):
            names[f"requirements.{n}.kind"] = f"req_{i}_kind"
            names[f"requirements.{n}.text"] = f"req_{i}_text"
            names[f"requirements.{n}.period_days"] = f"req_{i}_days"
        return names


class ServeForm(forms.Form):
    how = forms.ChoiceField(
        label="How it was served",
        choices=ServedHow.choices,
        error_messages=_choose("how it was served"),
    )
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
    requirement_index = forms.TypedChoiceField(
        label="Requirement breached",
        coerce=int,
        choices=[],
        error_messages=_choose("the requirement that was breached"),
    )
    occurred_on = DateInputField(
        label="Date of the breach",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the breach"},
    )
    details = forms.CharField(
        label="What happened",
        widget=forms.Textarea,
        error_messages={"required": "Say what happened: what they did or did not do"},
    )
    evidence = forms.MultipleChoiceField(
        label="Evidence",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the evidence of the breach: at least one report or item",
            "invalid_choice": "Choose evidence or reports that are on this case",
        },
    )


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
