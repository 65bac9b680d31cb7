"""Safeguarding's rules, registered in the one registry (lantern.core.rules).

SAFEGUARDING_BEFORE_ENFORCEMENT is a policy rule, not a statutory bar: no statute forbids a
warning or notice to a possible victim of exploitation. It follows the NPCC's sex work
guidance and the ASB statutory guidance's expectations about vulnerable people, and it
protects two duties that a warning served first could defeat: the Duty to Notify (Modern
Slavery Act 2015 s.52) and the local authority's adult safeguarding enquiry (Care Act 2014
s.42). It and CHILDRENS_SERVICES_REFERRAL guard the cases app's enforcement workflow (our
sibling: neither imports the other) through the shared hooks in lantern.core.rules. They
apply to every kind of enforcement action addressed to a person: community protection
warnings and notices, fixed penalty notices, PSPO fixed penalties, acceptable behaviour
contracts, dispersal directions, and kerb-crawler letters when the registered keeper is
recorded as a person on the case (a letter to a firm, or to a keeper not on Lantern's
records, names no person, so the step's person_id is None and no one has been screened).
docs/safeguarding.md has the reasoning.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lantern.core import rules
from lantern.core.rules import EnforcementStep

if TYPE_CHECKING:
    from lantern.safeguarding.selectors.gate import GateStatus

# The one Rule class (its message is the docstring as one line, shown in pages and API
# answers); kept under this name for the rules below.
Rule = rules.Rule


@rules.guards(rules.ENFORCEMENT_APPROVE, rules.ENFORCEMENT_SERVE)
class SafeguardingBeforeEnforcement(Rule):
    """Safeguarding policy: no warning, notice or penalty may be approved or served to a
    person with an open safeguarding concern, or to a person under 18, until a safeguarding
    lead has recorded a review deciding that enforcement may proceed."""

    id = "SAFEGUARDING_BEFORE_ENFORCEMENT"
    source = (
        "Policy, not statute: NPCC Sex Work National Police Guidance and the ASB statutory "
        "guidance's expectations on vulnerable people (DOMAIN.md 1.10, 3.4). It protects the "
        "duties in Modern Slavery Act 2015 s.52 (Duty to Notify) and Care Act 2014 s.42 "
        "(adult safeguarding enquiry), which do not themselves bar enforcement (DOMAIN.md 4)"
    )

    def check(self, context: EnforcementStep) -> bool:
        if context.person_id is None:
            return True  # addressed to no person (a body, or a keeper not on our records)
        return _status(context, context.person_id).review_allows


@rules.guards(rules.ENFORCEMENT_APPROVE, rules.ENFORCEMENT_SERVE)
class ChildrensServicesReferral(Rule):
    """A person under 18 (or whose age is not known and who there are reasonable grounds to
    believe may be under 18) must be referred to children's social care before any warning,
    notice or penalty goes ahead, and before a safeguarding review may decide that it can:
    a safeguarding lead makes the referral from the person's safeguarding page."""

    id = "CHILDRENS_SERVICES_REFERRAL"
    source = (
        "Policy: the partnership's safeguarding procedure (DOMAIN.md 4.2: a child is referred "
        "to children's services); the duties it serves: Children Act 2004 s.11, Modern "
        "Slavery Act 2015 s.51 (presumption about age)"
    )

    def check(self, context: EnforcementStep | ReviewStep) -> bool:
        if isinstance(context, ReviewStep):
            return not context.child or context.childrens_referral or not context.proceeds
        if context.person_id is None:
            return True
        return not _status(context, context.person_id).needs_childrens_referral


def _status(context: EnforcementStep, person_id: uuid.UUID) -> GateStatus:
    """The gate for the person the step is addressed to, from the records of the action's
    case's partnership only: another partnership's screening or review never moves it."""
    from lantern.safeguarding.selectors import gate_status

    case_id = context.extra.get("case_id")
    return gate_status(person_id=person_id, person_age=context.person_age, case_id=case_id)


@dataclass(frozen=True)
class ReviewStep:
    """A review being recorded: does it let enforcement proceed, for a child, referred?"""

    proceeds: bool
    child: bool
    childrens_referral: bool


@dataclass(frozen=True)
class DutyStep:
    """The route chosen to meet the Duty to Notify for one potential victim."""

    route: str  # "nrm" or "ms1"
    child: bool
    nrm_consent: bool  # an adult's informed consent to the NRM, recorded and in force
    identifies_person: bool  # the record carries the person's id


@rules.register
class NrmConsent(Rule):
    """An adult goes into the National Referral Mechanism only with their recorded informed
    consent; an adult who does not consent is notified anonymously on an MS1 form, with
    nothing that identifies them; a child always goes into the NRM, with a referral to
    children's services."""

    id = "NRM_CONSENT"
    source = "Modern Slavery Act 2015 s.52(3); MSA statutory guidance (DOMAIN.md 4.1, 4.2)"

    def check(self, context: DutyStep) -> bool:
        if context.route == "ms1":
            return not context.child and not context.nrm_consent and not context.identifies_person
        if context.route == "nrm":
            return context.child or context.nrm_consent
        return False


@rules.register
class ReferralNeedsConsent(Rule):
    """A referral cannot be sent without the person's consent unless a lawful override is
    recorded: the person is a child, or there is a risk of serious harm."""

    id = "REFERRAL_NEEDS_CONSENT"
    source = (
        "UK GDPR Art. 9 (special category data); Making Safeguarding Personal, the Care Act "
        "2014 s.42 enquiry's consent-first approach (DOMAIN.md 4.4, 7); Lantern policy: the "
        "overrides for a child or a risk of serious harm"
    )

    def check(self, context: ReferralStep) -> bool:
        if context.consented:
            return True
        if context.override == "child":
            return context.child
        if context.override == "serious_harm":
            return bool(context.override_rationale.strip())
        return False


@dataclass(frozen=True)
class ConsentStep:
    """Consent about to be recorded: its purpose, whether it was given, and which of the
    three points about the NRM were explained."""

    purpose: str
    given: bool
    nrm_explained: frozenset[str]


@rules.register
class NrmConsentInformed(Rule):
    """An adult's consent to the National Referral Mechanism counts only if they were told
    what the NRM is, what support is available and what the possible outcomes are: record
    that each was explained."""

    id = "NRM_CONSENT_INFORMED"
    source = (
        "Modern Slavery Act 2015 s.52(3) (identifying details only with consent); MSA "
        "statutory guidance on first responders and consent (DOMAIN.md 4.1)"
    )

    def check(self, context: ConsentStep) -> bool:
        from lantern.safeguarding.models import NrmExplained, Purpose

        if context.purpose != Purpose.NRM or not context.given:
            return True
        return context.nrm_explained >= set(NrmExplained.values)


@dataclass(frozen=True)
class ReferralStep:
    consented: bool
    child: bool
    override: str
    override_rationale: str
