"""The preconditions of the disclosure schedules: one class each, the docstring the message a
user reads, the source the text it rests on (docs/disclosure.md)."""

from __future__ import annotations

from dataclasses import dataclass

from lantern.core.rules import Rule, register
from lantern.disclosure.models import RecordClass, Schedule, Sensitivity

NEVER_NON_SENSITIVE = frozenset({RecordClass.SAFEGUARDING, RecordClass.INTELLIGENCE})


@dataclass(frozen=True)
class LineChange:
    record_class: str
    schedule: str
    exhibit_reference: str
    sensitivity: str
    description: str
    undermines: bool = False
    undermines_reason: str = ""


@register
class SensitiveClassNeverOnMg6c(Rule):
    """Safeguarding records and intelligence never go on the non-sensitive schedule (MG6C),
    which is disclosed to the defence: schedule them on the sensitive schedule (MG6D)."""

    id = "DISCLOSURE_SENSITIVE_CLASS_NEVER_MG6C"
    source = "CPS Disclosure Manual, chapters 7 (MG6C) and 8 (MG6D)"

    def check(self, context: LineChange) -> bool:
        return not (
            context.schedule == Schedule.MG6C and context.record_class in NEVER_NON_SENSITIVE
        )

    @classmethod
    def field_errors(cls, context: LineChange | None = None) -> dict[str, list[str]]:
        return {"schedule": [cls.message()]}


@register
class Mg6dNeedsReason(Rule):
    """An item on the sensitive schedule (MG6D) needs the reason its revelation would give
    rise to a real risk of serious prejudice to an important public interest."""

    id = "DISCLOSURE_MG6D_NEEDS_REASON"
    source = "CPS Disclosure Manual, chapter 8 (MG6D)"

    def check(self, context: LineChange) -> bool:
        return context.schedule != Schedule.MG6D or context.sensitivity != Sensitivity.NONE

    @classmethod
    def field_errors(cls, context: LineChange | None = None) -> dict[str, list[str]]:
        return {"sensitivity": ["Choose why this item is sensitive"]}


@register
class UsedNeedsExhibitReference(Rule):
    """Material used as evidence goes on the exhibit list (MG12) by its exhibit reference:
    give the item a reference in this case first."""

    id = "DISCLOSURE_USED_NEEDS_EXHIBIT_REFERENCE"
    source = "Criminal Procedure Rules 2015 r.16.3 (an exhibit identified and labelled)"

    def check(self, context: LineChange) -> bool:
        return context.schedule != Schedule.MG12 or bool(context.exhibit_reference)

    @classmethod
    def field_errors(cls, context: LineChange | None = None) -> dict[str, list[str]]:
        return {"schedule": [cls.message()]}


@register
class LineNeedsDescription(Rule):
    """Describe the item as it will appear on the schedule: items are individually described."""

    id = "DISCLOSURE_LINE_NEEDS_DESCRIPTION"
    source = "CPS Disclosure Manual, chapter 7 (MG6C)"

    def check(self, context: LineChange) -> bool:
        return bool(context.description.strip())

    @classmethod
    def field_errors(cls, context: LineChange | None = None) -> dict[str, list[str]]:
        return {"description": ["Enter the description as it will appear on the schedule"]}


@register
class Mg6eNeedsReason(Rule):
    """Say why the item might undermine the prosecution case or assist the case for the
    accused: the disclosure officer's report (MG6E) gives the reason for each item it flags."""

    id = "DISCLOSURE_MG6E_NEEDS_REASON"
    source = "CPS Disclosure Manual, chapter 10 (MG6E, the disclosure officer's report)"

    def check(self, context: LineChange) -> bool:
        return not context.undermines or bool(context.undermines_reason.strip())

    @classmethod
    def field_errors(cls, context: LineChange | None = None) -> dict[str, list[str]]:
        return {"undermines_reason": [cls.message()]}


@dataclass(frozen=True)
class Readiness:
    lines: int
    unconfirmed: int
    revealed: bool


@register
class ConfirmedBeforeRevelation(Rule):
    """Confirm every line of the schedules before recording that they were revealed to the
    prosecutor: the disclosure officer reveals the schedules as confirmed, and a case with no
    material has nothing to reveal."""

    id = "DISCLOSURE_CONFIRMED_BEFORE_REVELATION"
    source = "CPIA 1996 Code of Practice (record, retain and reveal to the prosecutor)"

    def check(self, context: Readiness) -> bool:
        return context.lines > 0 and context.unconfirmed == 0


@register
class RevealedBeforeDisclosure(Rule):
    """Record that the schedules were revealed to the prosecutor before recording their
    disclosure to the defence, and reveal them again after any change: the defence receives
    the version the prosecutor has."""

    id = "DISCLOSURE_REVEALED_BEFORE_DISCLOSURE"
    source = "Criminal Procedure and Investigations Act 1996, s.3 (the prosecutor discloses)"

    def check(self, context: Readiness) -> bool:
        return context.revealed
