"""Forms for the safeguarding pages. They parse input; services decide and write."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django import forms

from lantern.core import clock
from lantern.frontend.date_input import DateInputField
from lantern.safeguarding.models import (
    AgeBand,
    Indicator,
    NrmExplained,
    Outcome,
    OutreachContact,
    Purpose,
    Referral,
    Review,
    SharedItem,
)

LONDON = ZoneInfo("Europe/London")
# The "nothing chosen" option of a select. Not "": the GOV.UK select tag leaves an empty
# value out, so the browser would send the option's text instead.
NONE = "none"


def chosen(value: str | None) -> str:
    return "" if not value or value == NONE else value


DATE_HINT = "For example, 27 11 2026"


def _date(label: str, **kwargs) -> DateInputField:
    return DateInputField(
        label=label,
        help_text=DATE_HINT,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} like 27/11/2026",
        },
        **kwargs,
    )


def _when(day, at: time | None) -> datetime:
    """A date with an optional time as a moment. Without a time: midday, or for today the
    start of the day, so that "today" is never in the future before noon."""
    if at is None:
        today = clock.now().astimezone(LONDON).date()
        at = time(0, 0) if day >= today else time(12, 0)
    return datetime.combine(day, at, tzinfo=LONDON)


class ScreeningForm(forms.Form):
    observed_on = _date("Date of the contact")
    observed_time = forms.TimeField(
        label="Time of the contact",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="24-hour clock, for example 21:30",
        error_messages={"invalid": "Enter the time like 21:30"},
    )
    context = forms.CharField(
        label="Where and how the contact happened",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say where and how the contact happened"},
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators observed",
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The last three are specific to sex work.",
    )
    age_band = forms.ChoiceField(
        label="Age",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        help_text="Anyone under 18 is always a concern: child sexual exploitation.",
        error_messages={"required": "Say whether the person is 18 or over, under 18, or not known"},
    )
    may_be_under_18 = forms.ChoiceField(
        label="If their age is not known: are there reasonable grounds to believe they may be "
        "under 18?",
        choices=[("yes", "Yes"), ("no", "No")],
        required=False,
        widget=forms.RadioSelect,
        help_text="If yes, they are treated as under 18 until their age is determined "
        "(Modern Slavery Act 2015 s.51). An age that is not known is not, alone, a reason.",
    )
    may_be_under_18_reason = forms.CharField(
        label="If their age is not known: your reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you saw or were told that makes you think they may, or may not, be "
        "under 18.",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome"},
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    case = forms.ChoiceField(
        label="Case the contact is part of",
        required=False,
        help_text="The case's page then shows whether a safeguarding review is needed.",
    )

    def __init__(self, *args, cases: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        field.choices = [(NONE, "Not part of a case"), *cases]  # type: ignore[attr-defined]
        if len(cases) == 1 and not self.is_bound:
            field.initial = cases[0][0]

    def observed_at(self) -> datetime:
        return _when(self.cleaned_data["observed_on"], self.cleaned_data.get("observed_time"))

    def under_18_judgement(self) -> bool | None:
        value = self.cleaned_data.get("may_be_under_18")
        return None if not value else value == "yes"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Give the reasons for the decision"},
    )
    decided_on = _date("Date of the decision")


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the consent for?",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the consent is for"},
    )
    given = forms.ChoiceField(
        label="Did the person consent?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the person consented"},
    )
    explanation = forms.CharField(
        label="What was explained",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was explained"},
    )
    nrm_explained = forms.MultipleChoiceField(
        label="For the NRM, what was explained",
        choices=NrmExplained.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="An adult's consent to the NRM needs all three.",
    )
    explained_on = _date("Date it was explained")

    def explained_at(self) -> datetime:
        return _when(self.cleaned_data["explained_on"], None)


YES_NO = [("yes", "Yes"), ("no", "No")]


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who is the referral to?",
        choices=Referral.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the referral is to"},
    )
    agency = forms.ChoiceField(label="Partner support agency", required=False)
    service = forms.ChoiceField(
        label="Kind of support",
        required=False,
        choices=[(NONE, "Choose the kind of support")]
        + [c for c in Referral.Service.choices if c[0] != Referral.Service.SOCIAL_CARE],
    )
    reason = forms.CharField(
        label="Why you are referring",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why you are referring"},
    )
    shared_items = forms.MultipleChoiceField(
        label="What did the person agree the agency may know about them?",
        choices=SharedItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each item the person consented to share, and fill it in below. The "
        'agency sees only the items ticked; for the others it reads "Not shared: the person '
        'did not consent".',
    )
    shared_name = forms.CharField(
        label="Their name, if they agreed",
        required=False,
        max_length=200,
        help_text="The name they want the agency to use.",
    )
    shared_contact = forms.CharField(
        label="How to reach them, if they agreed",
        required=False,
        max_length=200,
        help_text="A phone number or email address they gave for this.",
    )
    shared_place = forms.CharField(
        label="Where to find them, if they agreed",
        required=False,
        max_length=200,
        help_text="A street, area or place, for example a drop-in centre.",
    )
    referrer_contact = forms.CharField(
        label="How the agency may reach you, if they agreed",
        required=False,
        max_length=200,
        help_text="Your name and a work phone number or email address.",
    )
    shared_information = forms.CharField(
        label="Anything else the person agreed the agency may know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The agency sees the items above, this and the referral, nothing else.",
    )
    override = forms.ChoiceField(
        label="Without consent: the lawful override",
        required=False,
        choices=Referral.Override.choices,
        widget=forms.RadioSelect,
        help_text="Only when the person has not consented to a referral.",
    )
    override_rationale = forms.CharField(
        label="Reasons for the override", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    s42_care_needs = forms.ChoiceField(
        label="Care Act s.42: does the adult have needs for care and support?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    s42_abuse_or_risk = forms.ChoiceField(
        label="Care Act s.42: is the adult experiencing, or at risk of, abuse or neglect?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    s42_unable_to_protect = forms.ChoiceField(
        label="Care Act s.42: as a result of those needs, is the adult unable to protect themselves?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, agencies=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(NONE, "Choose an agency")] + [  # type: ignore[attr-defined]
            (str(a.pk), a.name) for a in agencies
        ]

    def yes_no(self, name: str) -> bool | None:
        value = self.cleaned_data.get(name)
        return None if not value else value == "yes"

    def shared_details(self) -> dict[str, str]:
        """Each item's value by its code, ticked or not: the service keeps only the values
        of the items the person consented to share."""
        data = self.cleaned_data
        return {
            SharedItem.NAME: data["shared_name"],
            SharedItem.CONTACT: data["shared_contact"],
            SharedItem.PLACE: data["shared_place"],
            SharedItem.REFERRER: data["referrer_contact"],
        }


class DutyForm(forms.Form):
    exploitation_type = forms.ChoiceField(
        label="Type of exploitation",
        choices=[
            ("sexual", "Sexual exploitation"),
            ("labour", "Labour exploitation"),
            ("criminal", "Criminal exploitation"),
            ("domestic_servitude", "Domestic servitude"),
            ("not_known", "Not known"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of exploitation"},
    )
    reference = forms.CharField(
        label="Home Office reference (optional)", required=False, max_length=40
    )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Referral.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    outcome = forms.CharField(
        label="Outcome (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutreachContactForm(forms.Form):
    contacted_on = _date("Date of the contact")
    area = forms.CharField(
        label="Street or area (optional)",
        required=False,
        max_length=100,
        help_text="No house numbers or names.",
    )
    support = forms.MultipleChoiceField(
        label="Support offered",
        choices=OutreachContact.Support.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referral = forms.ChoiceField(label="Part of a referral (optional)", required=False)
    partnership = forms.ChoiceField(
        label="Which partnership was it for?",
        required=False,
        help_text="Not needed for a contact that is part of a referral: it goes with the referral.",
    )

    def __init__(self, *args, referrals=(), partnerships=(), **kwargs) -> None:
        """``partnerships``: the worker's, as (id, name), when they have several; else the
        field is left out (a worker of one partnership logs every contact there)."""
        super().__init__(*args, **kwargs)
        choices = [(NONE, "Not part of a referral")] + [
            (str(r.pk), f"Referral {str(r.pk)[:8]} of {r.sent_at:%d %b %Y}") for r in referrals
        ]
        self.fields["referral"].choices = choices  # type: ignore[attr-defined]
        if len(partnerships) > 1:
            self.fields["partnership"].choices = [  # type: ignore[attr-defined]
                (NONE, "Choose a partnership"),
                *((str(pk), name) for pk, name in partnerships),
            ]
        else:
            del self.fields["partnership"]


class SharePersonForm(forms.Form):
    """Share a person's safeguarding records with another partnership: whom with, and why
    (an audited act, for a safeguarding lead)."""

    partnership = forms.ChoiceField(
        label="Partnership to share them with",
        error_messages={"required": "Choose a partnership to share with"},
    )
    reason = forms.CharField(
        label="Why does the other partnership need these records?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the share. Their safeguarding leads see every screening, review, "
        "consent and referral your partnership holds about this person, until you withdraw it.",
        error_messages={"required": "Say why the other partnership needs these records"},
    )

    def __init__(self, *args, partnerships: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [  # type: ignore[attr-defined]
            (NONE, "Choose a partnership"),
            *partnerships,
        ]

    def clean_partnership(self) -> uuid.UUID:
        value = chosen(self.cleaned_data.get("partnership"))
        if not value:
            raise forms.ValidationError("Choose a partnership to share with")
        return uuid.UUID(value)
