"""Drafting an enforcement action on a case: the fields every action has, what each kind
needs besides (who it is addressed to, the warning a notice follows, the breach a penalty
is for, the sighting a keeper letter is about), and the rules checked before any work is
done (workflow.DRAFT_RULES; ISSUER_AUTHORISED first, for someone who may see the case but
not issue). What happens to a draft next is in action_steps.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.timezone import localtime

from lantern.audit.services import audit_record
from lantern.cases import addresses, notices, workflow
from lantern.cases import rules as r
from lantern.cases.addresses import street_address
from lantern.cases.models import (
    ActionKind,
    ActionState,
    Breach,
    Case,
    CaseSubject,
    Conduct,
    EnforcementAction,
)
from lantern.cases.selectors.action_evidence import evidence_options
from lantern.cases.selectors.cases import case_list, case_subjects
from lantern.cases.selectors.subjects import vehicle_sightings
from lantern.cases.services.common import validate_area
from lantern.core import clock
from lantern.core import rules as core_rules
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.core.registration import InvalidRegistration, normalise
from lantern.reports.models import PIN_ONLY

K = ActionKind
S = ActionState

# The kinds that are addressed to someone: a person, or for a warning or a notice a body.
ADDRESSED = frozenset({K.CPW, K.CPN, K.ABA, K.DISPERSAL, K.ESO, K.PSPO_FPN})
ADDRESSED_TO_A_BODY_TOO = frozenset({K.CPW, K.CPN})
# The kinds whose conduct is recorded from the fixed list, so a notice can be compared with
# its warning (CPN_WARNING_SAME_CONDUCT).
CONDUCT_RECORDED = frozenset({K.CPW, K.CPN})


@dataclass
class ActionInput:
    kind: str
    person_id: uuid.UUID | None = None
    vehicle_registration: str = ""
    body_id: uuid.UUID | None = None
    conduct_category: str = ""
    conduct: str = ""
    detrimental_effect: str = ""
    persistent_nature: str = ""
    unreasonable_because: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    requirements: list[dict[str, Any]] = field(default_factory=list)
    exclusion_area: dict | None = None
    compliance_days: int | None = None
    prior_warning_id: uuid.UUID | None = None
    breach_id: uuid.UUID | None = None
    amount_pence: int | None = None
    inspector_authorisation: str = ""
    duration_hours: int | None = None
    locality: str = ""
    sighting_report_id: uuid.UUID | None = None
    supervisor_name: str = ""
    meetings_by: date | None = None


def action_draft(*, actor: Actor, case_id: uuid.UUID, data: ActionInput) -> EnforcementAction:
    """Draft an action on a case. The rules are checked now, so a refusal comes before any
    work is done, and again when it is approved and served."""
    if data.kind not in K.values:
        raise ValidationFailed({"kind": ["Choose the kind of action"]})
    with transaction.atomic():
        case = _case_to_draft_on(actor, case_id, data.kind)
        subjects = case_subjects(case=case)
        action = _new_action(actor, case, data)
        _address(action, data, subjects)
        _check_kind(actor, action, data, subjects)
        # The approval's own guards, safeguarding's included: a draft goes to a supervisor
        # only when nothing would stop its approval (approval checks again).
        workflow.guard(
            action,
            actor,
            "draft",
            clock.now().date(),
            workflow.DRAFT_RULES,
            hook=core_rules.ENFORCEMENT_APPROVE,
        )
        action.save()
        audit_record(
            actor=actor,
            action=workflow.DRAFTED,
            object_type="enforcement_action",
            object_id=action.pk,
            details={
                "kind": action.kind,
                "case": str(case.pk),
                "conduct_category": action.conduct_category,
                "prior_warning": str(action.prior_warning_id or ""),
            },
        )
    notices.approval_waiting(action)
    return action


def _case_to_draft_on(actor: Actor, case_id: uuid.UUID, kind: str) -> Case:
    """The open case the actor may draft on. Someone who may see the case but not take part
    in enforcement is refused by ISSUER_AUTHORISED, by name, for a notice; 404 for a case
    they may not know of."""
    case = case_list(actor=actor).filter(pk=case_id).first()
    if case is None:
        raise NotFound("case")
    if not (
        can(actor, Permission.ENFORCEMENT_PROPOSE) and can(actor, Permission.CASE_MANAGE, case)
    ):
        intended = EnforcementAction(case=case, kind=kind)
        workflow.guard(intended, actor, "draft", clock.now().date(), (r.IssuerAuthorised,))
        raise PermissionDenied("enforcement.propose")
    if case.status != Case.Status.OPEN:
        raise ValidationFailed({"case": ["This case is closed"]})
    return case


def _new_action(actor: Actor, case: Case, data: ActionInput) -> EnforcementAction:
    """The action with the fields every kind has, checked and trimmed (not yet saved)."""
    if data.kind in CONDUCT_RECORDED and data.conduct_category not in Conduct.values:
        raise ValidationFailed({"conduct_category": ["Choose the kind of conduct from the list"]})
    return EnforcementAction(
        case=case,
        kind=data.kind,
        conduct_category=data.conduct_category if data.conduct_category in Conduct.values else "",
        conduct=data.conduct.strip(),
        detrimental_effect=data.detrimental_effect.strip(),
        persistent_nature=data.persistent_nature.strip(),
        unreasonable_because=data.unreasonable_because.strip(),
        evidence=clean_evidence(actor, case, data.evidence),
        requirements=_clean_requirements(data.requirements),
        exclusion_area=(
            validate_area(data.exclusion_area, "exclusion_area") if data.exclusion_area else None
        ),
        compliance_days=data.compliance_days,
        amount_pence=data.amount_pence,
        inspector_authorisation=data.inspector_authorisation.strip()[:100],
        duration_hours=data.duration_hours,
        locality=data.locality.strip()[:300],
        supervisor_name=data.supervisor_name.strip()[:200],
        meetings_by=data.meetings_by,
        created_by_id=actor.user_id,
    )


NOT_A_CASE_STATEMENT = (
    "Choose a signed witness statement about this case or its reports, from this case's partnership"
)


def clean_evidence(actor: Actor, case: Case, raw: list[dict[str, str]]) -> list[dict[str, str]]:
    """The references to reports, evidence items (on the case or its reports) and signed
    witness statements (about the case or its reports, of its partnership), each of which
    the actor must be able to see (selectors.evidence_options)."""
    if not raw:
        return []
    allowed = evidence_options(actor=actor, case=case).ids()
    cleaned = []
    for ref in raw:
        kind, ref_id = str(ref.get("kind", "")), str(ref.get("id", ""))
        if ref_id in allowed.get(kind, set()):
            cleaned.append({"kind": kind, "id": ref_id})
        elif kind == "statement":
            raise ValidationFailed({"evidence": [NOT_A_CASE_STATEMENT]})
        else:
            raise ValidationFailed({"evidence": ["Link evidence or reports that are on this case"]})
    return cleaned


def _clean_requirements(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for item in raw:
        text = str(item.get("text", "")).strip()
        if not text:
            continue
        raw_period = item.get("period_days")
        try:
            period = None if raw_period is None or raw_period == "" else int(raw_period)
        except (TypeError, ValueError):
            raise ValidationFailed({"requirements": ["A period is a number of days"]}) from None
        if period is not None and not 1 <= period <= 366:
            raise ValidationFailed({"requirements": ["A period must be 1 to 366 days"]})
        cleaned.append(
            {"kind": str(item.get("kind", "")), "text": text[:1000], "period_days": period}
        )
    return cleaned


def _address(action: EnforcementAction, data: ActionInput, subjects: QuerySet[CaseSubject]) -> None:
    """Address the action to a person or body linked to the case; the kinds that are
    addressed to someone must be."""
    if data.person_id:
        link = subjects.filter(person_id=data.person_id).first()
        if link is None:
            raise ValidationFailed({"person": ["Choose a person linked to this case"]})
        action.person = link.person
    if data.body_id:
        link = subjects.filter(body_id=data.body_id).first()
        if link is None:
            raise ValidationFailed({"body": ["Choose an organisation linked to this case"]})
        action.body = link.body
    addressed = action.person_id or (action.body_id and data.kind in ADDRESSED_TO_A_BODY_TOO)
    if data.kind in ADDRESSED and not addressed:
        raise ValidationFailed({"person": ["Choose who the action is addressed to"]})


def _check_kind(
    actor: Actor, action: EnforcementAction, data: ActionInput, subjects: QuerySet[CaseSubject]
) -> None:
    """What each kind needs besides the fields every action has."""
    if data.kind == K.CPW:
        _check_compliance_days(data.compliance_days)
    elif data.kind == K.CPN:
        _attach_prior_warning(action, data.prior_warning_id)
    elif data.kind in (K.FPN_CPN, K.PROSECUTION):
        _attach_breach(action, data.breach_id)
    elif data.kind == K.KEEPER_LETTER:
        _attach_sighting(actor, action, data, subjects)
    if data.kind in r.PENALTY_NOTICES and action.amount_pence is None:
        # The amount the authority it is paid to has set (s.52(7), s.68): its policy.
        action.amount_pence = r.policy_for_action(action).fpn_amount_for(data.kind)


def _check_compliance_days(days: int | None) -> None:
    """A warning gives a time to comply (when it gives one) of 1 to 366 days."""
    if days is not None and not 1 <= days <= 366:
        raise ValidationFailed({"compliance_days": ["Give 1 to 366 days to comply"]})


def _attach_prior_warning(action: EnforcementAction, warning_id: uuid.UUID | None) -> None:
    """The warning a notice follows: the one chosen on the case, else the latest served to its
    addressee about the same kind of conduct, else their latest (CPN_REQUIRES_PRIOR_WARNING,
    CPN_WARNING_SAME_CONDUCT and CPN_WARNING_NOT_EXPIRED check it)."""
    if warning_id:
        action.prior_warning = EnforcementAction.objects.filter(
            case=action.case, pk=warning_id
        ).first()
        if action.prior_warning is None:
            raise ValidationFailed({"prior_warning": ["Choose a warning on this case"]})
        return
    warnings = (
        EnforcementAction.objects.filter(
            case=action.case, kind=K.CPW, person=action.person, body=action.body
        )
        .exclude(state__in=[S.DRAFT, S.APPROVED, S.WITHDRAWN])
        .order_by("-served_on", "-created_at")
    )
    action.prior_warning = (
        warnings.filter(conduct_category=action.conduct_category).first() or warnings.first()
    )


def _attach_breach(action: EnforcementAction, breach_id: uuid.UUID | None) -> None:
    """The breach of a notice that a fixed penalty or a prosecution is for, addressed to
    whoever the notice was (FPN_ONE_PER_BREACH and FPN_BLOCKS_PROSECUTION check it)."""
    breach = (
        Breach.objects.filter(pk=breach_id, action__case=action.case)
        .select_related("action")
        .first()
        if breach_id
        else None
    )
    if breach is None or breach.action.kind != K.CPN:
        raise ValidationFailed({"breach": ["Choose the breach of a Community Protection Notice"]})
    action.breach = breach
    action.person_id = breach.action.person_id
    action.body_id = breach.action.body_id


# A keeper letter's fields: it is a fixed template (KEEPER_LETTER_NO_ALLEGATION).
KEEPER_LETTER_FIELDS = frozenset({"kind", "vehicle_registration", "sighting_report_id"})
NO_PLACE = (
    "A keeper letter gives the place the vehicle was seen as a street address, such as "
    '"12 High Street, Eastmere". Choose a sighting reported with one: this one was reported '
    "{what}."
)
NOT_AN_ADDRESS = "with a place that is not a street address"


def _attach_sighting(
    actor: Actor, action: EnforcementAction, data: ActionInput, subjects: QuerySet[CaseSubject]
) -> None:
    """The vehicle (linked to the case) a keeper letter is about, and the sighting chosen
    (the latest report naming its registration with a street address, unless another is
    chosen). The letter takes nothing else: it is a fixed template."""
    given = sorted(
        name
        for name, value in vars(data).items()
        if name not in KEEPER_LETTER_FIELDS and value not in ("", None, [], {})
    )
    if given:
        raise ValidationFailed(
            {
                name: [
                    "A keeper letter is a fixed template: it takes the vehicle and the "
                    "sighting only, and an officer adds nothing to it"
                ]
                for name in given
            }
        )
    try:
        registration = normalise(data.vehicle_registration)
    except InvalidRegistration as exc:
        raise ValidationFailed({"vehicle_registration": [str(exc)]}) from None
    link = subjects.filter(vehicle__registration=registration).first()
    if link is None:
        raise ValidationFailed({"vehicle_registration": ["Link the vehicle to the case first"]})
    action.vehicle = link.vehicle
    sightings = vehicle_sightings(actor=actor, registration=registration)
    if data.sighting_report_id:
        chosen = [s for s in sightings if s.report_id == data.sighting_report_id]
    else:
        chosen = [s for s in sightings if street_address(s.place)][-1:] or sightings[-1:]
    if not chosen:
        raise ValidationFailed(
            {"sighting": ["Choose a sighting: a report naming the vehicle, on this case"]}
        )
    sighting = chosen[0]
    place = street_address(sighting.place)
    if place is None:
        what = (
            "as a point on the map"
            if sighting.place == PIN_ONLY or addresses.COORDINATES.search(sighting.place)
            else NOT_AN_ADDRESS
        )
        raise ValidationFailed({"sighting": [NO_PLACE.format(what=what)]})
    action.sighting = {
        "report_id": str(sighting.report_id),
        "seen_at": sighting.seen_at.isoformat(),
        "seen_at_text": localtime(sighting.seen_at).strftime("%-d %B %Y at %H:%M"),
        "place": place,
    }
