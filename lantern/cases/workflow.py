"""Enforcement as a state machine: the transition table, and the services that run it.

draft -> approved (by a supervisor) -> served (how, when, by whom) -> complied | breached |
appealed | expired | withdrawn. Each transition lists the rule classes that guard it
(lantern/cases/rules.py); approving and serving also run the guards other apps attach to
the shared hooks (lantern.core.rules.ENFORCEMENT_APPROVE / ENFORCEMENT_SERVE), such as
safeguarding's SAFEGUARDING_BEFORE_ENFORCEMENT. Every transition is an audit event. A served
document is frozen with its SHA-256; a served action is never edited, only superseded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases import rules as r
from lantern.cases import selectors
from lantern.cases.models import (
    ActionKind,
    ActionState,
    ActionTransition,
    Breach,
    Document,
    EnforcementAction,
    ServedHow,
)
from lantern.core import clock
from lantern.core import rules as core_rules
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

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
APPROVAL_RULES: tuple[type[core_rules.Rule], ...] = (
    r.CpnMinAge,
    r.CpnConductTest,
    r.CpnContent,
    r.CpnRequiresPriorWarning,
    r.FpnAmountCap,
    r.FpnBlocksProsecution,
    r.DispersalLimits,
    r.KeeperLetterNoAllegation,
)
SERVICE_RULES: tuple[type[core_rules.Rule], ...] = (
    r.IssuerAuthorised,
    r.CpnMinAge,
    r.CpnRequiresPriorWarning,
    r.FpnAmountCap,
    r.FpnBlocksProsecution,
    r.DispersalLimits,
    r.KeeperLetterNoAllegation,
)
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
        (r.AppealWindow,),
        kinds=BREACHABLE,
    ),
    Transition(
        "appeal",
        frozenset({S.SERVED, S.BREACHED}),
        S.APPEALED,
        "Record an appeal",
        Permission.ENFORCEMENT_SERVE,
        APPEALED,
        (r.AppealWindow,),  # which refuses a warning: a CPW cannot be appealed
        kinds=frozenset({K.CPW, K.CPN}),
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


def _find(action: EnforcementAction, name: str) -> Transition:
    for transition in transitions_for(action):
        if transition.name == name:
            return transition
    raise ValidationFailed(
        {
            "transition": [
                f"This step ({name}) is not open to a {action.get_state_display().lower()} action"
            ]
        }
    )


def _enforcement_step(action: EnforcementAction, step: str, on: date) -> core_rules.EnforcementStep:
    return core_rules.EnforcementStep(
        action_id=action.pk,
        action_kind=action.kind,
        step=step,
        person_id=action.person_id,
        person_age=action.person.age_on(on) if action.person is not None else None,
        on=on,
        extra={"case_id": action.case_id},
    )


def _guard(
    action: EnforcementAction,
    actor: Actor,
    name: str,
    on: date,
    rules_: tuple[type[core_rules.Rule], ...],
    hook: str | None = None,
    **extra: Any,
) -> None:
    step = r.Step(action=action, on=on, actor=actor, name=name, extra=extra)
    for rule in rules_:
        rule().enforce(step)
    if hook is not None:
        context = _enforcement_step(action, name, on)
        for rule in core_rules.guards_for(hook):
            rule().enforce(context)


def _action_for_update(actor: Actor, action_id: uuid.UUID) -> EnforcementAction:
    action = (
        selectors.action_list(actor=actor)
        .select_for_update(of=("self",))
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise NotFound("action")
    return action


def _record(
    actor: Actor, action: EnforcementAction, transition: Transition, on: date, note: str = ""
) -> None:
    previous = action.state
    action.state = transition.target
    action.save()
    ActionTransition.objects.create(
        action=action,
        name=transition.name,
        from_state=previous,
        to_state=transition.target,
        by_id=actor.user_id,
        on=on,
        note=note,
    )
    audit_record(
        actor=actor,
        action=transition.event,
        object_type="enforcement_action",
        object_id=action.pk,
        details={
            "kind": action.kind,
            "from": previous,
            "to": transition.target,
            "case": str(action.case_id),
        },
    )


# --- drafting ----------------------------------------------------------------------------------


@dataclass
class ActionInput:
    kind: str
    person_id: uuid.UUID | None = None
    vehicle_registration: str = ""
    body_id: uuid.UUID | None = None
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
    note: str = ""
    supervisor_name: str = ""
    meetings_by: date | None = None


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


def _clean_evidence(actor: Actor, case: Any, raw: list[dict[str, str]]) -> list[dict[str, str]]:
    reports = {str(i) for i in selectors.case_report_ids(case=case)}
    evidence_ids = {str(item.pk) for item in selectors.case_evidence(actor=actor, case=case)}
    cleaned = []
    for ref in raw:
        kind, ref_id = str(ref.get("kind", "")), str(ref.get("id", ""))
        if (kind == "report" and ref_id in reports) or (
            kind == "evidence" and ref_id in evidence_ids
        ):
            cleaned.append({"kind": kind, "id": ref_id})
        else:
            raise ValidationFailed({"evidence": ["Link evidence or reports that are on this case"]})
    return cleaned


def action_draft(*, actor: Actor, case_id: uuid.UUID, data: ActionInput) -> EnforcementAction:
    """Draft an action on a case. The rules are checked now, so a refusal comes before any
    work is done, and again when it is approved and served."""
    if not can(actor, Permission.ENFORCEMENT_PROPOSE):
        raise PermissionDenied("enforcement.propose")
    if data.kind not in K.values:
        raise ValidationFailed({"kind": ["Choose the kind of action"]})
    with transaction.atomic():
        case = selectors.case_list(actor=actor).filter(pk=case_id).first()
        if case is None:
            raise NotFound("case")
        if not can(actor, Permission.CASE_MANAGE, case) or case.status != "open":
            raise PermissionDenied("case.manage")
        subjects = selectors.case_subjects(case=case)
        action = EnforcementAction(
            case=case,
            kind=data.kind,
            conduct=data.conduct.strip(),
            detrimental_effect=data.detrimental_effect.strip(),
            persistent_nature=data.persistent_nature.strip(),
            unreasonable_because=data.unreasonable_because.strip(),
            evidence=_clean_evidence(actor, case, data.evidence),
            requirements=_clean_requirements(data.requirements),
            exclusion_area=data.exclusion_area or None,
            compliance_days=data.compliance_days,
            amount_pence=data.amount_pence,
            inspector_authorisation=data.inspector_authorisation.strip()[:100],
            duration_hours=data.duration_hours,
            locality=data.locality.strip()[:300],
            note=data.note.strip(),
            supervisor_name=data.supervisor_name.strip()[:200],
            meetings_by=data.meetings_by,
            created_by_id=actor.user_id,
        )
        if data.exclusion_area:
            from lantern.cases.services import _validate_area

            action.exclusion_area = _validate_area(data.exclusion_area, "exclusion_area")
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
        if data.kind in (K.CPW, K.CPN, K.ABA, K.DISPERSAL, K.ESO, K.PSPO_FPN) and not (
            action.person_id or (action.body_id and data.kind in (K.CPW, K.CPN))
        ):
            raise ValidationFailed({"person": ["Choose who the action is addressed to"]})
        if (
            data.kind == K.CPW
            and data.compliance_days is not None
            and not 1 <= data.compliance_days <= 366
        ):
            raise ValidationFailed({"compliance_days": ["Give 1 to 366 days to comply"]})
        if data.kind == K.CPN:
            _attach_prior_warning(action, data.prior_warning_id)
        if data.kind in (K.FPN_CPN, K.PROSECUTION):
            _attach_breach(actor, action, data.breach_id)
        if data.kind == K.KEEPER_LETTER:
            _attach_sighting(actor, action, data, subjects)
        if data.kind == K.ESO and (not action.supervisor_name or not data.meetings_by):
            raise ValidationFailed(
                {"supervisor_name": ["Name the supervisor and the date the meetings end by"]}
            )
        if (
            data.kind == K.ESO
            and data.meetings_by
            and data.meetings_by > r.add_months(clock.now().date(), 6)
        ):
            raise ValidationFailed(
                {"meetings_by": ["The meetings must end within six months of the order"]}
            )
        _guard(action, actor, "draft", clock.now().date(), APPROVAL_RULES)
        action.save()
        audit_record(
            actor=actor,
            action=DRAFTED,
            object_type="enforcement_action",
            object_id=action.pk,
            details={"kind": action.kind, "case": str(case.pk)},
        )
    return action


def _attach_prior_warning(action: EnforcementAction, warning_id: uuid.UUID | None) -> None:
    warnings = EnforcementAction.objects.filter(
        case=action.case,
        kind=K.CPW,
        person=action.person,
        body=action.body,
    ).exclude(state__in=[S.DRAFT, S.APPROVED, S.WITHDRAWN])
    if warning_id:
        action.prior_warning = (
            warnings.filter(pk=warning_id).first()
            or EnforcementAction.objects.filter(case=action.case, pk=warning_id).first()
        )
    else:
        action.prior_warning = warnings.order_by("-served_on").first()


def _attach_breach(actor: Actor, action: EnforcementAction, breach_id: uuid.UUID | None) -> None:
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
    if action.kind == K.FPN_CPN:
        taken = EnforcementAction.objects.filter(breach=breach).exclude(state=S.WITHDRAWN)
        if taken.filter(kind=K.FPN_CPN).exists():
            raise ValidationFailed(
                {"breach": ["A fixed penalty has already been issued for this breach"]}
            )
        if taken.filter(kind=K.PROSECUTION).exists():
            raise ValidationFailed({"breach": ["This breach has been referred for prosecution"]})


def _attach_sighting(
    actor: Actor, action: EnforcementAction, data: ActionInput, subjects: Any
) -> None:
    from lantern.core.registration import InvalidRegistration, normalise

    try:
        registration = normalise(data.vehicle_registration)
    except InvalidRegistration as exc:
        raise ValidationFailed({"vehicle_registration": [str(exc)]}) from None
    link = subjects.filter(vehicle__registration=registration).first()
    if link is None:
        raise ValidationFailed({"vehicle_registration": ["Link the vehicle to the case first"]})
    action.vehicle = link.vehicle
    sightings = selectors.vehicle_sightings(actor=actor, registration=registration)
    chosen = [s for s in sightings if s.report_id == data.sighting_report_id] or sightings[-1:]
    if chosen:
        sighting = chosen[0]
        from django.utils.timezone import localtime

        action.sighting = {
            "report_id": str(sighting.report_id),
            "seen_at": sighting.seen_at.isoformat(),
            "seen_at_text": localtime(sighting.seen_at).strftime("%-d %B %Y at %H:%M"),
            "place": sighting.place,
        }


# --- transitions -------------------------------------------------------------------------------


def action_approve(*, actor: Actor, action_id: uuid.UUID) -> EnforcementAction:
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        transition = _find(action, "approve")
        if not can(actor, transition.permission, action):
            raise PermissionDenied(str(transition.permission))
        if action.created_by_id == actor.user_id:
            raise PermissionDenied("a supervisor other than the drafter approves")
        today = clock.now().date()
        _guard(action, actor, "approve", today, transition.guards, transition.hook)
        action.approved_by_id, action.approved_at = actor.user_id, clock.now()
        _record(actor, action, transition, today)
    return action


def _months(kind: str) -> int | None:
    return {K.CPW: settings.LANTERN_CPW_MONTHS, K.CPN: settings.LANTERN_CPN_MONTHS}.get(
        ActionKind(kind)
    )


def action_serve(
    *, actor: Actor, action_id: uuid.UUID, how: str, served_on: date | None = None
) -> EnforcementAction:
    """Record that the action was served (how, when, by the actor), fix its dates, and
    freeze its document."""
    if how not in ServedHow.values:
        raise ValidationFailed({"how": ["Choose how it was served"]})
    today = clock.now().date()
    on = served_on or today
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        transition = _find(action, "serve")
        if not can(actor, transition.permission, action):
            raise PermissionDenied(str(transition.permission))
        approved_on = action.approved_at.date() if action.approved_at else today
        if not approved_on <= on <= today:
            raise ValidationFailed(
                {"served_on": ["The date served must be between approval and today"]}
            )
        _guard(action, actor, "serve", on, transition.guards, transition.hook)
        action.served_by_id, action.served_at = actor.user_id, clock.now()
        action.served_on, action.served_how = on, how
        if action.kind == K.CPW:
            action.comply_by = on + timedelta(days=action.compliance_days or 0)
        elif action.kind == K.CPN:
            periods = [q["period_days"] for q in action.requirements if q.get("period_days")]
            action.comply_by = on + timedelta(days=max(periods)) if periods else None
            action.appeal_ends_on = on + timedelta(days=20)
        elif action.kind in r.PENALTY_NOTICES:
            action.comply_by = on + timedelta(days=14)
        elif action.kind == K.DISPERSAL:
            action.expires_on = on + timedelta(days=2)
        months = _months(action.kind)
        if months:
            action.expires_on = r.add_months(on, months)
        _record(actor, action, transition, on)
        _freeze(actor, action, on)
    return action


def _freeze(actor: Actor, action: EnforcementAction, on: date) -> Document:
    # Imported here, not at the top: documents loads reportlab (and Pillow), which every web
    # process would otherwise hold in memory for the few requests that make a PDF.
    from lantern.cases import documents

    content = documents.render(action, served_on=on)
    document = Document.objects.create(
        action=action,
        title=documents.title_of(action),
        content=content,
        sha256=documents.sha256(content),
        size=len(content),
    )
    audit_record(
        actor=actor,
        action=DOCUMENT_FROZEN,
        object_type="enforcement_action",
        object_id=action.pk,
        details={"document": str(document.pk), "sha256": document.sha256, "bytes": document.size},
    )
    return document


def action_transition(
    *, actor: Actor, action_id: uuid.UUID, name: str, note: str = "", on: date | None = None
) -> EnforcementAction:
    """Run a simple transition (comply, appeal, appeal_dismissed, expire, withdraw)."""
    if name in ("approve", "serve", "breach"):
        raise ValidationFailed({"transition": [f"Use the {name} step"]})
    today = clock.now().date()
    day = on or today
    if day > today:
        raise ValidationFailed({"on": ["The date must not be in the future"]})
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        transition = _find(action, name)
        if not can(actor, transition.permission, action):
            raise PermissionDenied(str(transition.permission))
        if action.served_on and day < action.served_on:
            raise ValidationFailed({"on": ["The date must be on or after the day it was served"]})
        _guard(action, actor, name, day, transition.guards, transition.hook)
        if name == "appeal":
            action.appeal_lodged_on = day
        if name == "comply" and action.kind in r.PENALTY_NOTICES:
            action.paid_on = day
        if name == "withdraw":
            action.closed_reason = note.strip()
        _record(actor, action, transition, day, note.strip())
    return action


def breach_record(
    *,
    actor: Actor,
    action_id: uuid.UUID,
    occurred_on: date,
    requirement_index: int,
    details: str,
    evidence: list[dict[str, str]],
) -> Breach:
    """Record a breach of a warning, notice or agreement, against its evidence."""
    today = clock.now().date()
    with transaction.atomic():
        action = _action_for_update(actor, action_id)
        if action.kind not in BREACHABLE or action.state not in LIVE:
            raise ValidationFailed(
                {"action": ["Only a served warning, notice or agreement can be breached"]}
            )
        if not can(actor, Permission.ENFORCEMENT_SERVE, action):
            raise PermissionDenied("enforcement.serve")
        errors: dict[str, list[str]] = {}
        if not details.strip():
            errors["details"] = ["Describe what was done or not done"]
        if not evidence:
            errors["evidence"] = ["Link the evidence of the breach"]
        if not 0 <= requirement_index < max(len(action.requirements), 1):
            errors["requirement_index"] = ["Choose the requirement that was breached"]
        if action.served_on and not action.served_on <= occurred_on <= today:
            errors["occurred_on"] = ["The breach must be between service and today"]
        if errors:
            raise ValidationFailed(errors)
        refs = _clean_evidence(actor, action.case, evidence)
        _guard(
            action,
            actor,
            "breach",
            occurred_on,
            (r.AppealWindow,),
            requirement_index=requirement_index,
        )
        breach = Breach.objects.create(
            action=action,
            occurred_on=occurred_on,
            requirement_index=requirement_index,
            details=details.strip(),
            evidence=refs,
            recorded_by_id=actor.user_id,
        )
        audit_record(
            actor=actor,
            action=BREACH_RECORDED,
            object_type="enforcement_action",
            object_id=action.pk,
            details={"breach": str(breach.pk), "evidence": len(refs)},
        )
        if action.state == S.SERVED:
            _record(actor, action, _find(action, "breach"), occurred_on)
    return breach


def action_supersede(*, actor: Actor, action_id: uuid.UUID, reason: str) -> EnforcementAction:
    """A served action is never edited: withdraw it and start a corrected draft from it."""
    if not reason.strip():
        raise ValidationFailed({"reason": ["Say why the action is superseded"]})
    with transaction.atomic():
        old = _action_for_update(actor, action_id)
        transition = _find(old, "withdraw")
        if not can(actor, transition.permission, old):
            raise PermissionDenied(str(transition.permission))
        new = EnforcementAction.objects.get(pk=old.pk)
        new.pk = uuid.uuid4()
        new.state = S.DRAFT
        new.supersedes = old
        new.created_by_id = actor.user_id
        for name in (
            "approved_by_id",
            "approved_at",
            "served_by_id",
            "served_at",
            "served_on",
            "comply_by",
            "expires_on",
            "appeal_ends_on",
            "appeal_lodged_on",
            "paid_on",
        ):
            setattr(new, name, None)
        new.served_how, new.closed_reason = "", ""
        new.save(force_insert=True)
        old.closed_reason = f"Superseded: {reason.strip()}"
        _record(actor, old, transition, clock.now().date(), reason.strip())
        audit_record(
            actor=actor,
            action=SUPERSEDED,
            object_type="enforcement_action",
            object_id=old.pk,
            details={"by": str(new.pk)},
        )
    return new


def requirements_in_force(action: EnforcementAction) -> list[dict[str, Any]]:
    """While an appeal runs only the requirements to stop doing things are in force (s.46)."""
    if action.state == S.APPEALED:
        return [q for q in action.requirements if q["kind"] == "stop"]
    if action.state in LIVE:
        return list(action.requirements)
    return []
