"""Forms for the accounts pages. They parse input; services decide and write."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from lantern.accounts.models import Organisation
from lantern.frontend.widgets import PolygonField


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has not been confirmed yet: check your email for the link",
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "Enter the 6-digit security code",
            "max_length": "Enter the 6-digit security code",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 numbers, like 123456")
        return token


class RegisterForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will send you a link to confirm it",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters; not a common password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )


class OrganisationDetailsForm(forms.Form):
    """An organisation's public contact details, as its documents print them."""

    address = forms.CharField(
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text="One line per line, as the documents print it. A fixed penalty notice "
        "gives its payee's address (section 52(6)(d)).",
    )
    telephone = forms.CharField(
        label="Telephone",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        error_messages={"max_length": "Enter a telephone number of 30 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like asb@example.gov.uk"
        },
    )
    payment_methods = forms.CharField(
        label="How to pay a fixed penalty",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A council's permissible methods of payment, as its fixed penalty notices "
        "print them (section 52(6)(e)). Leave empty for an organisation that is not a council.",
    )
    data_protection_contact = forms.CharField(
        label="Data protection officer's contact",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How to contact its data protection officer, printed in a keeper letter's "
        "privacy notice.",
    )
    keeper_data_kept_for = forms.CharField(
        label="How long a registered keeper's details are kept",
        required=False,
        max_length=200,
        help_text="As the letter says it: for example, 12 months from the date of the letter.",
        error_messages={"max_length": "Keep it to 200 characters or fewer"},
    )

    def clean_telephone(self) -> str:
        telephone = self.cleaned_data["telephone"].strip()
        if telephone and not all(c.isdigit() or c in " +()-" for c in telephone):
            raise forms.ValidationError(
                "Enter a telephone number using digits, spaces, brackets, + or -"
            )
        return telephone


class PartnershipForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example: Eastmere Community Safety Partnership",
        error_messages={
            "required": "Enter the partnership's name",
            "max_length": "Keep the name to 200 characters or fewer",
        },
    )
    boundary = PolygonField(
        label="Area",
        required=False,
        help_text="The area it serves: a report placed inside it belongs to it. Draw it on "
        "the map below, or type it as a GeoJSON polygon (longitude then latitude). You can "
        "draw it later; until then it takes no report by place.",
    )
    members = forms.ModelMultipleChoiceField(
        label="Member organisations",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their staff will see the partnership's records.",
    )


class PartnershipAreaForm(forms.Form):
    boundary = PolygonField(
        label="Area",
        required=False,
        help_text="A report placed inside it belongs to the partnership. Draw it on the map, "
        "or type it as a GeoJSON polygon. Leave it empty to take no report by place.",
    )


class PartnershipMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation to add",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation to add"},
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]


class OwnDetailsForm(forms.Form):
    """A resident corrects their contact details (the service checks them again)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        help_text="If you change it, we will send a link to the new address. You sign in "
        "with your old address until you follow the link.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=30,
        help_text="For example, 01632 960 001 or +44 7700 900 982",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={
            "max_length": "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
        },
    )

    def clean_phone(self) -> str:
        from lantern.accounts.services.own_account import PHONE_ERROR, phone_is_valid

        phone = self.cleaned_data.get("phone", "").strip()
        if not phone_is_valid(phone):
            raise forms.ValidationError(PHONE_ERROR)
        return phone


class CloseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that I will not be able to sign in again, and that the records "
        "listed as kept stay in Lantern",
        error_messages={"required": "Confirm that you want to close your account"},
    )
