"""The preconditions of a subject access request: one class each, the docstring the message
a user reads, the source the text it rests on (DOMAIN.md 7.3; docs/subject-access.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lantern.core.rules import Rule, register
from lantern.frontend.dates import format_date
from lantern.subjectaccess.deadlines import MAX_EXTENSION_MONTHS, extension_in_time
from lantern.subjectaccess.models import Exemption, Regime


@dataclass(frozen=True)
class Extension:
    months: int
    noticed_on: date
    reason: str
    first_month_ends: date | None


@register
class ExtensionNoticeInTime(Rule):
    """Notice of an extension must be given before the first month ends, and it ended on
    {first_month_ends}: the time limit can no longer be extended. Answer the request now."""

    id = "SAR_EXTENSION_NOTICE_IN_TIME"
    source = "UK GDPR Art. 12(3); DPA 2018 s.54(3B)(a)"

    @classmethod
    def values(cls, context: Any = None) -> dict[str, Any]:
        ends = context.first_month_ends if isinstance(context, Extension) else None
        return {"first_month_ends": format_date(ends) if ends else "the last day of the month"}

    def check(self, context: Extension) -> bool:
        return extension_in_time(
            noticed_on=context.noticed_on, first_month_ends=context.first_month_ends
        )

    @classmethod
    def field_errors(cls, context: Any = None) -> dict[str, list[str]]:
        return {"noticed_on": [cls.message(context)]}


@register
class ExtensionAtMostTwoMonths(Rule):
    """An extension is of one or two further months, no more."""

    id = "SAR_EXTENSION_AT_MOST_TWO_MONTHS"
    source = "UK GDPR Art. 12(3); DPA 2018 s.54(3A)"

    def check(self, context: Extension) -> bool:
        return 1 <= context.months <= MAX_EXTENSION_MONTHS

    @classmethod
    def field_errors(cls, context: Any = None) -> dict[str, list[str]]:
        return {"months": [cls.message()]}


@register
class ExtensionStatesReasons(Rule):
    """The notice of an extension must state the reasons for the delay: record them."""

    id = "SAR_EXTENSION_STATES_REASONS"
    source = "UK GDPR Art. 12(3); DPA 2018 s.54(3B)(b)"

    def check(self, context: Extension) -> bool:
        return bool(context.reason.strip())

    @classmethod
    def field_errors(cls, context: Any = None) -> dict[str, list[str]]:
        return {"reason": [cls.message()]}


@dataclass(frozen=True)
class Review:
    regime: str
    decision: str
    exemption: str
    reason: str


@register
class ExemptionFitsRegime(Rule):
    """This exemption does not apply to a request under this regime: crime and taxation
    (DPA 2018 Sch. 2 para 2) restricts rights under UK GDPR; a request under Part 3 is
    restricted under DPA 2018 s.45(4) instead."""

    id = "SAR_EXEMPTION_FITS_REGIME"
    source = "DPA 2018 Sch. 2 para 2; DPA 2018 s.45(4)"

    def check(self, context: Review) -> bool:
        if context.exemption == Exemption.CRIME_TAXATION:
            return context.regime == Regime.UK_GDPR
        if context.exemption == Exemption.PART3_RESTRICTION:
            return context.regime == Regime.PART_3
        return True

    @classmethod
    def field_errors(cls, context: Any = None) -> dict[str, list[str]]:
        return {"exemption": [cls.message()]}


@register
class ExemptionNeedsReason(Rule):
    """Choose the exemption and say why it applies to this record: the reason is kept with
    the decision."""

    id = "SAR_EXEMPTION_NEEDS_REASON"
    source = "DPA 2018 Sch. 2 para 2; DPA 2018 s.45(4)-(5)"

    def check(self, context: Review) -> bool:
        return bool(context.exemption) and bool(context.reason.strip())

    @classmethod
    def field_errors(cls, context: Any = None) -> dict[str, list[str]]:
        if isinstance(context, Review) and not context.exemption:
            return {"exemption": ["Choose the exemption"]}
        return {"exemption_reason": ["Say why the exemption applies to this record"]}


@dataclass(frozen=True)
class Release:
    searched: bool
    identity_pending: bool
    undecided: int


@register
class ReleaseNeedsSearch(Rule):
    """Search every part of Lantern for the person's records before releasing the response."""

    id = "SAR_RELEASE_NEEDS_SEARCH"
    source = "UK GDPR Art. 15; DPA 2018 s.45(1)"

    def check(self, context: Release) -> bool:
        return context.searched


@register
class ReleaseNeedsIdentity(Rule):
    """The response cannot be released while the requester's identity is still being
    checked: record that the information arrived first."""

    id = "SAR_RELEASE_NEEDS_IDENTITY"
    source = "DPA 2018 s.52(4); UK GDPR Art. 12(6)"

    def check(self, context: Release) -> bool:
        return not context.identity_pending


@register
class ReleaseNeedsEveryRecordReviewed(Rule):
    """Decide on every record found (give it, leave it out as not about them, or withhold it
    under an exemption) before releasing the response: {undecided} still to review."""

    id = "SAR_RELEASE_NEEDS_EVERY_RECORD_REVIEWED"
    source = "UK GDPR Art. 15; DPA 2018 s.45"

    @classmethod
    def values(cls, context: Any = None) -> dict[str, Any]:
        return {"undecided": context.undecided if isinstance(context, Release) else "some"}

    def check(self, context: Release) -> bool:
        return context.undecided == 0


@register
class ReleasedIsFinal(Rule):
    """The response to this request has been released: it is final and is never changed.
    Record a new request if the person asks again."""

    id = "SAR_RELEASED_IS_FINAL"
    source = "Lantern: released records are never edited (STYLE.md, workflows)"

    def check(self, context: bool) -> bool:
        return not context
