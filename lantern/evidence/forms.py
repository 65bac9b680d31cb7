"""Forms for the evidence pages. They parse input; services decide and write."""

from __future__ import annotations

from django import forms

from lantern.evidence.models import DeviceKind
from lantern.evidence.scope import parse_choice

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "I do not know")]


class CaptureForm(forms.Form):
    """How the footage was made; sent with each file as tus metadata by the page's script."""

    device_kind = forms.ChoiceField(
        label="What recorded it?",
        choices=DeviceKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    captured_at = forms.DateTimeField(
        label="When was it recorded? (optional)",
        help_text="The date and time the recording shows, for example 2026-11-27 21:30",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    clock_offset_seconds = forms.IntegerField(
        label="How far is the device's clock out, in seconds? (optional)",
        help_text="For example -60 if the device's clock is a minute behind. Leave blank if you do not know",
        required=False,
        min_value=-10 * 365 * 24 * 3600,
        max_value=10 * 365 * 24 * 3600,
    )
    audio = forms.ChoiceField(
        label="Does it record sound?",
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        required=False,
    )


class PlainUploadForm(CaptureForm):
    """The upload page's own form: a plain file input, for a browser without JavaScript (the
    page's script replaces it with Uppy, which sends the capture details as tus metadata).
    ``too_large``: the request's handler dropped the file for going past ``limit_words``.
    The capability of the page for a report just made, if any, comes in ``upload_token``."""

    upload_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=400)
    reference = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    file = forms.FileField(
        label="Choose a file",
        required=False,  # said in clean_file, after the size: see there
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )

    def __init__(self, *args, too_large: bool = False, limit_words: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.limit_words = limit_words
        if limit_words:
            self.fields[
                "file"
            ].help_text = f"A video, photo, sound recording or PDF, up to {limit_words}"

    def clean_file(self):
        """A file dropped for its size never reaches the form: say so, not "Select a file"."""
        if self.too_large:
            raise forms.ValidationError(
                f"The selected file must be smaller than {self.limit_words}"
            )
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            raise forms.ValidationError("Select a file")
        if uploaded.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return uploaded

    def metadata(self) -> dict[str, str]:
        """What a valid form says, as the tus metadata the page's script would have sent."""
        data = self.cleaned_data
        meta = {"filename": data["file"].name}
        found = parse_choice(data.get("about", ""))
        if found is not None:
            meta["link_kind"], meta["link_id"] = found[0], str(found[1])
        if data.get("partnership"):
            meta["partnership_id"] = data["partnership"]
        if data.get("device_kind"):
            meta["device_kind"] = data["device_kind"]
        if data.get("captured_at"):
            meta["captured_at"] = data["captured_at"].isoformat()
        if data.get("clock_offset_seconds") is not None:
            meta["clock_offset_seconds"] = str(data["clock_offset_seconds"])
        if data.get("audio"):
            meta["audio"] = data["audio"]
        return meta


class StatementStartForm(forms.Form):
    witness_name = forms.CharField(
        label="What is your full name?",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )


class StatementForm(forms.Form):
    witness_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    under_18 = forms.ChoiceField(
        label="Are you under 18?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are under 18"},
    )
    age_if_under_18 = forms.IntegerField(
        label="If you are under 18, how old are you?",
        required=False,
        min_value=1,
        max_value=17,
        error_messages={
            "min_value": "Enter an age from 1 to 17",
            "max_value": "Enter an age from 1 to 17",
        },
    )
    occupation = forms.CharField(label="Your occupation (optional)", max_length=200, required=False)
    body = forms.CharField(
        label="Your statement",
        help_text="Say what you saw and heard, in your own words, in the order it happened",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=100_000,
        required=False,
    )
    willing_to_attend_court = forms.ChoiceField(
        label="Would you be willing to go to court to give evidence?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    dates_to_avoid = forms.CharField(
        label="Dates you cannot go to court",
        help_text="Holidays, appointments and so on. If there are none, tick the box below",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    no_dates_to_avoid = forms.BooleanField(
        label="There are no dates I need to avoid", required=False
    )
    special_measures = forms.CharField(
        label="Would anything help you give evidence? (optional)",
        help_text="For example a screen in court, a live link, or an interpreter",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    consent_share_contact = forms.ChoiceField(
        label="May we share your contact details with the prosecutor and the court's witness service?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("under_18") == "yes" and not data.get("age_if_under_18"):
            self.add_error("age_if_under_18", "Enter your age")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data

        def yn(value: str) -> bool | None:
            return {"yes": True, "no": False}.get(value)

        return {
            "witness_name": data["witness_name"],
            "age_if_under_18": data["age_if_under_18"] if data["under_18"] == "yes" else None,
            "occupation": data["occupation"],
            "body": data["body"],
            "willing_to_attend_court": yn(data["willing_to_attend_court"]),
            "dates_to_avoid": data["dates_to_avoid"],
            "no_dates_to_avoid": data["no_dates_to_avoid"],
            "special_measures": data["special_measures"],
            "consent_share_contact": yn(data["consent_share_contact"]),
        }


class SignForm(forms.Form):
    declaration = forms.BooleanField(
        label="I make the declaration above",
        required=False,
    )
    typed_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        error_messages={"required": "Type your full name to sign"},
    )
    secret = forms.CharField(
        label="Your password",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm it is you"},
    )

    def __init__(self, *args, staff: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["secret"].label = "Your two-factor security code"
            self.fields["secret"].widget = forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
            )
            self.fields["secret"].error_messages["required"] = "Enter the 6-digit security code"


class StatementExhibitForm(forms.Form):
    """Link one of a case's exhibits to a statement about the case."""

    exhibit = forms.ChoiceField(
        label="Which exhibit does the statement refer to?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the exhibit the statement refers to",
            "invalid_choice": "Choose one of this case's exhibits not yet linked",
        },
    )

    def __init__(self, *args, exhibits: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exhibit"].choices = exhibits  # type: ignore[attr-defined]


class ReceiptForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)


class ExhibitForm(forms.Form):
    """Give one of a case's items an exhibit reference: the producer's initials and a number."""

    item = forms.ChoiceField(
        label="Which item?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the item to give a reference",
            "invalid_choice": "Choose one of this case's items that has no reference yet",
        },
    )
    initials = forms.CharField(
        label="Producer's initials",
        help_text="The initials of the officer producing the exhibit, for example RP",
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the producer's initials, 1 to 4 letters"},
    )
    number = forms.IntegerField(
        label="Number (optional)",
        help_text="Leave blank to use the producer's next number in this case",
        required=False,
        min_value=1,
        max_value=99_999,
        error_messages={
            "invalid": "Enter the number as digits, for example 3",
            "min_value": "Enter a number from 1 to 99999",
            "max_value": "Enter a number from 1 to 99999",
        },
    )

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = items  # type: ignore[attr-defined]

    def clean_initials(self) -> str:
        initials = self.cleaned_data["initials"].strip().upper()
        if not initials.isascii() or not initials.isalpha():
            raise forms.ValidationError("Enter the producer's initials, 1 to 4 letters")
        return initials


# --- what files or a statement are about, and sharing an item ----------------------------------


def about_field() -> forms.ChoiceField:
    """For a resident: which of their reports, or footage requests to their cameras, the
    files or statement are about (``lantern.evidence.scope.resident_choices``)."""
    return forms.ChoiceField(
        label="What is this about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the report or footage request this is about",
            "invalid_choice": "Choose one of your reports or footage requests",
        },
    )


def partnership_field() -> forms.ChoiceField:
    """For staff in several partnerships: which one the files or statement belong to."""
    return forms.ChoiceField(
        label="Which partnership is this for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which partnership this belongs to",
            "invalid_choice": "Choose one of your partnerships",
        },
    )


def add_scope_fields(
    form: forms.Form,
    *,
    about: list[tuple[str, str]] | None,
    partnerships: list[tuple[str, str]] | None,
) -> None:
    """Add the "about" choice (a resident's) or the partnership choice (staff in several);
    None leaves a field out."""
    if about is not None:
        form.fields["about"] = about_field()
        form.fields["about"].choices = about  # type: ignore[attr-defined]
    if partnerships is not None:
        form.fields["partnership"] = partnership_field()
        form.fields["partnership"].choices = partnerships  # type: ignore[attr-defined]


class ShareForm(forms.Form):
    """Share an evidence item with another partnership, saying why."""

    partnership = forms.ChoiceField(
        label="Which partnership should see this item?",
        error_messages={
            "required": "Choose the partnership to share the item with",
            "invalid_choice": "Choose one of the partnerships listed",
        },
    )
    reason = forms.CharField(
        label="Why does that partnership need it?",
        help_text="This is kept with the share and shown to anyone who reviews it",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the other partnership needs this item"},
    )

    def __init__(self, *args, partnerships: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [("", "Choose a partnership"), *partnerships]  # type: ignore[attr-defined]
