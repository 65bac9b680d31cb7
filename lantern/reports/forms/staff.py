"""Forms for staff pages: triage and category administration."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from typing import Any

from django import forms

from lantern.reports.forms.journey import MAX_TEXT
from lantern.reports.models import AsbType, Category, Queue, Report

# --- Triage -------------------------------------------------------------------------------


def _date_or_none(text: str, label: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007  (a date only)
        except ValueError:
            continue
    raise forms.ValidationError(f"{label} must be a date, like 27/11/2026")


class TriageFilterForm(forms.Form):
    category = forms.ChoiceField(label="Category", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Report.Status.choices]
    )
    queue = forms.ChoiceField(
        label="Queue", required=False, choices=[("", "Any queue"), *Queue.choices]
    )
    occurred_after = forms.CharField(
        label="Happened on or after", required=False, max_length=20, help_text="27/11/2026"
    )
    occurred_before = forms.CharField(
        label="Happened on or before", required=False, max_length=20, help_text="27/11/2026"
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        help_text="Reports with a map pin inside the area",
        error_messages={"invalid_choice": "Choose one of the areas"},
    )
    box = forms.CharField(
        label="Or a box on the map",
        required=False,
        max_length=120,
        help_text="South, west, north, east, like 51.53, 0.70, 51.55, 0.73",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    assigned_to_me = forms.BooleanField(label="Only reports assigned to me", required=False)

    def __init__(
        self,
        *args: Any,
        categories: list[Category],
        areas: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", "Any category"),
            *[(c.code, c.name) for c in categories],
        ]
        self.fields["area"].choices = [("", "Any area"), *(areas or [])]  # type: ignore[attr-defined]

    def clean_area(self) -> uuid.UUID | None:
        value = self.cleaned_data["area"]
        return uuid.UUID(value) if value else None

    def clean_occurred_after(self) -> date | None:
        return _date_or_none(self.cleaned_data["occurred_after"], "The first date")

    def clean_occurred_before(self) -> date | None:
        return _date_or_none(self.cleaned_data["occurred_before"], "The last date")

    def clean_box(self) -> tuple[float, float, float, float] | None:
        text = self.cleaned_data["box"].strip()
        if not text:
            return None
        parts = [p for p in re.split(r"[\s,]+", text) if p]
        message = "Enter the area as four numbers: south, west, north, east"
        if len(parts) != 4:
            raise forms.ValidationError(message)
        try:
            south, west, north, east = (float(p) for p in parts)
        except ValueError:
            raise forms.ValidationError(message) from None
        if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
            raise forms.ValidationError(
                "South must be below north and west left of east, within -90 to 90 and -180 to 180"
            )
        return south, west, north, east


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label="Assign to", required=False)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "Nobody"), *people]  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(v, label) for v, label in Report.Status.choices if v != "duplicate"],
        error_messages={"required": "Choose a status", "invalid_choice": "Choose a status"},
    )


class UpdateForm(forms.Form):
    KIND_PUBLIC = "public"
    KIND_NOTE = "note"
    kind = forms.ChoiceField(
        label="Who is this for?",
        widget=forms.RadioSelect,
        choices=[
            (KIND_PUBLIC, "A public update: the person who reported it will see it"),
            (KIND_NOTE, "An internal note: only staff will see it"),
        ],
        error_messages={"required": "Choose who the text is for"},
    )
    text = forms.CharField(
        label="Text",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the text",
            "max_length": "The text must be 10,000 characters or fewer",
        },
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label="Reference of the original report",
        max_length=20,
        help_text="For example, R-7K3M-Q9XT",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"required": "Enter the reference of the original report"},
    )


class ShareForm(forms.Form):
    """Share a report with another partnership: which one, and why."""

    partnership = forms.ChoiceField(
        label="Partnership to share it with",
        error_messages={
            "required": "Choose the partnership to share it with",
            "invalid_choice": "Choose the partnership to share it with",
        },
    )
    reason = forms.CharField(
        label="Why does this partnership need it?",
        max_length=2000,
        help_text="For example, it happened on the border, or their force must act on it. "
        "They will see the whole report.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the other partnership needs this report",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, partnerships: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [("", "Choose a partnership"), *partnerships]  # type: ignore[attr-defined]

    def clean_partnership(self) -> uuid.UUID:
        return uuid.UUID(self.cleaned_data["partnership"])


class WithdrawShareForm(forms.Form):
    share = forms.UUIDField(error_messages={"required": "Choose a share to withdraw"})


# --- Category administration --------------------------------------------------------------


class CategoryEditForm(forms.Form):
    code = forms.SlugField(
        label="Code",
        max_length=60,
        help_text="Lower case letters, numbers and dashes; also the Open311 service code. "
        "It cannot be changed later.",
        error_messages={
            "required": "Enter a code",
            "invalid": "The code may contain only lower case letters, numbers and dashes",
        },
    )
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter a name"}
    )
    description = forms.CharField(label="Description", required=False, max_length=300)
    asb_type = forms.ChoiceField(
        label="National ASB type",
        choices=AsbType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the ASB type"},
    )
    queue = forms.ChoiceField(
        label="Which team's queue do reports go to?",
        choices=Queue.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a queue"},
    )
    allows_anonymous = forms.BooleanField(label="May be reported anonymously", required=False)
    asks_about_vehicles = forms.BooleanField(label="Asks about vehicles", required=False)
    asks_about_people = forms.BooleanField(
        label="Asks for a description of people (never for concern for someone's safety)",
        required=False,
    )
    active = forms.BooleanField(label="Active (residents can choose it)", required=False)
    extra_questions = forms.CharField(
        label="Extra questions",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text='JSON: a list of {"code", "question", "kind": "text", "yes_no" or "choice", '
        '"choices" (for choice), "required"}. Leave empty for none.',
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True

    def clean_extra_questions(self) -> list:
        text = self.cleaned_data["extra_questions"].strip()
        if not text:
            return []
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(f"The extra questions are not valid JSON: {exc}") from None
        if not isinstance(value, list):
            raise forms.ValidationError("The extra questions must be a JSON list")
        return value


class FindForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
