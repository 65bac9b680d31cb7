"""Forms for the places pages. They parse input; services decide and write."""

from __future__ import annotations

from django import forms

from lantern.places.models import Camera

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _number(label: str, hint: str = "", *, whole: bool = True, width: str = "") -> forms.Field:
    field_class = forms.IntegerField if whole else forms.FloatField
    message = f"{label} must be a number" if not whole else f"{label} must be a whole number"
    return field_class(
        label=label,
        help_text=hint,
        required=False,
        max_value=None,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric" if whole else "decimal", "spellcheck": "false"}
        ),
        error_messages={"invalid": message},
    )


class CameraForm(forms.Form):
    owner_kind = forms.ChoiceField(
        label="Where is the camera?",
        choices=Camera.OwnerKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    business_name = forms.CharField(
        label="Business name (if it is at a business)", required=False, max_length=150
    )
    label = forms.CharField(
        label="A name for the camera",
        help_text="For example, 'Front doorbell' or 'Yard camera'",
        required=False,
        max_length=80,
    )
    latitude = _number("Latitude", "The map pin fills this in, like 51.5412", whole=False)
    longitude = _number("Longitude", "The map pin fills this in, like 0.7183", whole=False)
    direction = _number(
        "Which way it points, in degrees",
        "0 is north, 90 east, 180 south, 270 west",
    )
    angle = _number("How wide it sees, in degrees", "A typical doorbell sees about 150 degrees")
    range_m = _number("How far it sees, in metres", "Up to 200 metres; most doorbells about 10")
    records_audio = forms.ChoiceField(
        label="Does the camera record sound?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    covers_street = forms.ChoiceField(
        label="Does it capture anything beyond your property's boundary?",
        help_text="A street, a footpath, shared spaces, or a neighbour's home or garden",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    retention_days = _number(
        "How many days is footage kept before it is overwritten?",
        "Check your camera's settings or app",
    )
    clock_offset_seconds = forms.IntegerField(
        label="How far is the camera's clock out, in seconds? (optional)",
        help_text=(
            "Compare the time the camera shows with the true time. If it runs 3 minutes fast, "
            "enter 180; if it is a minute slow, enter -60. Leave it empty if you do not know"
        ),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter how far the camera's clock is out as a whole number of seconds, "
            "like 180 or -60"
        },
    )
    contact_preference = forms.ChoiceField(
        label="How should officers contact you about footage?",
        choices=Camera.Contact.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    contact_phone = forms.CharField(
        label="Phone number (if you chose phone)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    guidance_acknowledged = forms.BooleanField(
        label="I have read the guidance on using cameras at home",
        required=False,
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["guidance_acknowledged"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if "guidance_acknowledged" in self.fields and not data.get("guidance_acknowledged"):
            self.add_error(
                "guidance_acknowledged",
                "Confirm that you have read the guidance on using cameras at home",
            )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("guidance_acknowledged", None)
        data["records_audio"] = _yes_no(data["records_audio"])
        data["covers_street"] = _yes_no(data["covers_street"])
        return data

    @staticmethod
    def initial_for(camera: Camera) -> dict:
        initial = {field: getattr(camera, field) for field in _FIELDS}
        initial["records_audio"] = "yes" if camera.records_audio else "no"
        initial["covers_street"] = "yes" if camera.covers_street else "no"
        return initial


_FIELDS = (
    "owner_kind",
    "business_name",
    "label",
    "latitude",
    "longitude",
    "direction",
    "angle",
    "range_m",
    "retention_days",
    "clock_offset_seconds",
    "contact_preference",
    "contact_phone",
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def _sane_year(value) -> None:
    """Keeps date arithmetic (retention, windows) far from datetime's limits."""
    if value is not None and not 2000 <= value.year <= 2100:
        raise forms.ValidationError("Enter a date between the years 2000 and 2100")


def _when(label: str, hint: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=hint,
        input_formats=DATETIME_FORMATS,
        validators=[_sane_year],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": "Enter a date and time, like 27/11/2026 21:30",
        },
    )


class SearchForm(forms.Form):
    latitude = _number("Latitude", "Of the incident, like 51.5412", whole=False)
    longitude = _number("Longitude", "Of the incident, like 0.7183", whole=False)
    at = _when("When it happened")
    report = forms.UUIDField(
        label="Report id (optional)",
        help_text="Carried into any footage request you send",
        required=False,
        error_messages={"invalid": "Enter the report's id as shown on the report's page"},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        lat, lng = data.get("latitude"), data.get("longitude")
        if lat is None and "latitude" not in self.errors:
            self.add_error("latitude", "Enter the latitude of the incident")
        elif lat is not None and not -90 <= lat <= 90:
            self.add_error("latitude", "Enter a latitude between -90 and 90")
        if lng is None and "longitude" not in self.errors:
            self.add_error("longitude", "Enter the longitude of the incident")
        elif lng is not None and not -180 <= lng <= 180:
            self.add_error("longitude", "Enter a longitude between -180 and 180")
        return data


class PlaceSearchForm(forms.Form):
    """The search box above a staff map: with JavaScript it asks the place search API and
    moves the pin (place-search.js). Never submitted, so what is typed stays out of URLs."""

    place_query = forms.CharField(
        label="Search for a street, postcode or place",
        required=False,
        max_length=100,
        help_text="Then check the pin, and move it if you need to",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class FootageRequestForm(forms.Form):
    report_id = forms.UUIDField(
        label="Report id",
        help_text="The report this request is for",
        error_messages={
            "required": "Enter the report's id",
            "invalid": "Enter the report's id as shown on the report's page",
        },
    )
    window_start = _when("Start of the time window")
    window_end = _when("End of the time window", "At most 24 hours after the start")
    message = forms.CharField(
        label="Message to the camera's owner (optional)",
        help_text="What you are looking for. Do not name anyone.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining? (optional)",
        help_text="The officer will see this",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
