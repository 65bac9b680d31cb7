"""Named rules: every statutory or business precondition Lantern checks.

A rule is a class with an ``id`` naming its source (e.g. ``CPN_REQUIRES_PRIOR_WARNING``), a
``source`` (the statute section or policy), and a docstring that is the message a user
reads when the rule refuses a step. A message that depends on local policy (a threshold, a
period) names its values in braces and the rule's ``values(context)`` fills them from the
policy in force, so the message says what was applied. ``check(context)`` returns True when the step may go on.
``lantern rules [--json]`` lists every registered rule (lantern/core/management/commands/rules.py).

Apps register their rules with ``@register``. A rule one app contributes to another app's
step (for example safeguarding's SAFEGUARDING_BEFORE_ENFORCEMENT, which guards the cases
app's enforcement workflow although the two apps may not import each other) is also
attached to a named hook with ``@guards("enforcement.approve", ...)``; the workflow that owns
the hook runs ``guards_for(hook)`` with its context. Contexts for shared hooks are defined
here, in the shared kernel, so both sides agree on them.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar

from lantern.core.errors import RuleRefused


class Rule:
    id: ClassVar[str]
    source: ClassVar[str]

    @classmethod
    def template(cls) -> str:
        """The docstring as one line of plain English (its source wrapping removed). It may
        name values in braces, such as ``{months}``, which ``values`` fills in."""
        return " ".join((inspect.getdoc(cls) or cls.id).split())

    @classmethod
    def values(cls, context: Any = None) -> dict[str, Any]:
        """The values the message names, taken from the context (for example the local
        authority's policy in force); with no context, the defaults, which ``lantern rules``
        lists. Most rules name none."""
        return {}

    @classmethod
    def message(cls, context: Any = None) -> str:
        """The message a user reads: the template with the values the context gives."""
        values = cls.values(context)
        return cls.template().format(**values) if values else cls.template()

    def check(self, context: Any) -> bool:  # pragma: no cover - every rule overrides it
        raise NotImplementedError

    @classmethod
    def field_errors(cls, context: Any = None) -> dict[str, list[str]]:
        """What is missing or wrong, field by field (the step's own field names), for a page
        to show on each field; a rule about the step as a whole names none."""
        return {}

    @classmethod
    def refusal(cls, context: Any = None) -> RuleRefused:
        fields = cls.field_errors(context) if context is not None else {}
        return RuleRefused(cls.id, cls.message(context), cls.source, fields)

    def enforce(self, context: Any) -> None:
        """Raise the rule's refusal, its message built from the context, unless it passes."""
        if not self.check(context):
            raise self.refusal(context)


R = TypeVar("R", bound=type[Rule])
_RULES: dict[str, type[Rule]] = {}
_GUARDS: dict[str, list[type[Rule]]] = {}


def register(rule: R) -> R:
    existing = _RULES.get(rule.id)
    if existing is not None and existing is not rule:
        raise ValueError(f"rule {rule.id} registered twice")
    if not inspect.getdoc(rule) or not getattr(rule, "source", ""):
        raise ValueError(f"rule {rule.id} needs a docstring (its message) and a source")
    _RULES[rule.id] = rule
    return rule


def guards(*hooks: str) -> Callable[[R], R]:
    """Attach a registered rule to named hooks of another app's workflow."""

    def attach(rule: R) -> R:
        register(rule)
        for hook in hooks:
            if rule not in _GUARDS.setdefault(hook, []):
                _GUARDS[hook].append(rule)
        return rule

    return attach


def guards_for(hook: str) -> list[type[Rule]]:
    return list(_GUARDS.get(hook, []))


def all_rules() -> list[type[Rule]]:
    return sorted(_RULES.values(), key=lambda rule: rule.id)


def get(rule_id: str) -> type[Rule] | None:
    return _RULES.get(rule_id)


# --- Shared hook contexts ---------------------------------------------------------------

# Hooks the cases app's enforcement workflow runs, with an EnforcementStep as context.
ENFORCEMENT_APPROVE = "enforcement.approve"
ENFORCEMENT_SERVE = "enforcement.serve"


@dataclass(frozen=True)
class EnforcementStep:
    """What a guard on an enforcement step may know about it."""

    action_id: uuid.UUID
    action_kind: str  # e.g. "cpw", "cpn", "fpn_cpn", "pspo_fpn", "abc", "dispersal", ...
    step: str  # "approve" or "serve" ("draft": drafting runs the approval hook)
    person_id: uuid.UUID | None  # the person it is addressed to, if it is a person
    person_age: int | None  # their age in years on the day, if known
    on: date
    extra: dict[str, Any] = field(default_factory=dict)
