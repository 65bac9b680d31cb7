"""What would hold an action at approval for the person it would be addressed to, known
before it is drafted: the guards other apps attach to the approval hook (safeguarding's
SAFEGUARDING_BEFORE_ENFORCEMENT and CHILDRENS_SERVICES_REFERRAL), run for each person on
the case (for a keeper letter, each vehicle's recorded keeper). The drafting page shows
them up front (issue 20); drafting and approval enforce them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lantern.cases import workflow
from lantern.cases.models import ActionKind, Case, EnforcementAction
from lantern.cases.selectors.cases import case_subjects
from lantern.core import clock
from lantern.core.registration import display


@dataclass(frozen=True)
class Hold:
    """One subject an action could not go to yet, and the rule that holds it."""

    label: str
    person_id: uuid.UUID | None  # the person (for a keeper letter, the keeper) held
    vehicle_id: uuid.UUID | None
    rule_id: str
    message: str


def safeguarding_holds(*, case: Case, kind: str) -> list[Hold]:
    """For each subject of ``case`` an action of ``kind`` could be addressed to, the first
    approval guard of another app that would refuse it today. Names no safeguarding record:
    only that a guard holds, and its rule's message. ``case`` is one the caller may see."""
    today = clock.now().date()
    holds = []
    for subject in case_subjects(case=case):
        if kind == ActionKind.KEEPER_LETTER:
            if subject.vehicle is None:
                continue
            intended = EnforcementAction(case=case, kind=kind, vehicle=subject.vehicle)
            label = f"The registered keeper of {display(subject.vehicle.registration)}"
        elif subject.person is not None:
            intended = EnforcementAction(case=case, kind=kind, person=subject.person)
            label = subject.person.label
        else:
            continue
        refusals = workflow.hook_refusals(intended, "draft", today)
        if refusals:
            person = workflow.addressed_person(intended)
            holds.append(
                Hold(
                    label=label,
                    person_id=person.pk if person is not None else None,
                    vehicle_id=subject.vehicle_id,
                    rule_id=refusals[0].rule_id,
                    message=refusals[0].message,
                )
            )
    return holds
