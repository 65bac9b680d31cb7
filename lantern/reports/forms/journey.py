"""Forms for the report journey and for following a report. They parse what people type;
services decide and write."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from lantern.core.registration import InvalidRegistration, normalise_sighting
from lantern.reports.models import Category, Report

LONDON = ZoneInfo("Europe/London")
MAX_TEXT = 10_000


class CategoryForm(forms.Form):
    """What happened: one of the active categories."""

    category = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what happened",
            "invalid_choice": "Choose what happened",
        },
    )

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.name) for c in categories]  # type: ignore[attr-defined]


def _float(text: str, label: str, low: float, high: float) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise forms.ValidationError(f"{label} must be a number, like {low + 1:.4f}") from None
    if not (low <= value <= high):
        raise forms.ValidationError(f"{label} must be between {low:g} and {high:g}")
    return value


class WhereForm(forms.Form):
    """Where: a place found by searching, a map pin (which fills latitude and longitude), or
    typed by hand. ``places`` are the last search's results (kept in the session), offered
    as radios; a place chosen from them sets the point, and the address if none is typed."""

    place_query = forms.CharField(
        label="Search for a street, postcode or place",
        required=False,
        max_length=100,
        help_text="For example, Larkspur Row or EM1 4LR",
        error_messages={"max_length": "The search must be 100 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    place = forms.ChoiceField(
        label="Choose the place",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the places found, or search again"},
    )

    latitude = forms.CharField(
        label="Latitude",
        required=False,
        max_length=40,
        help_text="For example, 51.5412",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    longitude = forms.CharField(
        label="Longitude",
        required=False,
        max_length=40,
        help_text="For example, 0.7183",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label="Address or description of the place",
        required=False,
        max_length=300,
        help_text="For example, outside 14 Larkspur Row, or the alley behind the shops",
        error_messages={"max_length": "The address must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, places: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.places = places or []
        self.fields["place"].choices = [  # type: ignore[attr-defined]
            (str(i), p["label"]) for i, p in enumerate(self.places)
        ]

    def clean_latitude(self) -> float | None:
        text = self.cleaned_data["latitude"]
        return _float(text, "Latitude", -90, 90) if text.strip() else None

    def clean_longitude(self) -> float | None:
        text = self.cleaned_data["longitude"]
        return _float(text, "Longitude", -180, 180) if text.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("place"):
            chosen = self.places[int(data["place"])]
            data["latitude"], data["longitude"] = chosen["lat"], chosen["lon"]
            data["address"] = data.get("address", "").strip() or chosen["label"]
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            self.add_error(missing, f"Enter the {missing} too, or leave both empty")
        elif lat is None and not data.get("address", "").strip():
            self.add_error(
                "address",
                "Put a pin on the map, search for the street, or type the address or describe "
                "the place",
            )
        return data


_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> time:
    """'21:30', '9:30pm', '9pm', '2130', 'midnight', 'midday'."""
    value = text.strip().lower().replace(" ", "")
    if value in ("midnight", "12midnight"):
        return time(0, 0)
    if value in ("midday", "noon", "12midday"):
        return time(12, 0)
    match = _TIME.match(value)
    if not match:
        raise forms.ValidationError("Enter a time, like 9:30pm or 21:30")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            raise forms.ValidationError("Enter a time, like 9:30pm or 21:30")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise forms.ValidationError("Enter a real time, like 9:30pm or 21:30")
    return time(hour, minute)


class WhenForm(forms.Form):
    """When: a date and a time, and an optional end time for something that went on."""

    day = forms.CharField(label="Day", required=False, max_length=2)
    month = forms.CharField(label="Month", required=False, max_length=2)
    year = forms.CharField(label="Year", required=False, max_length=4)
    start_time = forms.CharField(
        label="What time did it start?",
        max_length=20,
        help_text="For example, 9:30pm or 21:30. An approximate time is fine.",
        error_messages={"required": "Enter the time it happened"},
    )
    end_time = forms.CharField(
        label="What time did it stop? (optional)",
        required=False,
        max_length=20,
        help_text="If it went on for a while. A time earlier than the start means the next day.",
    )

    def clean_start_time(self) -> time:
        return parse_time(self.cleaned_data["start_time"])

    def clean_end_time(self) -> time | None:
        text = self.cleaned_data["end_time"]
        return parse_time(text) if text.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(key, "").strip() for key in ("day", "month", "year")]
        if not all(parts):
            self.add_error("day", "Enter the date it happened, including a day, month and year")
            return data
        try:
            day = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("day", "The date must be a real date, like 27 11 2026")
            return data
        if day.year < 2000:
            self.add_error("day", "The year must be 2000 or later")
            return data
        if "start_time" not in data or self.errors:
            return data
        start = datetime.combine(day, data["start_time"], tzinfo=LONDON)
        end = None
        if data.get("end_time") is not None:
            end = datetime.combine(day, data["end_time"], tzinfo=LONDON)
            if end <= start:
                end += timedelta(days=1)
        data["occurred_from"], data["occurred_to"] = start, end
        return data


class DescriptionForm(forms.Form):
    description = forms.CharField(
        label="Tell us what happened",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you saw or heard, and how it affected you. Do not include anyone's name.",
        error_messages={
            "required": "Describe what happened",
            "max_length": "The description must be 10,000 characters or fewer",
        },
    )


class StillHappeningForm(WhenForm):
    """ "Still happening": when it happened again and what happened, checked as the report
    journey checks them (its date, times and description)."""

    description = forms.CharField(
        label="What happened this time?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few words are enough. Do not include anyone's name.",
        error_messages={
            "required": "Describe what happened",
            "max_length": "The description must be 10,000 characters or fewer",
        },
    )


class PeopleVehiclesForm(forms.Form):
    people_description = forms.CharField(
        label="Describe anyone involved (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What they were doing and wearing. You do not have to describe anyone, and "
        "please do not follow or photograph anyone.",
        error_messages={"max_length": "This must be 2,000 characters or fewer"},
    )
    vehicles = forms.CharField(
        label="Registration numbers of vehicles involved (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="One on each line, like AB12 CDE. If you saw only part of one, enter that "
        "part, like AB12 C. Put the make, model and colour in your description.",
        error_messages={"max_length": "This must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, category: Category, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not category.asks_about_people:
            del self.fields["people_description"]
        if not category.asks_about_vehicles:
            del self.fields["vehicles"]

    def clean_vehicles(self) -> list[str]:
        found: list[str] = []
        problems: list[str] = []
        for line in re.split(r"[\n,;]", self.cleaned_data["vehicles"]):
            if not line.strip():
                continue
            try:
                registration = normalise_sighting(line).registration
            except InvalidRegistration as exc:
                problems.append(str(exc))
                continue
            if registration not in found:
                found.append(registration)
        if problems:
            raise forms.ValidationError(problems)
        if len(found) > 20:
            raise forms.ValidationError("Enter 20 registration numbers or fewer")
        return found


class QuestionsForm(forms.Form):
    """The category's extra questions, built from its data."""

    def __init__(self, *args: Any, category: Category, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in category.extra_questions:
            required = bool(question.get("required"))
            label = question["question"] + ("" if required else " (optional)")
            messages = {"required": f"Answer: {question['question']}"}
            kind = question.get("kind", "text")
            field: forms.Field
            if kind in ("yes_no", "choice"):
                choices = (
                    [("yes", "Yes"), ("no", "No")]
                    if kind == "yes_no"
                    else [(c, c) for c in question.get("choices", [])]
                )
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={**messages, "invalid_choice": "Choose one of the options"},
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=1000,
                    error_messages={**messages, "max_length": "1,000 characters or fewer"},
                )
            self.fields[question["code"]] = field


class ContactForm(forms.Form):
    contact = forms.ChoiceField(
        label="How should we contact you about this report?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how we should contact you",
            "invalid_choice": "Choose how we should contact you",
        },
    )
    contact_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    contact_phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    ANONYMOUS = "anonymous"

    def __init__(self, *args: Any, allows_anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (Report.Contact.EMAIL.value, "By email"),
            (Report.Contact.PHONE.value, "By phone"),
        ]
        if allows_anonymous:
            choices.append((self.ANONYMOUS, "Do not contact me: I want to stay anonymous"))
        self.fields["contact"].choices = choices  # type: ignore[attr-defined]

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"\+?[0-9 ()\-]{7,25}", phone):
            raise forms.ValidationError("Enter a phone number, like 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        how = data.get("contact")
        if how == "email" and not data.get("contact_email") and "contact_email" not in self.errors:
            self.add_error("contact_email", "Enter the email address to contact you on")
        if how == "phone" and not data.get("contact_phone") and "contact_phone" not in self.errors:
            self.add_error("contact_phone", "Enter the phone number to contact you on")
        return data


class FollowForm(forms.Form):
    reference = forms.CharField(
        label="Report reference",
        max_length=20,
        help_text="For example, R-7K3M-Q9XT",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": "Enter the report reference"},
    )
    tracking_code = forms.CharField(
        label="Tracking code",
        max_length=30,
        help_text="The code you were given when you sent the report",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the tracking code"},
    )
