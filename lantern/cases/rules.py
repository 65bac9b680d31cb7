"""The statutory and business rules of casework and enforcement (DOMAIN.md table of rules).

Each rule is a class: ``id`` names it, ``source`` cites the law or policy, the docstring is
the message an officer reads when the rule refuses a step. ``check(step)`` gets a ``Step``
(the action, the day, the actor and what they are doing) and answers True when the step may
go on; a rule that does not concern the action's kind answers True. workflow.py lists which
rules guard which transition; drafting runs the approval rules too (services/action_drafts.py)
and granting a designation runs DESIGNATING_BODY (services/designations.py). Every rule is
registered in lantern.core.rules: ``lantern rules --json`` lists them all.

Who may issue and who may designate is worked out in issuers.py, which requirements are in
force during an appeal in requirements.py; the rules here read them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from lantern.accounts.models import Organisation
from lantern.cases.addresses import person_name, postal_address, street_address
from lantern.cases.issuers import (
    DESIGNATING_KIND,
    GRANTING_ROLES,
    ISSUERS,
    issuer_powers,
)
from lantern.cases.models import (
    ActionKind,
    ActionState,
    EnforcementAction,
)
from lantern.cases.policy import Policy, default_policy, local_authority, policy_for
from lantern.cases.requirements import requirement_statuses
from lantern.core import rules
from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can

K = ActionKind
S = ActionState
WARNINGS_AND_NOTICES = frozenset({K.CPW, K.CPN})
PENALTY_NOTICES = frozenset({K.FPN_CPN, K.PSPO_FPN})
ISSUED_STATES = frozenset({S.SERVED, S.COMPLIED, S.BREACHED, S.APPEALED, S.EXPIRED})


@dataclass
class Step:
    """What a rule may know about the step it guards."""

    action: EnforcementAction
    on: date
    actor: Actor
    name: str  # "approve", "serve", "appeal", "breach", ...
    extra: dict[str, Any] = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the policy in force, and the FPN cap --------------------------------------------------------


def policy_for_action(action: EnforcementAction) -> Policy:
    """The policy of the authority ``action`` answers to (lantern/cases/policy.py): for a
    fixed penalty for a CPN breach, the council it is paid to (as its document names it,
    s.52(3)-(4)); otherwise the case's local authority."""
    if action.kind == K.FPN_CPN and action.breach_id is not None:
        # Imported here, not at the top: documents load reportlab (see CpnContent).
        from lantern.cases.documents import fixed_penalty_payee

        return policy_for(fixed_penalty_payee(action))
    return policy_for(local_authority(action.case))


def fpn_cap_pence(on: date, policy: Policy | None = None) -> int:
    """The most a CPN or PSPO fixed penalty may be on ``on`` under ``policy`` (the
    deployment's defaults if none is given): the cap's date is dated configuration."""
    return (policy or default_policy()).fpn_cap_pence(on)


# --- the rules ---------------------------------------------------------------------------------


@rules.register
class CpnMinAge(rules.Rule):
    """A Community Protection Warning or Notice can only go to a person aged 16 or over, or
    to a body. Record the person's date of birth or an estimated age first."""

    id = "CPN_MIN_AGE"
    source = "ASBCPA 2014 s.43(1)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind not in WARNINGS_AND_NOTICES or action.person is None:
            return True
        age = action.person.age_on(step.on)
        return age is not None and age >= 16


@rules.register
class CpnRequiresPriorWarning(rules.Rule):
    """A Community Protection Notice needs an earlier written warning (a CPW) to the same
    person about the same conduct, served, and the time it gave to comply must have passed."""

    id = "CPN_REQUIRES_PRIOR_WARNING"
    source = "ASBCPA 2014 s.43(5)(a)-(b)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.CPN:
            return True
        warning = action.prior_warning
        if warning is None or warning.kind != K.CPW or warning.state not in ISSUED_STATES:
            return False
        if (warning.person_id, warning.body_id) != (action.person_id, action.body_id):
            return False
        return warning.comply_by is not None and step.on > warning.comply_by


@rules.register
class CpnWarningSameConduct(rules.Rule):
    """A Community Protection Notice must be about the same conduct as the written warning it
    follows: the kind of conduct recorded on the notice must be the one recorded on the
    warning. Choose the warning given about this conduct, or give a warning about it first."""

    id = "CPN_WARNING_SAME_CONDUCT"
    source = "ASBCPA 2014 s.43(5)(a)-(b)"

    def check(self, step: Step) -> bool:
        action = step.action
        warning = action.prior_warning if action.kind == K.CPN else None
        if warning is None:
            return True  # no warning at all: CPN_REQUIRES_PRIOR_WARNING refuses it
        category = action.conduct_category
        return bool(category) and warning.conduct_category == category


@rules.register
class CpnWarningNotExpired(rules.Rule):
    """A warning that has expired cannot ground a Community Protection Notice. If the
    conduct goes on, give a new warning first."""

    id = "CPN_WARNING_NOT_EXPIRED"
    source = (
        "ASBCPA 2014 s.43(5); local policy: a warning lapses after the months the local "
        "authority sets (LANTERN_CPW_MONTHS by default; Southend practice, DOMAIN.md 0)"
    )

    def check(self, step: Step) -> bool:
        action = step.action
        warning = action.prior_warning if action.kind == K.CPN else None
        if warning is None:
            return True
        if warning.state == S.EXPIRED:
            return False
        return warning.expires_on is None or step.on <= warning.expires_on


@rules.register
class CpnConductTest(rules.Rule):
    """Record the conduct's detrimental effect on the quality of life of those in the
    locality, why it is persistent or continuing, and why it is unreasonable, and link the
    evidence for it, before a warning or notice is approved."""

    id = "CPN_CONDUCT_TEST"
    source = "ASBCPA 2014 s.43(1)(a)-(b)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind not in WARNINGS_AND_NOTICES:
            return True
        stated = all(
            text.strip()
            for text in (
                action.conduct,
                action.detrimental_effect,
                action.persistent_nature,
                action.unreasonable_because,
            )
        )
        return stated and bool(action.evidence)


@rules.register
class IssuerAuthorised(rules.Rule):
    """Only a constable, a designated PCSO, the council or a person it has designated, or an
    authorised social landlord may issue this, through a role that takes part in enforcement.
    Ask an authorised colleague to draft or serve it."""

    id = "ISSUER_AUTHORISED"
    source = (
        "ASBCPA 2014 s.53 (CPNs and their fixed penalties), s.35 (dispersal), s.68 (PSPO fixed "
        "penalties); Police Reform Act 2002 Sch.4 para 1ZB; SI 2015/749"
    )

    def check(self, step: Step) -> bool:
        action, actor = step.action, step.actor
        allowed = ISSUERS.get(action.kind)
        if allowed is None:
            return True
        if step.name == "draft":
            # Drafting is the first step of issuing: a role that takes part in enforcement
            # on this case (the issuer is checked again when it is served).
            return can(actor, Permission.ENFORCEMENT_PROPOSE) and can(
                actor, Permission.CASE_MANAGE, action.case
            )
        if not can(actor, Permission.ENFORCEMENT_SERVE, action):
            return False
        return bool(allowed & issuer_powers(actor, action.case))


@rules.register
class ApprovedByAnotherSupervisor(rules.Rule):
    """A supervisor other than the person who drafted it must approve it."""

    id = "APPROVED_BY_ANOTHER_SUPERVISOR"
    source = (
        "Lantern policy: a supervisor approves enforcement, never their own draft "
        "(docs/enforcement.md)"
    )

    def check(self, step: Step) -> bool:
        return (
            can(step.actor, Permission.ENFORCEMENT_APPROVE, step.action)
            and step.action.created_by_id != step.actor.user_id
        )


@rules.register
class CpnContent(rules.Rule):
    """A warning or notice must name the conduct and set out its requirements (stop doing, do,
    or take steps), with a period for each requirement to do something; a notice also
    explains appeal and breach (sections 46 to 51), which Lantern's notice always prints."""

    id = "CPN_CONTENT"
    source = "ASBCPA 2014 s.43(3), (7) and (8)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind not in WARNINGS_AND_NOTICES:
            return True
        if not action.conduct.strip() or not action.requirements:
            return False
        for requirement in action.requirements:
            if requirement.get("kind") not in ("stop", "do", "steps"):
                return False
            if not str(requirement.get("text", "")).strip():
                return False
            if requirement["kind"] != "stop" and not requirement.get("period_days"):
                return False
        if action.kind == K.CPW and not action.compliance_days:
            return False
        from lantern.cases.documents import CPN_EXPLANATION

        return bool(CPN_EXPLANATION.strip())


@rules.register
class AppealWindow(rules.Rule):
    """An appeal against a Community Protection Notice must be made within 21 days beginning
    with the day it was issued: the day the appeal was lodged must fall in that time. A
    warning cannot be appealed."""

    id = "APPEAL_WINDOW"
    source = "ASBCPA 2014 s.46(1)-(2)"

    def check(self, step: Step) -> bool:
        action = step.action
        if step.name != "appeal":
            return True
        if action.kind != K.CPN or action.served_on is None:
            return False
        # step.on is the day the appeal was lodged, whenever it is recorded.
        return action.served_on <= step.on <= action.served_on + timedelta(days=20)


@rules.register
class AppealSuspendsRequirements(rules.Rule):
    """While an appeal against the notice is in progress only its requirements to stop doing
    things stay in force, unless the court orders otherwise; any other requirement is of no
    effect, so it cannot be breached until the appeal is decided."""

    id = "APPEAL_SUSPENDS_REQUIREMENTS"
    source = "ASBCPA 2014 s.46(3)"

    def check(self, step: Step) -> bool:
        if step.name != "breach":
            return True
        index = step.extra.get("requirement_index", -1)
        statuses = requirement_statuses(step.action, on=step.on)
        if not 0 <= index < len(statuses):
            return True  # no such requirement: the breach's own check refuses it
        return statuses[index].in_force


@rules.register
class FpnAmountCap(rules.Rule):
    """A fixed penalty for breaching a Community Protection Notice or a PSPO cannot be more
    than the maximum in force on the day it is issued (100 GBP, or 500 GBP once the higher
    limit is in force)."""

    id = "FPN_AMOUNT_CAP"
    source = "ASBCPA 2014 s.52(7), s.68; Crime and Policing Act 2026 (date unconfirmed)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind not in PENALTY_NOTICES:
            return True
        amount = action.amount_pence
        cap = fpn_cap_pence(step.on, policy_for_action(action))
        return amount is not None and 0 < amount <= cap


@rules.register
class FpnOnePerBreach(rules.Rule):
    """A breach can have only one fixed penalty notice, and none once it has been referred
    for prosecution."""

    id = "FPN_ONE_PER_BREACH"
    source = (
        "ASBCPA 2014 s.52(1) and (3): a fixed penalty notice offers once to discharge liability "
        "for the offence; Lantern policy: none after a referral for prosecution"
    )

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.FPN_CPN or action.breach_id is None:
            return True
        taken = (
            EnforcementAction.objects.filter(breach_id=action.breach_id)
            .exclude(pk=action.pk)
            .exclude(state=S.WITHDRAWN)
        )
        return not taken.filter(kind__in=[K.FPN_CPN, K.PROSECUTION]).exists()


@rules.register
class FpnBlocksProsecution(rules.Rule):
    """No proceedings may be taken for a breach before the end of the 14 days following the
    date of a fixed penalty notice for it, and none at all once that penalty has been paid."""

    id = "FPN_BLOCKS_PROSECUTION"
    source = "ASBCPA 2014 s.52(5)(a)-(b)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.PROSECUTION or action.breach_id is None:
            return True
        penalties = EnforcementAction.objects.filter(
            breach_id=action.breach_id, kind=K.FPN_CPN
        ).exclude(state__in=[S.DRAFT, S.APPROVED, S.WITHDRAWN])
        for fpn in penalties:
            if fpn.paid_on is not None:
                return False
            issued = fpn.served_on or step.on
            if step.on <= issued + timedelta(days=14):
                return False
        return True


@rules.register
class DispersalLimits(rules.Rule):
    """A dispersal direction needs an inspector's written authorisation for the locality,
    lasts no more than 48 hours, and can be given only to a person aged 10 or over."""

    id = "DISPERSAL_LIMITS"
    source = "ASBCPA 2014 s.34(1) and (4), s.35(4), s.36(1)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.DISPERSAL:
            return True
        if not action.inspector_authorisation.strip() or not action.locality.strip():
            return False
        if not action.duration_hours or action.duration_hours > 48:
            return False
        if action.person is not None:
            age = action.person.age_on(step.on)
            if age is not None and age < 10:
                return False
        return True


@rules.register
class EsoMeetingsWithinSixMonths(rules.Rule):
    """An Engagement and Support Order names the supervisor who has agreed to act and the
    date by which the three meetings must take place, no later than six months from the
    date the order is made."""

    id = "ESO_MEETINGS_WITHIN_SIX_MONTHS"
    source = "Street Offences Act 1959 s.1(2A) and s.1A (DOMAIN.md 3.3)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.ESO:
            return True
        if not action.supervisor_name.strip() or action.meetings_by is None:
            return False
        made_on = action.created_at.date() if action.created_at else step.on
        return action.meetings_by <= add_months(made_on, 6)


# --- designations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DesignationStep:
    """A designation about to be granted: by whom, of what kind, made by which body."""

    actor: Actor
    kind: str
    organisation: Organisation | None


@rules.register
class DesignatingBody(rules.Rule):
    """Only the body that makes a designation can grant it, through its own supervisors or
    administrators: a council designates its own people and authorises social landlords; a
    police force designates its PCSOs. A police force cannot designate anyone for a council."""

    id = "DESIGNATING_BODY"
    source = "ASBCPA 2014 s.53(1)(c); Police Reform Act 2002 Sch.4 para 1ZB; SI 2015/749"

    def check(self, step: DesignationStep) -> bool:
        body = step.organisation
        if body is None or body.kind != DESIGNATING_KIND.get(step.kind):
            return False
        return bool(step.actor.roles_in(body.pk) & GRANTING_ROLES)


# What a keeper letter may carry besides its template's fields: nothing.
KEEPER_LETTER_FREE_TEXT = (
    "conduct",
    "detrimental_effect",
    "persistent_nature",
    "unreasonable_because",
    "inspector_authorisation",
    "locality",
    "supervisor_name",
)


@rules.register
class KeeperLetterNoAllegation(rules.Rule):
    """A letter to a vehicle's registered keeper alleges nothing: it is a fixed template filled
    with the time the vehicle was seen, the place as a street address and the vehicle's
    registration, addressed to the keeper, and nothing an officer writes is added to it.
    Draft it from a sighting reported with a street address."""

    id = "KEEPER_LETTER_NO_ALLEGATION"
    source = "Police practice (DOMAIN.md 3.5); UK GDPR Art. 5(1)(a)"

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.KEEPER_LETTER:
            return True
        sighting = action.sighting or {}
        place = str(sighting.get("place") or "")
        if not (sighting.get("seen_at") and action.vehicle_id and street_address(place) == place):
            return False
        if any(str(getattr(action, name) or "").strip() for name in KEEPER_LETTER_FREE_TEXT):
            return False
        if action.requirements or action.evidence or action.exclusion_area:
            return False
        if action.person_id is not None or action.body_id is not None:
            return False
        vehicle = action.vehicle
        assert vehicle is not None  # noqa: S101  (checked above)
        return _keeper_shaped(vehicle.keeper_name, vehicle.keeper_address)


def _keeper_shaped(name: str, address: str) -> bool:
    """The keeper's details, printed as the letter's addressee, have the shape of a name and
    a postal address (or are not recorded: the letter is then to "the registered keeper")."""
    if not name and not address:
        return True
    return person_name(name) is not None and postal_address(address) is not None


# --- ASB Case Review ---------------------------------------------------------------------------


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
