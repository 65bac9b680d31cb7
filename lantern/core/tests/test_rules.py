import json
from io import StringIO

import pytest
from django.core.management import call_command

from lantern.core import rules
from lantern.core.errors import RuleRefused


class _AlwaysNo(rules.Rule):
    """You may not do this in a test."""

    id = "TEST_ALWAYS_NO"
    source = "Test suite"

    def check(self, context) -> bool:
        return False


def test_a_rule_refuses_with_its_id_message_and_source():
    with pytest.raises(RuleRefused) as refusal:
        _AlwaysNo().enforce(None)
    assert refusal.value.as_dict() == {
        "rule": "TEST_ALWAYS_NO",
        "message": "You may not do this in a test.",
        "source": "Test suite",
    }


def test_rules_need_a_message_and_a_source():
    class NoDoc(rules.Rule):
        id = "TEST_NO_DOC"
        source = "x"

    with pytest.raises(ValueError, match="docstring"):
        rules.register(NoDoc)


def test_guards_attach_to_hooks_and_the_command_lists_rules():
    rules.guards("test.hook")(_AlwaysNo)
    assert _AlwaysNo in rules.guards_for("test.hook")
    out = StringIO()
    call_command("rules", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert any(r["id"] == "TEST_ALWAYS_NO" for r in listed["rules"])


class _AtMost(rules.Rule):
    """You may have at most {limit} in {place}."""

    id = "TEST_AT_MOST"
    source = "Test suite"

    @classmethod
    def values(cls, context=None) -> dict:
        limit, place = context if context is not None else (3, "the default place")
        return {"limit": limit, "place": place}

    def check(self, context) -> bool:
        return False


def test_a_rule_message_is_built_from_the_context_and_listed_with_its_defaults():
    with pytest.raises(RuleRefused) as refusal:
        _AtMost().enforce((2, "Testham"))
    assert refusal.value.message == "You may have at most 2 in Testham."
    assert _AtMost.message() == "You may have at most 3 in the default place."
    assert _AtMost.template() == "You may have at most {limit} in {place}."
    # A rule that names no values keeps its docstring as it is, braces and all.
    assert _AlwaysNo.message(context=(2, "Testham")) == "You may not do this in a test."
