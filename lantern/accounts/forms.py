"""Forms for the accounts pages. They parse input; services decide and write."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
