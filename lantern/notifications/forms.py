from django import forms


class DigestForm(forms.Form):
    digest = forms.TypedChoiceField(
        label='Do you want a daily email of what is "waiting for you"?',
        choices=[("yes", "Yes, email me each day when something is waiting"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want the daily email"},
    )
