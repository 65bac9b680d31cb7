"""Which requirements of a warning or notice are in force, and why: while an appeal against
a notice is in progress, a requirement to stop doing something stays in effect unless the
court orders otherwise, and any other requirement is of no effect (ASBCPA 2014 s.46(3)).
The action's page and the API show each requirement so; APPEAL_SUSPENDS_REQUIREMENTS
(lantern/cases/rules/) refuses a breach of one that was not in force that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lantern.cases.models import ActionKind, ActionState, ActionTransition, EnforcementAction

K = ActionKind
S = ActionState


@dataclass(frozen=True)
class RequirementStatus:
    """One requirement of a warning or notice, and whether it is in force on a day."""

    index: int
    kind: str  # "stop", "do" or "steps"
    text: str
    period_days: int | None
    in_force: bool
    why: str


NOT_IN_FORCE: dict[str, str] = {
    S.DRAFT: "Not in force: not yet served",
    S.APPROVED: "Not in force: not yet served",
    S.COMPLIED: "No longer in force: complied with",
    S.EXPIRED: "No longer in force: expired",
    S.WITHDRAWN: "No longer in force: withdrawn",
}
APPEAL_STOP = (
    "In force during the appeal: a requirement to stop doing something stays in effect "
    "unless the court orders otherwise (ASBCPA 2014 s.46(3)(a))"
)
APPEAL_OTHER = (
    "Suspended: while the appeal is in progress this requirement is of no effect "
    "(ASBCPA 2014 s.46(3)(b))"
)


def appeal_in_progress(action: EnforcementAction, on: date) -> bool:
    """Whether an appeal against the notice was in progress on ``on``: lodged on or before
    that day and not yet determined or withdrawn (s.46(3)), by the days Lantern recorded."""
    lodged = action.appeal_lodged_on
    if action.kind != K.CPN or lodged is None or on < lodged:
        return False
    if action.state == S.APPEALED:
        return True
    ended = (
        ActionTransition.objects.filter(
            action=action, name__in=("appeal_dismissed", "withdraw"), on__gte=lodged
        )
        .order_by("on")
        .values_list("on", flat=True)
        .first()
    )
    return ended is not None and on < ended


def requirement_statuses(
    action: EnforcementAction, on: date | None = None
) -> list[RequirementStatus]:
    """Each requirement and whether it is in force: on ``on`` if given (a breach's day),
    else now by the action's state. While an appeal is in progress only the requirements to
    stop doing things stay in force (s.46(3))."""
    appealed = (
        appeal_in_progress(action, on)
        if on is not None
        else action.kind == K.CPN and action.state == S.APPEALED
    )
    found = []
    for index, requirement in enumerate(action.requirements):
        kind = str(requirement.get("kind", ""))
        if action.state in NOT_IN_FORCE and on is None:
            in_force, why = False, NOT_IN_FORCE[action.state]
        elif appealed:
            in_force = kind == "stop"
            why = APPEAL_STOP if in_force else APPEAL_OTHER
        else:
            in_force = True
            why = "In force" + (
                f" since it was served on {action.served_on:%-d %B %Y}" if action.served_on else ""
            )
        found.append(
            RequirementStatus(
                index=index,
                kind=kind,
                text=str(requirement.get("text", "")),
                period_days=requirement.get("period_days"),
                in_force=in_force,
                why=why,
            )
        )
    return found
