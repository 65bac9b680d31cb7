from django import forms

from lantern.audit import catalogue


class EventFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.CharField(label="Object type", required=False, max_length=100)
    object_id = forms.CharField(label="Object id", required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Any action")] + [(e.action, e.action) for e in catalogue.all_events()]
        self.fields["action"].choices = choices  # type: ignore[attr-defined]
