"""What each enforcement rule found missing or wrong, field by field.

A rule's docstring says why a step is refused (and its source cites the law); these say
what to put right, on the field it concerns, so a page's error summary links to that field
instead of to the top of the form (issue 20). The keys are the drafting service's names
(services/action_drafts.ActionInput): ``person``, ``conduct``, ``evidence``,
``requirements`` (or ``requirements.<n>.<part>`` for the n-th requirement given),
``compliance_days``, ``prior_warning``, ``conduct_category``, ``amount``, ``breach``, and
so on; a page renames them to its own fields.
"""

from __future__ import annotations

from datetime import date

from lantern.cases.models import EnforcementAction
from lantern.cases.rules.common import ISSUED_STATES, K

Fields = dict[str, list[str]]


def _what(action: EnforcementAction) -> str:
    return "notice" if action.kind == K.CPN else "warning"


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def min_age(action: EnforcementAction, on: date) -> Fields:
    """CPN_MIN_AGE: on the person it is addressed to."""
    if action.person is None:
        return {}
    age = action.person.age_on(on)
    if age is None:
        message = (
            "Their date of birth or estimated age is not recorded: record it on their page "
            f"first (a {_what(action)} can go only to someone aged 16 or over)"
        )
    else:
        message = f"They are under 16: a {_what(action)} can go only to someone aged 16 or over"
    return {"person": [message]}


CONDUCT_TEST_MESSAGES = {
    "conduct": "Describe the conduct the {what} is about",
    "detrimental_effect": (
        "Say what detrimental effect the conduct has on the quality of life of those in the "
        "locality"
    ),
    "persistent_nature": "Say why the conduct is persistent or continuing",
    "unreasonable_because": "Say why the conduct is unreasonable",
}


def conduct_test(action: EnforcementAction) -> Fields:
    """CPN_CONDUCT_TEST: each part of the test left empty, and the evidence."""
    found: Fields = {
        name: [message.format(what=_what(action))]
        for name, message in CONDUCT_TEST_MESSAGES.items()
        if not str(getattr(action, name) or "").strip()
    }
    if not action.evidence:
        found["evidence"] = [
            f"Choose the evidence for the conduct: at least one report or evidence item on "
            f"this case that the {_what(action)} rests on"
        ]
    return found


def content(action: EnforcementAction) -> Fields:
    """CPN_CONTENT: the conduct, at least one requirement, each requirement's kind, text and
    period, and a warning's time to comply."""
    found: Fields = {}
    if not action.conduct.strip():
        found["conduct"] = [CONDUCT_TEST_MESSAGES["conduct"].format(what=_what(action))]
    if not action.requirements:
        found["requirements"] = [
            f"Give at least one requirement: what the {_what(action)} asks them to stop doing, "
            "to do, or to take reasonable steps to achieve"
        ]
    for n, requirement in enumerate(action.requirements):
        if requirement.get("kind") not in ("stop", "do", "steps"):
            found[f"requirements.{n}.kind"] = ["Choose the kind of requirement"]
        if not str(requirement.get("text", "")).strip():
            found[f"requirements.{n}.text"] = ["Say what the requirement asks"]
        if requirement.get("kind") in ("do", "steps") and not requirement.get("period_days"):
            found[f"requirements.{n}.period_days"] = [
                "Give the days allowed: a requirement to do something, or to take steps, "
                "needs a period"
            ]
    if action.kind == K.CPW and not action.compliance_days:
        found["compliance_days"] = ["Give the number of days the warning allows to comply"]
    return found


def prior_warning(action: EnforcementAction, on: date) -> Fields:
    """CPN_REQUIRES_PRIOR_WARNING: what is wrong with the warning the notice follows."""
    warning = action.prior_warning
    if warning is None:
        message = (
            "There is no served warning to them on this case: give them a written warning "
            "(a Community Protection Warning) about this conduct first"
        )
    elif warning.kind != K.CPW or warning.state not in ISSUED_STATES:
        message = "Choose a warning that has been served"
    elif (warning.person_id, warning.body_id) != (action.person_id, action.body_id):
        message = "Choose a warning given to the person or body this notice is addressed to"
    elif warning.comply_by is None or on <= warning.comply_by:
        ends = f": it ends on {_day(warning.comply_by)}" if warning.comply_by else ""
        message = f"The time the warning gave them to comply has not passed yet{ends}"
    else:
        return {}
    return {"prior_warning": [message]}


def same_conduct(action: EnforcementAction) -> Fields:
    """CPN_WARNING_SAME_CONDUCT: on the kind of conduct."""
    warning = action.prior_warning
    kind = warning.get_conduct_category_display() if warning is not None else ""
    told = f" ({kind})" if kind else ""
    return {
        "conduct_category": [
            f"Choose the kind of conduct the warning was about{told}, or choose the warning "
            "given about this conduct"
        ]
    }


def warning_not_expired(action: EnforcementAction) -> Fields:
    """CPN_WARNING_NOT_EXPIRED: on the warning."""
    warning = action.prior_warning
    ended = f" on {_day(warning.expires_on)}" if warning and warning.expires_on else ""
    return {"prior_warning": [f"The warning expired{ended}: give a new warning first"]}


def amount_cap(cap_pence: int) -> Fields:
    """FPN_AMOUNT_CAP: on the amount."""
    pounds, pence = divmod(cap_pence, 100)
    most = f"£{pounds:,}" + (f".{pence:02d}" if pence else "")
    return {"amount": [f"Enter an amount of at least £1 and no more than {most}"]}


def breach(message: str) -> Fields:
    """FPN_ONE_PER_BREACH, FPN_BLOCKS_PROSECUTION: on the breach chosen."""
    return {"breach": [message]}


def dispersal(action: EnforcementAction, on: date) -> Fields:
    """DISPERSAL_LIMITS: the authorisation, the locality, the hours and the person's age."""
    found: Fields = {}
    if not action.inspector_authorisation.strip():
        found["inspector_authorisation"] = [
            "Enter the reference of the inspector's written authorisation for the locality"
        ]
    if not action.locality.strip():
        found["locality"] = ["Enter the locality the direction covers"]
    if not action.duration_hours or action.duration_hours > 48:
        found["duration_hours"] = ["Enter the hours they must stay away: no more than 48"]
    age = action.person.age_on(on) if action.person is not None else None
    if age is not None and age < 10:
        found["person"] = ["They are under 10: a dispersal direction cannot be given to them"]
    return found


def eso(action: EnforcementAction, made_on: date, latest: date) -> Fields:
    """ESO_MEETINGS_WITHIN_SIX_MONTHS: the supervisor and the date."""
    found: Fields = {}
    if not action.supervisor_name.strip():
        found["supervisor_name"] = ["Enter the name of the supervisor who has agreed to act"]
    if action.meetings_by is None:
        found["meetings_by"] = ["Enter the date by which the three meetings must take place"]
    elif action.meetings_by > latest:
        found["meetings_by"] = [
            f"Enter a date no later than {_day(latest)}: six months from {_day(made_on)}"
        ]
    return found
