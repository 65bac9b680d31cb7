"""The forms of the intelligence record pages. Choices come from the models' TextChoices and
schema.py's declarations, never from lists written here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms

from lantern.frontend.date_input import DateInputField
from lantern.intelligence.models import Assessment, Handling, SourceEvaluation
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.services import Grading

# How many new entities the report form offers to name (a type and a value each).
NEW_ENTITY_ROWS = 3

TYPE_CHOICES = [(s.name, s.label) for s in ENTITIES.values()]
VALUE_HINT = (
    "For a phone its number, for a vehicle its registration, for an address the address, for "
    "an online account its name or handle; for anything else, what it is called"
)


def _text(label: str, *, required: bool = False, help_text: str = "", **kw: Any) -> forms.Field:
    return forms.CharField(label=label, required=required, help_text=help_text, **kw)


class GradingMixin(forms.Form):
    """The 3x5x2 grading as three labelled radio groups, and C's conditions."""

    source_evaluation = forms.ChoiceField(
        label="Source evaluation",
        choices=SourceEvaluation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    assessment = forms.ChoiceField(
        label="Intelligence assessment",
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    handling = forms.ChoiceField(
        label="Handling code",
        choices=Handling.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    handling_conditions = forms.CharField(
        label="Handling conditions (for C)",
        help_text="Required for handling code C: say how it may be shared and with whom",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    partners_may_see = forms.BooleanField(
        label="Partners (the council, safeguarding) may see it under these conditions (for C)",
        required=False,
    )

    def graded(self) -> bool:
        data = self.cleaned_data
        return any(data.get(k) for k in ("source_evaluation", "assessment", "handling"))

    def grading(self) -> Grading:
        data = self.cleaned_data
        return Grading(
            source_evaluation=data.get("source_evaluation") or "",
            assessment=data.get("assessment") or "",
            handling=data.get("handling") or "",
            handling_conditions=data.get("handling_conditions") or "",
            partners_may_see=bool(data.get("partners_may_see")),
        )


class ReportForm(GradingMixin):
    """An intelligence report: the sanitised text, its grading, its period, its partnership
    (for an officer of several), the entities it mentions, and, for a source handler only,
    who the source is."""

    text = forms.CharField(
        label="The intelligence, sanitised",
        help_text="Nothing that identifies the source, explicitly or implicitly",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    occurred_from = DateInputField(
        label="It refers to the period from (optional)",
        help_text="For example, 1 11 2026",
        required=False,
    )
    occurred_to = DateInputField(
        label="To (optional)", help_text="For example, 30 11 2026", required=False
    )
    mentions = forms.MultipleChoiceField(
        label="Entities on record it mentions",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    registrations = forms.MultipleChoiceField(
        label="Vehicles named in the report: mention them",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        partnerships: Sequence[tuple[uuid.UUID, str]] = (),
        entities: Sequence[tuple[str, str]] = (),
        registrations: Sequence[tuple[str, str]] = (),
        source_section: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.ChoiceField(
                label="Which partnership is it for?",
                choices=[("", "Choose a partnership"), *((str(p), n) for p, n in partnerships)],
                required=False,
            )
        self.fields["mentions"].choices = list(entities)  # type: ignore[attr-defined]
        if not entities:
            del self.fields["mentions"]
        self.fields["registrations"].choices = list(registrations)  # type: ignore[attr-defined]
        if not registrations:
            del self.fields["registrations"]
        for n in range(1, NEW_ENTITY_ROWS + 1):
            self.fields[f"new_type_{n}"] = forms.ChoiceField(
                label=f"New entity {n}: type",
                choices=[("", "None"), *TYPE_CHOICES],
                required=False,
            )
            self.fields[f"new_value_{n}"] = _text(
                f"New entity {n}: value", help_text=VALUE_HINT if n == 1 else ""
            )
        self.source_section = source_section
        if source_section:
            self.fields["source_reference"] = _text(
                "Source reference",
                help_text="Leave the source section empty where there is no source to record",
                max_length=50,
            )
            self.fields["source_identity"] = _text(
                "Who the source is", widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields["handler_notes"] = _text(
                "Handler's notes", widget=forms.Textarea(attrs={"rows": 3})
            )

    def new_rows(self) -> list[tuple[str, str] | None]:
        """(type, value) of each new-entity row, None for a blank one."""
        rows: list[tuple[str, str] | None] = []
        for n in range(1, NEW_ENTITY_ROWS + 1):
            kind = self.cleaned_data.get(f"new_type_{n}") or ""
            value = (self.cleaned_data.get(f"new_value_{n}") or "").strip()
            rows.append((kind, value) if kind or value else None)
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, NEW_ENTITY_ROWS + 1):
            kind, value = data.get(f"new_type_{n}"), (data.get(f"new_value_{n}") or "").strip()
            if value and not kind:
                self.add_error(f"new_type_{n}", f"Choose what new entity {n} is")
            elif kind and not value:
                self.add_error(f"new_value_{n}", f"Give new entity {n}'s value or name")
        return data

    def field_groups(self) -> dict[str, list[forms.BoundField]]:
        """The fields in the order the page shows them, by section."""
        names = list(self.fields)
        new = [self[n] for n in names if n.startswith(("new_type_", "new_value_"))]
        source = [
            self[n] for n in ("source_reference", "source_identity", "handler_notes") if n in names
        ]
        grading = [
            self[n]
            for n in (
                "source_evaluation",
                "assessment",
                "handling",
                "handling_conditions",
                "partners_may_see",
            )
        ]
        first = [self[n] for n in ("partnership", "text") if n in names]
        period = [self["occurred_from"], self["occurred_to"]]
        mentions = [self[n] for n in ("registrations", "mentions") if n in names]
        return {
            "first": first,
            "grading": grading,
            "period": period,
            "mentions": mentions,
            "new": new,
            "source": source,
        }


class SourceForm(forms.Form):
    source_reference = _text("Source reference", max_length=50)
    source_identity = _text("Who the source is", widget=forms.Textarea(attrs={"rows": 3}))
    handler_notes = _text("Handler's notes", widget=forms.Textarea(attrs={"rows": 3}))


class EntitySearchForm(forms.Form):
    type = forms.ChoiceField(
        label="Type", choices=[("", "Any type"), *TYPE_CHOICES], required=False
    )
    q = _text("Name, number, registration or address contains", max_length=100)


class EntityForm(forms.Form):
    schema = forms.ChoiceField(label="What is it?", choices=TYPE_CHOICES, widget=forms.RadioSelect)
    value = _text(
        "Its identifying value or name", help_text=VALUE_HINT, max_length=200, required=True
    )
    caption = _text(
        "What pages call it (optional)",
        help_text="Leave empty to use the value",
        max_length=200,
    )

    def __init__(
        self, *args: Any, partnerships: Sequence[tuple[uuid.UUID, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["required"] = "Give its value or name"
        self.fields["schema"].error_messages["required"] = "Choose what it is"
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.ChoiceField(
                label="Which partnership is it for?",
                choices=[("", "Choose a partnership"), *((str(p), n) for p, n in partnerships)],
                required=False,
            )


def _report_field(reports: Sequence[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Recorded from an intelligence report (optional)",
        help_text="It then takes the report's grading, unless you grade it here",
        choices=[("", "None: grade it below"), *reports],
        required=False,
    )


class StatementForm(GradingMixin):
    prop = forms.ChoiceField(label="Property")
    value = _text("Value", max_length=500)
    valid_from = DateInputField(
        label="True from (optional)", help_text="For example, 1 11 2026", required=False
    )
    valid_to = DateInputField(label="True until (optional)", required=False)

    def __init__(
        self,
        *args: Any,
        schema: str,
        reports: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs["prefix"] = "statement"
        super().__init__(*args, **kwargs)
        self.fields["prop"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a property"),
            *((p.name, p.label) for p in ENTITIES[schema].props),
        ]
        self.fields["prop"].error_messages["required"] = "Choose the property"
        self.fields["value"].error_messages["required"] = "Give the value"
        self.fields["report"] = _report_field(reports)
        self.order_fields(["prop", "value", "report"])


class LinkForm(GradingMixin):
    link_type = forms.ChoiceField(label="How is it linked?")
    other = forms.ChoiceField(label="To which entity?")
    occurred_at = forms.DateTimeField(
        label="When the call happened (for “called” only)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    valid_from = DateInputField(
        label="True from (optional)", help_text="For example, 1 11 2026", required=False
    )
    valid_to = DateInputField(label="True until (optional)", required=False)

    def __init__(
        self,
        *args: Any,
        link_types: Sequence[tuple[str, str]],
        others: Sequence[tuple[str, str]],
        reports: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs["prefix"] = "link"
        super().__init__(*args, **kwargs)
        self.fields["link_type"].choices = [("", "Choose a link"), *link_types]  # type: ignore[attr-defined]
        self.fields["link_type"].error_messages["required"] = "Choose how it is linked"
        self.fields["other"].choices = [("", "Choose an entity"), *others]  # type: ignore[attr-defined]
        self.fields["other"].error_messages["required"] = (
            "Choose the other entity (search for it first)"
        )
        self.fields["report"] = _report_field(reports)
        self.order_fields(["link_type", "other", "occurred_at", "report"])

    def direction(self) -> tuple[str, bool]:
        """(link type, whether this entity is its target)."""
        name, _, reverse = self.cleaned_data["link_type"].partition(":")
        return name, reverse == "reverse" and name in LINKS


class FindForm(forms.Form):
    """Searching for entities to offer on a form (the page reloads with the results)."""

    find_type = forms.ChoiceField(
        label="Type", choices=[("", "Any type"), *TYPE_CHOICES], required=False
    )
    find = _text(
        "Find entities",
        help_text="Part of a name, number, registration or address",
        max_length=100,
    )
