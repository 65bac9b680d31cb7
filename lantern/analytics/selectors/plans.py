"""Patrol plans (with their patrols and logs) and impact evaluations, filtered for the actor:
the actor's partnerships' records first (or those shared with one of them), then role,
organisation and case (docs/adr/0015-partnership-is-the-scope.md). A record out of scope is
NotFound, never PermissionDenied."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet

from lantern.accounts.models import Partnership
from lantern.accounts.selectors import in_scope, partnership_names, scope_q
from lantern.analytics.models import ImpactEvaluation, PatrolItem, PatrolLog, PatrolPlan
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy

# The audit object types of the records, which shares name them by.
PATROL_PLAN = "analytics.patrolplan"
IMPACT_EVALUATION = "analytics.impactevaluation"


def partnership_choices(*, actor: Actor) -> list[tuple[str, str]]:
    """The actor's partnerships as (id, name), by name: what a form offers when a record
    made by the actor must belong to one of them."""
    mine = actor.partnership_ids
    return [(str(pk), name) for pk, name in partnership_names().items() if pk in mine]


def _in_organisation(actor: Actor, organisation_id: uuid.UUID | None) -> bool:
    return actor.is_system or organisation_id is None or organisation_id in actor.organisation_ids


def _plans_planner(actor: Actor) -> bool:
    """Whether the actor proposes or publishes plans (analysts, supervisors): they see the
    drafts of their organisation."""
    return can(actor, Permission.PATROL_PLAN_PROPOSE) or can(actor, Permission.PATROL_PLAN_PUBLISH)


def _patrol_plan_policy(actor: Actor, permission: Permission, plan: PatrolPlan) -> bool:
    if not in_scope(
        actor, object_type=PATROL_PLAN, object_id=plan.pk, partnership_id=plan.partnership_id
    ):
        return False
    if plan.status == PatrolPlan.Status.DRAFT:
        return _in_organisation(actor, plan.organisation_id) and _plans_planner(actor)
    return True


def _impact_policy(actor: Actor, permission: Permission, evaluation: ImpactEvaluation) -> bool:
    if in_scope(
        actor,
        object_type=IMPACT_EVALUATION,
        object_id=evaluation.pk,
        partnership_id=evaluation.partnership_id,
    ) and (
        _in_organisation(actor, evaluation.organisation_id)
        or evaluation.partnership_id not in actor.partnership_ids  # shared with the actor's
    ):
        return True
    return (
        evaluation.case_id is not None
        and _visible_cases(actor).filter(pk=evaluation.case_id).exists()
    )


register_object_policy(PatrolPlan, _patrol_plan_policy)
register_object_policy(ImpactEvaluation, _impact_policy)


def patrol_plan_list(*, actor: Actor) -> QuerySet[PatrolPlan]:
    """The plans of the actor's partnerships (or shared with one of them), newest first. A
    published plan is for every front-line officer of the partnership, whichever member
    organisation they are in (police, PCSOs and council officers: issue 20); a draft only
    for the analysts and supervisors of the organisation that proposed it."""
    if not can(actor, Permission.PATROL_PLAN_VIEW):
        return PatrolPlan.objects.none()
    plans = PatrolPlan.objects.filter(scope_q(actor, object_type=PATROL_PLAN))
    if actor.is_system:
        return plans
    published = Q(status=PatrolPlan.Status.PUBLISHED)
    if not _plans_planner(actor):
        return plans.filter(published)
    own_drafts = Q(status=PatrolPlan.Status.DRAFT) & (
        Q(organisation_id__isnull=True) | Q(organisation_id__in=actor.organisation_ids)
    )
    return plans.filter(published | own_drafts)


def patrol_plan_get(*, actor: Actor, plan_id: uuid.UUID | str) -> PatrolPlan:
    try:
        return patrol_plan_list(actor=actor).select_related("partnership").get(pk=plan_id)
    except (PatrolPlan.DoesNotExist, ValueError, DjangoValidationError):
        raise NotFound("patrol plan") from None


def patrol_item_get(*, actor: Actor, item_id: uuid.UUID | str) -> PatrolItem:
    """One patrol, through its plan: NotFound unless the actor may see the plan."""
    try:
        item = PatrolItem.objects.select_related("plan").get(pk=item_id)
    except (PatrolItem.DoesNotExist, ValueError, DjangoValidationError):
        raise NotFound("patrol") from None
    patrol_plan_get(actor=actor, plan_id=item.plan_id)
    return item


@dataclass(frozen=True)
class ItemProgress:
    item: PatrolItem
    planned_visits: int
    logged: int
    logged_minutes: int


def patrol_plan_progress(*, actor: Actor, plan: PatrolPlan) -> list[ItemProgress]:
    """Planned against done, per patrol: visits planned, patrols logged, minutes logged.
    ``plan`` comes from patrol_plan_get, so the actor may see it and its patrols."""
    items = list(plan.items.all())
    logs: dict = {}
    for log in PatrolLog.objects.filter(item__plan=plan):
        logs.setdefault(log.item_id, []).append(log)
    return [
        ItemProgress(
            item,
            item.visits,
            len(logs.get(item.pk, [])),
            sum(entry.minutes for entry in logs.get(item.pk, [])),
        )
        for item in items
    ]


def _visible_cases(actor: Actor) -> QuerySet:
    from lantern.cases import selectors as cases

    return cases.case_list(actor=actor).values("pk")


def impact_list(*, actor: Actor) -> QuerySet[ImpactEvaluation]:
    """Evaluations of the actor's partnerships made by their organisations, those another
    partnership shared with one of theirs, and those of the cases the actor may see (a
    partner organisation's officers see the evaluations on a shared case; the cases app
    decides which cases those are, its partnership scope first)."""
    if not can(actor, Permission.IMPACT_VIEW):
        return ImpactEvaluation.objects.none()
    if actor.is_system:
        return ImpactEvaluation.objects.all()
    organisation = Q(organisation_id__isnull=True) | Q(organisation_id__in=actor.organisation_ids)
    shared = ~Q(partnership_id__in=actor.partnership_ids)  # in scope, so shared with them
    mine = scope_q(actor, object_type=IMPACT_EVALUATION) & (organisation | shared)
    return ImpactEvaluation.objects.filter(mine | Q(case_id__in=_visible_cases(actor)))


def impact_get(*, actor: Actor, evaluation_id: uuid.UUID | str) -> ImpactEvaluation:
    try:
        return impact_list(actor=actor).select_related("partnership").get(pk=evaluation_id)
    except (ImpactEvaluation.DoesNotExist, ValueError, DjangoValidationError):
        raise NotFound("impact evaluation") from None


def impact_for_case(*, actor: Actor, case_id: uuid.UUID | str) -> QuerySet[ImpactEvaluation]:
    """The impact evaluations in a place-based problem case's assessment stage, oldest
    first (none unless the actor may see the case)."""
    return impact_list(actor=actor).filter(case_id=case_id).order_by("created_at")


def dashboard_partnership(
    *, actor: Actor, partnership_id: uuid.UUID | str | None = None
) -> Partnership | None:
    """The partnership the dashboard is about: the one chosen among the actor's own, or
    the first of them by name; None when the actor belongs to none (or chose another)."""
    from lantern.accounts.selectors import partnership_list

    mine = partnership_list(actor=actor).filter(pk__in=actor.partnership_ids).order_by("name")
    if not partnership_id:
        return mine.first()
    try:
        return mine.filter(pk=partnership_id).first()
    except (ValueError, DjangoValidationError):
        return None
