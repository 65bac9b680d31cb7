"""When a resident may ask for an ASB Case Review (ss.104-105 ASBCPA 2014), under the
threshold of the council applied to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lantern.cases.policy import Policy, default_policy
from lantern.cases.rules.common import (
    add_months,
)
from lantern.core import rules


@dataclass(frozen=True)
class Eligibility:
    qualifying_report_ids: tuple[str, ...]
    hate_report_ids: tuple[str, ...]
    reports_in_window: int
    eligible: bool
    should_be_told: bool  # a second report in six months: explain the review (2025 guidance)
    policy: Policy  # whose threshold was applied


# The 2025 statutory guidance: explain the review to every victim who makes a second report
# in a six month period, whatever the local threshold (DOMAIN.md 2).
TELL_ABOUT_REVIEW_MONTHS = 6


def _is_hate(report: Any) -> bool:
    if report.category.is_hate_crime:
        return True
    return str((report.answers or {}).get("hate", "")).lower() in ("yes", "true", "1")


def case_review_eligibility(
    reports: list[Any], now: datetime, policy: Policy | None = None
) -> Eligibility:
    """Eligibility under the authority's threshold (``policy``; the deployment's defaults
    if none): N qualifying incidents reported in the last M months, or H hate incidents,
    each complaint made within a month of its incident (s.104(11))."""
    policy = policy or default_policy()
    today = now.date()
    window_start = add_months(today, -policy.case_review_months)
    first = [r for r in reports if r.duplicate_of_id is None]
    in_window = [r for r in first if r.created_at.date() >= window_start]
    qualifying = [
        r for r in in_window if r.created_at.date() <= add_months(r.occurred_from.date(), 1)
    ]
    hate = [r for r in qualifying if _is_hate(r)]
    eligible = len(qualifying) >= policy.case_review_incidents or (
        len(hate) >= policy.case_review_hate_incidents > 0
    )
    tell_from = add_months(today, -TELL_ABOUT_REVIEW_MONTHS)
    recent = sum(1 for r in first if r.created_at.date() >= tell_from)
    return Eligibility(
        qualifying_report_ids=tuple(str(r.pk) for r in qualifying),
        hate_report_ids=tuple(str(r.pk) for r in hate),
        reports_in_window=len(in_window),
        eligible=eligible,
        should_be_told=recent >= 2 or eligible,
        policy=policy,
    )


@rules.register
class CaseReviewThreshold(rules.Rule):
    """An ASB Case Review application needs {authority}'s threshold to be met: {threshold},
    each reported within a month of it happening. If you think your case should be
    reviewed anyway, contact {authority}."""

    id = "CASE_REVIEW_THRESHOLD"
    source = "ASBCPA 2014 s.104(4) and (11); the threshold the local authority publishes"

    @classmethod
    def values(cls, context: Eligibility | None = None) -> dict[str, Any]:
        policy = context.policy if context is not None else default_policy()
        return {"authority": policy.authority_label, "threshold": policy.threshold_text()}

    def check(self, step: Eligibility) -> bool:
        return step.eligible
