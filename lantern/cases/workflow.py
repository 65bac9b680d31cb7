"""Enforcement as a state machine: the transition table and its guards.

draft -> approved (by a supervisor) -> served (how, when, by whom) -> complied | breached |
appealed | expired | withdrawn. Each transition lists the rule classes that guard it
(lantern/cases/rules/); approving and serving also run the guards other apps attach to
the shared hooks (lantern.core.rules.ENFORCEMENT_APPROVE / ENFORCEMENT_SERVE), such as
safeguarding's SAFEGUARDING_BEFORE_ENFORCEMENT. Every transition is an audit event. A served
document is frozen with its SHA-256; a served action is never edited, only superseded.

The services that run the table are in lantern/cases/services/: action_drafts.py drafts an
action, action_steps.py takes it through the transitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lantern.audit import catalogue
from lantern.cases import rules as r
from lantern.cases.keepers import letter_keeper_person
from lantern.cases.models import ActionKind, ActionState, EnforcementAction, Person
from lantern.cases.requirements import requirement_statuses
from lantern.core import rules as core_rules
from lantern.core.actor import Actor
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.core.permissions import Permission

K = ActionKind
S = ActionState

E = catalogue.declare
DRAFTED = E("enforcement.drafted", "An enforcement action was drafted.")
APPROVED = E("enforcement.approved", "A supervisor approved an enforcement action.")
SERVED = E("enforcement.served", "An enforcement action was served or sent.")
COMPLIED = E("enforcement.complied", "An action was complied with (or its penalty paid).")
BREACHED = E("enforcement.breached", "An enforcement action was marked as breached.")
APPEALED = E("enforcement.appealed", "An appeal against a notice was recorded.")
APPEAL_DISMISSED = E(
    "enforcement.appeal_dismissed", "An appeal was dismissed or the notice modified."
)
EXPIRED = E("enforcement.expired", "An enforcement action expired.")
WITHDRAWN = E("enforcement.withdrawn", "An enforcement action was withdrawn.")
SUPERSEDED = E("enforcement.superseded", "A served action was superseded by a corrected draft.")
BREACH_RECORDED = E("enforcement.breach_recorded", "A breach was recorded against evidence.")
DOCUMENT_FROZEN = E("enforcement.document_frozen", "A served document was frozen (SHA-256).")

# The rules that guard drafting and approving (the same: refuse early, check again later).
DRAFT_RULES: tuple[type[core_rules.Rule], ...] = (
    r.CpnMinAge,
    r.CpnConductTest,
    r.CpnContent,
    r.CpnRequiresPriorWarning,
    r.CpnWarningSameConduct,
    r.CpnWarningNotExpired,
    r.FpnAmountCap,
    r.FpnOnePerBreach,
    r.FpnBlocksProsecution,
    r.DispersalLimits,
    r.EsoMeetingsWithinSixMonths,
    r.KeeperLetterNoAllegation,
)
APPROVAL_RULES: tuple[type[core_rules.Rule], ...] = (r.ApprovedByAnotherSupervisor, *DRAFT_RULES)
SERVICE_RULES: tuple[type[core_rules.Rule], ...] = (
    r.IssuerAuthorised,
    r.CpnMinAge,
    r.CpnRequiresPriorWarning,
    r.CpnWarningSameConduct,
    r.CpnWarningNotExpired,
    r.FpnAmountCap,
    r.FpnOnePerBreach,
    r.FpnBlocksProsecution,
    r.DispersalLimits,
    r.KeeperLetterNoAllegation,
)
# A breach is recorded while the action is live, an appeal in progress included.
BREACH_RULES: tuple[type[core_rules.Rule], ...] = (r.AppealSuspendsRequirements,)
LIVE = frozenset({S.SERVED, S.BREACHED, S.APPEALED})
BREACHABLE = frozenset({K.CPW, K.CPN, K.ABA})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str
    permission: Permission
    event: str
    guards: tuple[type[core_rules.Rule], ...] = ()
    hook: str | None = None
    kinds: frozenset[str] | None = None  # None: every kind
    # The rule that says who may take the step, when it is a rule of law or policy rather
    # than a role: someone the permission stops (but who may see the case) is refused by it
    # by name, not with a bare "you may not".
    authorised_by: type[core_rules.Rule] | None = None
    # The rule that refuses the step, by name, for a kind it is never open to (a warning
    # has no appeal: APPEAL_ONLY_AGAINST_A_NOTICE).
    kinds_rule: type[core_rules.Rule] | None = None

    def applies_to(self, action: EnforcementAction) -> bool:
        return action.state in self.sources and (self.kinds is None or action.kind in self.kinds)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "approve",
        frozenset({S.DRAFT}),
        S.APPROVED,
        "Approve",
        Permission.ENFORCEMENT_APPROVE,
        APPROVED,
        APPROVAL_RULES,
        core_rules.ENFORCEMENT_APPROVE,
        authorised_by=r.ApprovedByAnotherSupervisor,
    ),
    Transition(
        "serve",
        frozenset({S.APPROVED}),
        S.SERVED,
        "Record service",
        Permission.ENFORCEMENT_SERVE,
        SERVED,
        SERVICE_RULES,
        core_rules.ENFORCEMENT_SERVE,
        authorised_by=r.IssuerAuthorised,
    ),
    Transition(
        "comply",
        frozenset(LIVE - {S.APPEALED}),
        S.COMPLIED,
        "Record compliance",
        Permission.ENFORCEMENT_SERVE,
        COMPLIED,
    ),
    Transition(
        "breach",
        frozenset({S.SERVED, S.BREACHED}),
        S.BREACHED,
        "Record a breach",
        Permission.ENFORCEMENT_SERVE,
        BREACHED,
        BREACH_RULES,
        kinds=BREACHABLE,
    ),
    Transition(
        "appeal",
        frozenset({S.SERVED, S.BREACHED}),
        S.APPEALED,
        "Record an appeal",
        Permission.ENFORCEMENT_SERVE,
        APPEALED,
        (r.AppealOnlyAgainstANotice, r.AppealWindow),
        kinds=frozenset({K.CPN}),  # only a notice can be appealed (s.46(1)), never a warning
        kinds_rule=r.AppealOnlyAgainstANotice,
    ),
    Transition(
        "appeal_dismissed",
        frozenset({S.APPEALED}),
        S.SERVED,
        "Appeal dismissed or notice modified",
        Permission.ENFORCEMENT_SERVE,
        APPEAL_DISMISSED,
        kinds=frozenset({K.CPN}),
    ),
    Transition(
        "expire",
        frozenset({S.SERVED, S.BREACHED}),
        S.EXPIRED,
        "Record expiry",
        Permission.ENFORCEMENT_SERVE,
        EXPIRED,
    ),
    Transition(
        "withdraw",
        frozenset({S.DRAFT, S.APPROVED}),
        S.WITHDRAWN,
        "Withdraw",
        Permission.ENFORCEMENT_PROPOSE,
        WITHDRAWN,
    ),
    Transition(
        "withdraw",
        LIVE,
        S.WITHDRAWN,
        "Withdraw (or quashed on appeal)",
        Permission.ENFORCEMENT_APPROVE,
        WITHDRAWN,
    ),
)


def transitions_for(action: EnforcementAction) -> list[Transition]:
    return [t for t in TRANSITIONS if t.applies_to(action)]


def find(action: EnforcementAction, name: str) -> Transition:
    """The transition ``name`` open to the action now, or a refusal naming its state (or its
    kind, where the step is never open to that kind: a warning has no appeal)."""
    for transition in transitions_for(action):
        if transition.name == name:
            return transition
    named = [t for t in TRANSITIONS if t.name == name]
    if named and not any(t.kinds is None or action.kind in t.kinds for t in named):
        for transition in named:
            if transition.kinds_rule is not None:
                raise transition.kinds_rule.refusal()
        message = f"This step ({name}) is never open to a {action.get_kind_display()}"
    else:
        message = f"This step ({name}) is not open to a {action.get_state_display().lower()} action"
    raise ValidationFailed({"transition": [message]})


def _enforcement_step(action: EnforcementAction, step: str, on: date) -> core_rules.EnforcementStep:
    person = addressed_person(action)
    return core_rules.EnforcementStep(
        action_id=action.pk,
        action_kind=action.kind,
        step=step,
        person_id=person.pk if person is not None else None,
        person_age=person.age_on(on) if person is not None else None,
        on=on,
        extra={"case_id": action.case_id},
    )


def addressed_person(action: EnforcementAction) -> Person | None:
    """The person an action is addressed to: for a keeper letter, the vehicle's registered
    keeper at this step as the issuing organisation recorded them, when they are a person on
    Lantern's records (so safeguarding's gate applies to a letter to them), else nobody."""
    if action.kind == K.KEEPER_LETTER:
        return letter_keeper_person(action)
    return action.person


def guard(
    action: EnforcementAction,
    actor: Actor,
    name: str,
    on: date,
    rules_: tuple[type[core_rules.Rule], ...],
    hook: str | None = None,
    **extra: Any,
) -> None:
    """Enforce each rule on the step ``name`` of the action, then the guards other apps
    attach to ``hook``; the first that fails refuses the step."""
    step = r.Step(action=action, on=on, actor=actor, name=name, extra=extra)
    for rule in rules_:
        rule().enforce(step)
    if hook is not None:
        refusals = hook_refusals(action, name, on, hook)
        if refusals:
            raise refusals[0]


def hook_refusals(
    action: EnforcementAction, name: str, on: date, hook: str = core_rules.ENFORCEMENT_APPROVE
) -> list[RuleRefused]:
    """The refusals of the guards other apps attach to ``hook`` (safeguarding's, say), each
    put on the field that chooses the person it is about: the addressee, or for a keeper
    letter the vehicle. Drafting runs the approval hook, so a draft that approval would
    refuse for the person it is addressed to is refused at once (issue 20), and the
    drafting page runs it for each person on the case before anything is typed."""
    context = _enforcement_step(action, name, on)
    field = "vehicle_registration" if action.kind == K.KEEPER_LETTER else "person"
    refusals = []
    for rule in core_rules.guards_for(hook):
        if not rule().check(context):
            refusal = rule.refusal(context)
            refusal.fields = refusal.fields or {field: [refusal.message]}
            refusals.append(refusal)
    return refusals


def requirements_in_force(action: EnforcementAction) -> list[dict[str, Any]]:
    """The requirements in force now: while an appeal is in progress only those to stop doing
    things (s.46(3)); each with why in ``requirements.requirement_statuses``, which the action's
    page and the API show."""
    statuses = requirement_statuses(action)
    return [action.requirements[s.index] for s in statuses if s.in_force]
