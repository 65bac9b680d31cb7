"""The rules of enforcement steps: who may issue, a warning before a notice, the conduct
test, appeals, fixed penalties, dispersal directions and Engagement and Support Orders."""

from __future__ import annotations

from datetime import timedelta

from lantern.cases.issuers import (
    ISSUERS,
    issuer_powers,
)
from lantern.cases.models import (
    EnforcementAction,
)
from lantern.cases.requirements import requirement_statuses
from lantern.cases.rules import fields
from lantern.cases.rules.common import (
    ISSUED_STATES,
    PENALTY_NOTICES,
    WARNINGS_AND_NOTICES,
    K,
    S,
    Step,
    add_months,
    fpn_cap_pence,
    policy_for_action,
)
from lantern.core import rules
from lantern.core.permissions import Permission, can


@rules.register
class CpnMinAge(rules.Rule):
    """A Community Protection Warning or Notice can only go to a person aged 16 or over, or
    to a body. Record the person's date of birth or an estimated age first."""

    id = "CPN_MIN_AGE"
    source = "ASBCPA 2014 s.43(1)"

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.min_age(context.action, context.on) if context else {}

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.prior_warning(context.action, context.on) if context else {}

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.same_conduct(context.action) if context else {}

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.warning_not_expired(context.action) if context else {}

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.conduct_test(context.action) if context else {}

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.content(context.action) if context else {}

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
class AppealOnlyAgainstANotice(rules.Rule):
    """Only a Community Protection Notice can be appealed under section 46: the person
    issued with one may appeal to a magistrates' court within 21 days beginning with the day
    it was issued. Section 46 gives no appeal against a Community Protection Warning, nor
    against the other actions Lantern records."""

    id = "APPEAL_ONLY_AGAINST_A_NOTICE"
    source = "ASBCPA 2014 s.46(1)-(2)"

    def check(self, step: Step) -> bool:
        return step.name != "appeal" or step.action.kind == K.CPN


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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        if context is None:
            return {}
        return fields.amount_cap(fpn_cap_pence(context.on, policy_for_action(context.action)))

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.breach(
            "This breach already has a fixed penalty notice or a referral for prosecution: "
            "choose another breach"
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
    date of a fixed penalty notice for it, and none at all once that penalty has been paid
    within those 14 days."""

    id = "FPN_BLOCKS_PROSECUTION"
    source = "ASBCPA 2014 s.52(5)(a)-(b)"

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.breach(
            "A fixed penalty notice was given for this breach: no proceedings until 14 days "
            "after it, and none if it was paid within them"
        )

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.PROSECUTION or action.breach_id is None:
            return True
        penalties = EnforcementAction.objects.filter(
            breach_id=action.breach_id, kind=K.FPN_CPN
        ).exclude(state__in=[S.DRAFT, S.APPROVED, S.WITHDRAWN])
        for fpn in penalties:
            # s.52(5): the period is the 14 days following the notice's date; paying before
            # it ends discharges liability to conviction (a later payment does not).
            period_ends = (fpn.served_on or step.on) + timedelta(days=14)
            if step.on <= period_ends:
                return False
            if fpn.paid_on is not None and fpn.paid_on <= period_ends:
                return False
        return True


@rules.register
class DispersalLimits(rules.Rule):
    """A dispersal direction needs an inspector's written authorisation for the locality,
    lasts no more than 48 hours, and can be given only to a person aged 10 or over."""

    id = "DISPERSAL_LIMITS"
    source = "ASBCPA 2014 s.34(1) and (4), s.35(4), s.36(1)"

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        return fields.dispersal(context.action, context.on) if context else {}

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

    @classmethod
    def field_errors(cls, context: Step | None = None) -> fields.Fields:
        if context is None:
            return {}
        action = context.action
        made_on = action.created_at.date() if action.created_at else context.on
        return fields.eso(action, made_on, add_months(made_on, 6))

    def check(self, step: Step) -> bool:
        action = step.action
        if action.kind != K.ESO:
            return True
        if not action.supervisor_name.strip() or action.meetings_by is None:
            return False
        made_on = action.created_at.date() if action.created_at else step.on
        return action.meetings_by <= add_months(made_on, 6)
