"""The redaction pages' forms: keyboard and screen-reader friendly, no JavaScript needed."""

from __future__ import annotations

from django import forms

from lantern.evidence.redaction.models import Redaction, RegionLabel
from lantern.frontend.forms import GovUKForm

# Where the services' errors go on these forms.
ERROR_FIELDS = {"box": "x", "end_box": "end_x"}


class StartForm(GovUKForm):
    reason = forms.CharField(
        label="Why are you redacting this item?",
        help_text="For example, who the copy is for and what they must not see. The reason is "
        "kept in the redaction log.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why you are redacting this item"},
    )
    style = forms.ChoiceField(
        label="How should the boxes be obscured?",
        choices=Redaction.Style.choices,
        widget=forms.RadioSelect,
        initial=Redaction.Style.BLUR,
        error_messages={"required": "Choose blur or solid boxes"},
    )


def _pixels(label: str, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100_000,
        required=required,
        error_messages={
            "required": f"Enter the box's {label.lower()} in pixels",
            "invalid": f"Enter the box's {label.lower()} as a whole number of pixels",
            "min_value": f"Enter a {label.lower()} of 0 pixels or more",
        },
    )


def _seconds(label: str, name: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=86_400,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {name} time in seconds",
            "invalid": f"Enter the {name} time in seconds, like 2.5",
            "min_value": f"Enter a {name} time of 0 seconds or more",
        },
    )


class RegionForm(GovUKForm):
    """A box: where it is at the start time, and optionally where it has moved to by the end
    time (Lantern moves it evenly between the two)."""

    label = forms.ChoiceField(
        label="What does the box cover?",
        choices=RegionLabel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the box covers"},
    )
    x = _pixels("Left edge (x)")
    y = _pixels("Top edge (y)")
    width = _pixels("Width")
    height = _pixels("Height")
    start = _seconds("From (seconds)", "start")
    end = _seconds("To (seconds)", "end")
    end_x = _pixels("Left edge at the end time (x)", required=False)
    end_y = _pixels("Top edge at the end time (y)", required=False)
    end_width = _pixels("Width at the end time", required=False)
    end_height = _pixels("Height at the end time", required=False)

    MOVING = ("end_x", "end_y", "end_width", "end_height")

    def __init__(self, *args, is_video: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not is_video:
            for name in ("start", "end", *self.MOVING):
                del self.fields[name]

    def clean(self):
        data = super().clean() or {}
        given = [name for name in self.MOVING if name in self.fields and data.get(name) is not None]
        if given and len(given) < len(self.MOVING):
            self.add_error(
                "end_x",
                "To move the box, enter all four of its end position's numbers, or none of them",
            )
        return data


class MuteForm(GovUKForm):
    start = _seconds("From (seconds)", "start")
    end = _seconds("To (seconds)", "end")


class FrameForm(GovUKForm):
    at = _seconds("Show the frame at (seconds)", "frame's")


class DrawForm(GovUKForm):
    """Shown only with JavaScript, beside the picture a box can be drawn on: whether the
    drawing gives the box's position from this frame on, or where it has moved to by this
    frame (a second keyframe). Never sent: the drawing fills in the Add a box form."""

    sets = forms.ChoiceField(
        label="What does your drawing give?",
        choices=[
            ("start", "Where the box is from this frame"),
            ("end", "Where the box has moved to by this frame"),
        ],
        widget=forms.RadioSelect,
        initial="start",
        required=False,
    )
