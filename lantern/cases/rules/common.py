"""What the cases rules share: the step a rule checks, the kinds and states they name,
month arithmetic, and the policy in force (lantern/cases/policy.py) with its FPN cap."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lantern.cases.models import (
    ActionKind,
    ActionState,
    EnforcementAction,
)
from lantern.cases.policy import Policy, default_policy, local_authority, policy_for
from lantern.core.actor import Actor

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
