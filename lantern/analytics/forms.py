"""Forms for the analytics pages (validation of shape only; services validate meaning)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from lantern.analytics import selectors
from lantern.analytics.maps import MAP_METHODS
from lantern.analytics.methods.cells import DAYS
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.monthly import MAX_MONTHS, Months, add_months, month_start
from lantern.core.permissions import Permission, can
from lantern.frontend.date_input import DateInputField
from lantern.frontend.widgets import PolygonField

SOURCES = [
    ("imported", "Imported police.uk records"),
    ("reports", "Resident reports"),
    ("both", "Both"),
]


def month_choices(months: list[dt.date]) -> list[tuple[str, str]]:
    return [(m.strftime("%Y-%m"), m.strftime("%B %Y")) for m in months]


def partnership_field(
    form: forms.Form, partnerships: Sequence[tuple[str, str]], *, help_text: str
) -> None:
    """Ask which partnership a record is for only when the actor has several; with one (or
    none) the service decides, and the form has no such field."""
    if len(partnerships) < 2:
        return
    form.fields["partnership"] = forms.TypedChoiceField(
        label="Partnership",
        choices=[("", "Choose a partnership"), *partnerships],
        coerce=uuid.UUID,
        empty_value=None,
        help_text=help_text,
        error_messages={"required": "Choose which partnership this is for"},
    )


class HotspotForm(forms.Form):
    method = forms.ChoiceField(
        label="Method", choices=list(MAP_METHODS.items()), widget=forms.RadioSelect, initial="kde"
    )
    start = forms.ChoiceField(label="From")
    end = forms.ChoiceField(label="To")
    category = forms.ChoiceField(label="Category", required=False)
    area = forms.CharField(
        label="Area",
        required=False,
        max_length=100,
        help_text="An area drawn in Lantern, or the start of an LSOA name, for example "
        '"Southend-on-Sea". Leave empty for all.',
    )
    source = forms.ChoiceField(label="Records", choices=SOURCES, initial="imported")

    def __init__(
        self, *args, months: list[dt.date], categories: list[tuple[str, str]], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = month_choices(months) or [("", "No records imported")]
        self.fields["start"].choices = choices  # type: ignore[attr-defined]
        self.fields["end"].choices = choices  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "All categories"), *categories]  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The period must end on or after the month it starts.")
        return data


class PatrolPlanForm(forms.Form):
    title = forms.CharField(label="Title", max_length=120)
    start = forms.ChoiceField(label="Base the plan on records from")
    end = forms.ChoiceField(label="To")
    category = forms.ChoiceField(label="Category", required=False)
    area = forms.CharField(
        label="Area",
        required=False,
        max_length=100,
        help_text="An area drawn in Lantern, or the start of an LSOA name, for example "
        '"Southend-on-Sea".',
    )
    source = forms.ChoiceField(
        label="Records",
        choices=SOURCES,
        initial="both",
        required=False,
        help_text="Resident reports give the times of day; police.uk records give only the month.",
    )
    starts_on = DateInputField(label="Plan starts on", help_text="For example, 1 12 2026")
    ends_on = DateInputField(label="Plan ends on", help_text="For example, 31 12 2026")
    cells = forms.IntegerField(label="Number of places", min_value=1, max_value=12, initial=5)

    def __init__(
        self,
        *args,
        months: list[dt.date],
        categories: list[tuple[str, str]],
        partnerships: Sequence[tuple[str, str]] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = month_choices(months) or [("", "No records imported")]
        self.fields["start"].choices = choices  # type: ignore[attr-defined]
        self.fields["end"].choices = choices  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "All categories"), *categories]  # type: ignore[attr-defined]
        partnership_field(
            self,
            partnerships,
            help_text="The partnership whose officers will patrol: its member organisations' "
            "officers see the plan once it is published.",
        )


class PatrolItemForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day", coerce=int, choices=[(str(i), d) for i, d in enumerate(DAYS)]
    )
    start_time = forms.TimeField(label="From", help_text="24-hour clock, for example 18:00")
    end_time = forms.TimeField(label="To", help_text="24-hour clock, for example 20:00")
    visits = forms.IntegerField(label="Visits of 15 minutes", min_value=1, max_value=20)


class PatrolAdjustForm(forms.Form):
    """A patrol of a published plan, moved by an officer of the partnership: day and times
    only (the place and the visits stay as published)."""

    weekday = PatrolItemForm.base_fields["weekday"]
    start_time = PatrolItemForm.base_fields["start_time"]
    end_time = PatrolItemForm.base_fields["end_time"]


class PatrolLogForm(forms.Form):
    date = DateInputField(label="Date of the patrol", help_text="For example, 3 12 2026")
    start_time = forms.TimeField(label="Started", help_text="24-hour clock, for example 18:05")
    end_time = forms.TimeField(label="Ended", help_text="24-hour clock, for example 18:20")
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea)


class DashboardForm(forms.Form):
    area = forms.CharField(
        label="Area",
        required=False,
        max_length=100,
        help_text='The start of the LSOA name, for example "Southend-on-Sea".',
    )

    def __init__(self, *args, partnerships: Sequence[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.ChoiceField(
                label="Partnership", choices=partnerships, required=False
            )
            self.order_fields(["partnership", "area"])


class ImpactForm(forms.Form):
    title = forms.CharField(label="Title", max_length=120)
    category = forms.CharField(label="Category", required=False, max_length=100)
    problem_area = PolygonField(label="Problem area")
    comparison_area = PolygonField(
        label="Comparison area",
        help_text="An area like the problem area but apart from it and its buffer. Draw it "
        "on the map below, or type it as a GeoJSON polygon, longitude then latitude, the "
        "first point repeated at the end.",
    )
    buffer_m = forms.IntegerField(label="Buffer (metres)", min_value=0, max_value=5000, initial=250)
    before = forms.CharField(label="Before period", help_text="For example, 2018-01..2018-03")
    after = forms.CharField(label="After period", help_text="For example, 2018-04..2018-07")
    source = forms.ChoiceField(label="Records", choices=SOURCES, initial="imported", required=False)

    def __init__(self, *args, partnerships: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        partnership_field(
            self,
            partnerships,
            help_text="The partnership the evaluation is for: it appears on its dashboard.",
        )


class FiguresForm(forms.Form):
    """The partnership's figures: which partnership (when the actor has several), which of
    its drawn areas (or all of it), which months, which police.uk category."""

    area = forms.ChoiceField(label="Area", required=False)
    start = forms.ChoiceField(label="From", required=False)
    end = forms.ChoiceField(label="To", required=False)
    category = forms.ChoiceField(label="police.uk category", required=False)

    def __init__(
        self,
        *args,
        partnerships: Sequence[tuple[str, str]],
        areas: Sequence[tuple[str, str]],
        months: list[dt.date],
        categories: list[str],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        partnership_field(self, partnerships, help_text="Whose figures to show.")
        if "partnership" in self.fields:
            self.fields["partnership"].required = False
            self.order_fields(["partnership"])
        self.fields["area"].choices = [("", "The whole partnership"), *areas]  # type: ignore[attr-defined]
        choices = month_choices(months)
        self.fields["start"].choices = choices  # type: ignore[attr-defined]
        self.fields["end"].choices = choices  # type: ignore[attr-defined]
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", "All categories"),
            *[(c, c) for c in categories],
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last month must be the same as or after the first month.")
        return data


DEFAULT_MONTHS = 12


def offered_months() -> list[dt.date]:
    """The months the form offers: the last MAX_MONTHS up to this one (UK time), newest
    last."""
    return list(Months.ending(month_start(clock.now()), MAX_MONTHS))


@dataclass(frozen=True)
class Choice:
    form: FiguresForm
    figures: selectors.Figures | None


def choose_figures(actor: Actor, params: QueryDict) -> Choice:
    """The form filled from ``params`` and, when it is valid (or empty), the figures. The
    months default to the last DEFAULT_MONTHS up to this one."""
    if not can(actor, Permission.PARTNERSHIP_FIGURES_VIEW):
        raise PermissionDenied(Permission.PARTNERSHIP_FIGURES_VIEW.value)
    partnership = selectors.dashboard_partnership(
        actor=actor, partnership_id=params.get("partnership") or None
    )
    if partnership is None and params.get("partnership"):
        raise NotFound("partnership")  # not one of the actor's
    months = offered_months()
    form = FiguresForm(
        params or None,
        partnerships=selectors.partnership_choices(actor=actor),
        areas=selectors.figures_area_choices(actor=actor, partnership=partnership)
        if partnership is not None
        else [],
        months=months,
        categories=selectors.policeuk_categories(actor=actor),
        initial={
            "start": f"{add_months(months[-1], 1 - DEFAULT_MONTHS):%Y-%m}",
            "end": f"{months[-1]:%Y-%m}",
        },
    )
    if partnership is None or (params and not form.is_valid()):
        return Choice(form, None)
    data = form.cleaned_data if params else {}
    first = dt.date.fromisoformat(f"{data.get('start') or form.initial['start']}-01")
    last = dt.date.fromisoformat(f"{data.get('end') or form.initial['end']}-01")
    figures = selectors.partnership_figures(
        actor=actor,
        partnership_id=partnership.pk,
        area_id=data.get("area") or None,
        months=Months(first, last),
        category=data.get("category") or "",
    )
    return Choice(form, figures)
