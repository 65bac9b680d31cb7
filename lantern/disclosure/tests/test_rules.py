"""One test per disclosure rule, named after it (tests/test_rules_registry.py): each refuses
what it names and lets the rest through; the service tests show each in use."""

from __future__ import annotations

import pytest

from lantern.core.errors import RuleRefused
from lantern.disclosure import rules
from lantern.disclosure.rules import LineChange, Readiness


def change(**overrides) -> LineChange:
    values = {
        "record_class": "enforcement",
        "schedule": "mg6c",
        "exhibit_reference": "",
        "sensitivity": "",
        "description": "Community Protection Warning, drafted 1 May 2026",
    }
    return LineChange(**{**values, **overrides})


def test_disclosure_sensitive_class_never_mg6c():
    rule = rules.SensitiveClassNeverOnMg6c()
    for record_class in ("safeguarding", "intelligence"):
        assert not rule.check(change(record_class=record_class))
        assert rule.check(change(record_class=record_class, schedule="mg6d"))
    assert rule.check(change(record_class="report"))
    with pytest.raises(RuleRefused) as refused:
        rule.enforce(change(record_class="safeguarding"))
    assert refused.value.fields == {"schedule": [rules.SensitiveClassNeverOnMg6c.message()]}


def test_disclosure_mg6d_needs_reason():
    rule = rules.Mg6dNeedsReason()
    assert not rule.check(change(schedule="mg6d"))
    assert rule.check(change(schedule="mg6d", sensitivity="resident_identity"))
    assert rule.check(change(schedule="mg6c"))


def test_disclosure_used_needs_exhibit_reference():
    rule = rules.UsedNeedsExhibitReference()
    assert not rule.check(change(schedule="mg12"))
    assert rule.check(change(schedule="mg12", exhibit_reference="RP/1"))


def test_disclosure_line_needs_description():
    rule = rules.LineNeedsDescription()
    assert not rule.check(change(description="   "))
    assert rule.check(change())


def test_disclosure_confirmed_before_revelation():
    rule = rules.ConfirmedBeforeRevelation()
    assert not rule.check(Readiness(lines=0, unconfirmed=0, revealed=False))
    assert not rule.check(Readiness(lines=3, unconfirmed=1, revealed=False))
    assert rule.check(Readiness(lines=3, unconfirmed=0, revealed=False))


def test_disclosure_revealed_before_disclosure():
    rule = rules.RevealedBeforeDisclosure()
    assert not rule.check(Readiness(lines=3, unconfirmed=0, revealed=False))
    assert rule.check(Readiness(lines=3, unconfirmed=0, revealed=True))
