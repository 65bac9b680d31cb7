"""The one date input: DateInputField, rendered as the GOV.UK date input."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.template import Context, Template

from lantern.frontend.date_input import DateInputField
from lantern.frontend.forms import GovUKForm


class BreachForm(GovUKForm):
    occurred_on = DateInputField(label="Date of the breach")
    reviewed_on = DateInputField(label="Date reviewed", required=False)


def _data(day="", month="", year="", **more):
    return {"occurred_on_day": day, "occurred_on_month": month, "occurred_on_year": year, **more}


def test_cleans_to_a_date():
    form = BreachForm(data=_data("7", "12", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"occurred_on": date(2026, 12, 7), "reviewed_on": None}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_data(), "Enter date of the breach"),
        (_data("7", "", "2026"), "Date of the breach must include a month"),
        (_data("", "", "2026"), "Date of the breach must include a day and a month"),
        (_data("31", "2", "2026"), "Date of the breach must be a real date, like 27 3 2026"),
        (_data("7", "12", "26"), "Date of the breach must include a year of four numbers"),
        (_data("x", "12", "2026"), "Date of the breach must be a real date, in numbers"),
    ],
)
def test_errors_say_what_is_wrong(data, message):
    form = BreachForm(data=data)
    assert not form.is_valid()
    assert form.errors["occurred_on"][0].startswith(message)


def test_renders_the_govuk_date_input_with_the_day_box_first():
    form = BreachForm(data=_data("7", "", "2026"))
    form.is_valid()
    html = Template("{% load govuk_forms %}{% govuk_field form.occurred_on %}").render(
        Context({"form": form})
    )
    assert 'class="govuk-date-input"' in html and "govuk-fieldset__legend" in html
    assert 'id="id_occurred_on" name="occurred_on_day"' in html and 'value="7"' in html
    assert 'name="occurred_on_month"' in html and 'name="occurred_on_year"' in html
    assert "must include a month" in html and 'inputmode="numeric"' in html
    summary = Template("{% load govuk_forms %}{% govuk_error_summary form %}").render(
        Context({"form": form})
    )
    assert 'href="#id_occurred_on"' in summary


def test_an_initial_date_fills_the_boxes():
    form = BreachForm(initial={"occurred_on": date(2026, 3, 27)})
    html = Template("{% load govuk_forms %}{% govuk_field form.occurred_on %}").render(
        Context({"form": form})
    )
    assert 'value="27"' in html and 'value="3"' in html and 'value="2026"' in html


def test_every_date_field_in_lantern_forms_is_the_date_input():
    """No form asks for a date any other way (DateTimeFields, which ask for a time too, are
    listed in docs/frontend.md as still to move)."""
    import importlib
    import pkgutil

    import lantern

    offenders = []
    for module_info in pkgutil.walk_packages(lantern.__path__, "lantern."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or "forms" not in name:
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                for field_name, field in value.base_fields.items():
                    if type(field) is forms.DateField:
                        offenders.append(f"{value.__module__}.{value.__name__}.{field_name}")
    assert offenders == []


def test_a_date_carried_in_hidden_fields_comes_back_as_it_was_typed():
    """A check-your-answers page carries the answers as hidden fields: the date's three
    parts go back under their own names, and the form cleans to the same date."""
    from django import forms as django_forms

    class Form(django_forms.Form):
        decided_on = DateInputField(label="Date of the decision")

    typed = Form({"decided_on_day": "7", "decided_on_month": "12", "decided_on_year": "2026"})
    assert typed.is_valid()
    hidden = str(typed["decided_on"].as_hidden())
    assert hidden.count('type="hidden"') == 3
    for name, value in (("day", "7"), ("month", "12"), ("year", "2026")):
        assert f'name="decided_on_{name}"' in hidden and f'value="{value}"' in hidden
    import re

    sent = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', hidden))  # what the page posts
    again = Form(sent)
    assert again.is_valid() and again.cleaned_data == {"decided_on": date(2026, 12, 7)}
