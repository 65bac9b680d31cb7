"""The form for a local authority's enforcement policy. Each field left empty takes the
deployment's default, which its hint gives; the service checks the limits again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from lantern.cases.policy import Policy, default_policy, pounds
from lantern.frontend.date_input import DateInputField

_WHOLE = {"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}


def _count(label: str, low: int, high: int, extra: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs=_WHOLE),
        error_messages={
            "invalid": "Enter a whole number",
            "min_value": f"Enter a number from {low} to {high}{extra}",
            "max_value": f"Enter a number from {low} to {high}{extra}",
        },
    )


def _amount(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal("500"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an amount in pounds, like 100 or 75.50",
            "min_value": "Enter an amount from £1 to £500",
            "max_value": "Enter an amount from £1 to £500",
            "max_decimal_places": "Enter an amount in pounds and pence, like 75.50",
        },
    )


class PolicyForm(forms.Form):
    case_review_incidents = _count(
        "ASB Case Review: incidents reported", 1, 3, " (section 104(4) allows no more than 3)"
    )
    case_review_months = _count("ASB Case Review: within how many months", 1, 12)
    case_review_hate_incidents = _count(
        "ASB Case Review: or this many hate incidents", 0, 3, " (0: no separate rule)"
    )
    cpw_months = _count("How many months a Community Protection Warning lasts", 1, 60)
    cpn_months = _count("How many months a Community Protection Notice lasts", 1, 60)
    fpn_cpn_pounds = _amount("Fixed penalty for not complying with a CPN, in pounds")
    fpn_pspo_pounds = _amount("Fixed penalty for breaching a PSPO, in pounds")
    fpn_cap_500_from = DateInputField(
        label="The £500 fixed penalty cap applies here from",
        required=False,
        error_messages={"invalid": "Enter a real date, for example 1 10 2026"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = default_policy()
        hints = {
            "case_review_incidents": f"Leave empty for the default: {default.display('case_review_incidents')}.",
            "case_review_months": f"Leave empty for the default: {default.display('case_review_months')}. Each incident must also be reported within a month of it happening (section 104(11)).",
            "case_review_hate_incidents": f"Leave empty for the default: {default.display('case_review_hate_incidents')}.",
            "cpw_months": f"From the day it is served. Leave empty for the default: {default.display('cpw_months')}.",
            "cpn_months": f"From the day it is served. Leave empty for the default: {default.display('cpn_months')}.",
            "fpn_cpn_pounds": f"The amount the council specifies (section 52(7)), never more than the cap in force. Leave empty for the default: {pounds(default.fpn_cpn_pence)}.",
            "fpn_pspo_pounds": f"Never more than the cap in force (section 68). Leave empty for the default: {pounds(default.fpn_pspo_pence)}.",
            "fpn_cap_500_from": "Only where the higher cap starts on a different day here (for "
            "example in Wales), as YYYY-MM-DD. Leave empty for the deployment's date: "
            f"{default.display('fpn_cap_500_from').lower()}.",
        }
        for name, hint in hints.items():
            self.fields[name].help_text = hint

    @staticmethod
    def initial_from(policy: Policy) -> dict[str, Any]:
        """The authority's own values (empty where it takes the default)."""
        initial: dict[str, Any] = {}
        for name in (
            "case_review_incidents",
            "case_review_months",
            "case_review_hate_incidents",
            "cpw_months",
            "cpn_months",
            "fpn_cap_500_from",
        ):
            initial[name] = getattr(policy, name) if policy.is_local(name) else None
        for pence, field in (
            ("fpn_cpn_pence", "fpn_cpn_pounds"),
            ("fpn_pspo_pence", "fpn_pspo_pounds"),
        ):
            value = getattr(policy, pence)
            initial[field] = Decimal(value) / 100 if policy.is_local(pence) else None
        return initial

    def values(self) -> dict[str, Any]:
        """The cleaned values as the service takes them (amounts in pence)."""
        data = dict(self.cleaned_data)
        for field, pence in (
            ("fpn_cpn_pounds", "fpn_cpn_pence"),
            ("fpn_pspo_pounds", "fpn_pspo_pence"),
        ):
            amount = data.pop(field)
            data[pence] = None if amount is None else int(amount * 100)
        return data
