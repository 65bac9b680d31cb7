"""The retention schedule: one rule per retention rule id (lantern.core.processing.Rule), with
its default period, what starts its clock, and its source (docs/data-protection.md).

A partnership may override a rule's period (``RetentionOverride``): its own retention policy
governs council and agency records, and periods taken from police guidance whose detail
DOMAIN.md 6.3 could not confirm are marked "confirm locally". A rule without a period is not
reviewed by time: its records go with something else (an account closed, a request expired)
or are never disposed of by Lantern (the audit log).
"""

from __future__ import annotations

from dataclasses import dataclass

from lantern.core.processing import Rule

YEAR = 365


@dataclass(frozen=True)
class RetentionRule:
    id: Rule
    title: str
    default_days: int | None  # None: not reviewed by time (see ``clock``)
    clock: str  # what starts the period
    source: str
    confirm_locally: bool = False
    overridable: bool = True

    @property
    def default_label(self) -> str:
        if self.default_days is None:
            return "No fixed period"
        if self.default_days % YEAR == 0:
            years = self.default_days // YEAR
            return f"{years} year{'s' if years != 1 else ''}"
        return f"{self.default_days} day{'s' if self.default_days != 1 else ''}"


PARTNERSHIP_POLICY = (
    "The partnership's own retention policy for council and agency records. Lantern's default"
    " is 6 years, the minimum the legacy MoPI Code of Practice (2005) set for police records"
    " (DOMAIN.md 6.3); set the partnership's period here."
)
MOPI_2023 = (
    "College of Policing, Police information and records management: code of practice (July"
    " 2023) and APP 'Review, retention and disposal' (DOMAIN.md 6.3). The legacy MoPI group"
    " periods are unconfirmed: confirm locally against the current APP."
)

RULES: dict[Rule, RetentionRule] = {
    rule.id: rule
    for rule in (
        RetentionRule(
            Rule.RESIDENT_REPORT,
            "Residents' incident reports",
            6 * YEAR,
            "The report's last change (closed, or last triaged).",
            PARTNERSHIP_POLICY,
        ),
        RetentionRule(
            Rule.EVIDENCE,
            "Evidence handed over",
            6 * YEAR,
            "Follows the report, request or case it was filed under; reviewed with it.",
            PARTNERSHIP_POLICY,
        ),
        RetentionRule(
            Rule.FOOTAGE_REQUEST,
            "Footage requests",
            0,
            "The request's own expiry (FootageRequest.expires_at).",
            "The request's own expiry date, set when it is sent (lantern/places).",
        ),
        RetentionRule(
            Rule.REGISTERED_CAMERA,
            "Registered cameras",
            None,
            "Kept while the owner keeps it registered; goes with the owner's account.",
            "The owner's registration (ICO domestic CCTV guidance, DOMAIN.md 7.4: capture and"
            " keep no more than needed).",
        ),
        RetentionRule(
            Rule.CASEWORK,
            "Partnership casework and enforcement",
            6 * YEAR,
            "The case's closure.",
            PARTNERSHIP_POLICY,
        ),
        RetentionRule(
            Rule.SAFEGUARDING,
            "Safeguarding records",
            6 * YEAR,
            "The record's last change.",
            PARTNERSHIP_POLICY,
            confirm_locally=True,
        ),
        RetentionRule(
            Rule.MOPI_GROUP_1,
            "Police records: MoPI group 1 (certain public protection matters)",
            10 * YEAR,
            "Reviewed every 10 years; kept until the subject is deemed 100 years old.",
            MOPI_2023,
            confirm_locally=True,
        ),
        RetentionRule(
            Rule.MOPI_GROUP_2,
            "Police records: MoPI group 2 (other sexual, violent or serious offences)",
            10 * YEAR,
            "The record's creation (initial review after 10 years).",
            MOPI_2023,
            confirm_locally=True,
        ),
        RetentionRule(
            Rule.MOPI_GROUP_3,
            "Police records: MoPI group 3 (all other offences), intelligence",
            6 * YEAR,
            "The record's last change (review after a 6-year clear period).",
            MOPI_2023,
            confirm_locally=True,
        ),
        RetentionRule(
            Rule.CPIA_MATERIAL,
            "Material in a criminal investigation (CPIA 1996)",
            6 * 30,
            "The decision on proceedings; after a conviction, release from custody or 6 months"
            " from conviction, whichever the Code requires.",
            "CPIA 1996 Code of Practice, retention (DOMAIN.md 5.3: from training material;"
            " check against Code para 5). Held while a disclosure schedule is not closed.",
            confirm_locally=True,
        ),
        RetentionRule(
            Rule.USER_ACCOUNT,
            "User accounts",
            None,
            "Kept while the account is open; removed when it is closed.",
            "Needed to run the account; the account holder closes it.",
            overridable=False,
        ),
        RetentionRule(
            Rule.STAFF_RECORD,
            "Records of staff work (designations, patrols, plans)",
            6 * YEAR,
            "The record's last change.",
            PARTNERSHIP_POLICY,
        ),
        RetentionRule(
            Rule.SUBJECT_ACCESS,
            "Subject access requests and their responses",
            6 * YEAR,
            "The response's release.",
            PARTNERSHIP_POLICY,
        ),
        RetentionRule(
            Rule.NOTIFICATION,
            "Notifications",
            None,
            "Kept while the recipient's account is open.",
            "A delivery record for the message; no independent purpose.",
            overridable=False,
        ),
        RetentionRule(
            Rule.EXPIRES_BY_DESIGN,
            "Short-lived operational records",
            1,
            "Deleted by their own background task once spent (for example idempotency keys"
            " after 24 hours).",
            "Lantern's own design: kept only as long as the operation needs.",
            overridable=False,
        ),
        RetentionRule(
            Rule.AUDIT_LOG,
            "Audit log",
            None,
            "Never disposed of: append-only and hash-chained; events carry ids, no personal"
            " data, so a disposal leaves the chain whole.",
            "DESIGN.md principle 5 (the audit log is append-only and `lantern audit verify`"
            " proves it).",
            overridable=False,
        ),
    )
}


def rule(rule_id: str) -> RetentionRule:
    return RULES[Rule(rule_id)]
