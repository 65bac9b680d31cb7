"""One registry of rules, nothing inline: every Rule class in Lantern's code is registered in
lantern.core.rules (so ``lantern rules --json`` lists it), has a test named after it, and no
refusal is built anywhere but from a rule class.

The naming convention: a test function whose name contains the rule's id in lower case
(``test_cpn_requires_prior_warning_...``); the check ignores case, so older tests named in
capitals (``test_CPN_MIN_AGE_...``) count too."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import lantern
from lantern.core import rules

ROOT = Path(__file__).resolve().parents[1]


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(lantern.__path__, "lantern."):
        parts = module.name.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _in_tests(cls: type) -> bool:
    """A rule a test defines for itself (the tests of the mechanism register some)."""
    module = cls.__module__
    return ".tests." in f".{module}." or module.split(".")[-1].startswith("test_")


def _rule_classes() -> list[type[rules.Rule]]:
    _import_every_module()
    return [cls for cls in _subclasses(rules.Rule) if not _in_tests(cls)]


def _registered() -> list[type[rules.Rule]]:
    return [rule for rule in rules.all_rules() if not _in_tests(rule)]


def _test_names() -> set[str]:
    paths = [*ROOT.glob("lantern/**/tests/**/test_*.py"), *ROOT.glob("tests/**/test_*.py")]
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.name.startswith("test_"):
                names.add(node.name.lower())
    return names


def test_every_rule_class_in_the_code_is_in_the_registry():
    classes = _rule_classes()
    assert len(classes) >= 25  # the walk itself works
    strays = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if rules.get(getattr(cls, "id", "")) is not cls
    ]
    assert not strays, f"rule classes missing from the registry (use @rules.register): {strays}"


def test_the_rules_command_lists_every_rule_class():
    out = StringIO()
    call_command("rules", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert listed["count"] == len(listed["rules"])
    code = {cls.id for cls in _rule_classes()}
    assert code == {rule.id for rule in _registered()}
    assert code <= {r["id"] for r in listed["rules"]}
    for rule in listed["rules"]:
        assert rule["source"].strip() and rule["message"].strip(), rule["id"]


def test_every_rule_has_a_test_named_after_it():
    _import_every_module()
    names = _test_names()
    untested = [r.id for r in _registered() if not any(r.id.lower() in n for n in names)]
    assert not untested, f"rules with no test named after them: {untested}"


def test_no_refusal_is_built_outside_a_rule_class():
    """A refusal names a registered rule: nothing raises RuleRefused with an id of its own."""
    allowed = {ROOT / "lantern/core/errors.py", ROOT / "lantern/core/rules.py"}
    built = re.compile(r"\bRuleRefused\(")
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "lantern").rglob("*.py")
        if "tests" not in path.parts and path not in allowed and built.search(path.read_text())
    ]
    assert not found, f"refusals built outside lantern.core.rules: {found}"
