"""Reads of tasking actions (docs/intelligence/profiles.md, "Tasking").

A tasking action belongs to one partnership. Analysts and supervisors of that partnership
see all of its actions; anyone else who reads intelligence sees the actions they own.
Support workers and residents see none (a 404)."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from lantern.accounts.models import Membership
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, roles_with
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.selectors import access

P = Permission
TASKING = "intelligence_tasking"


def tasking_q(actor: Actor) -> Q:
    """The tasking actions the actor sees."""
    if actor.is_system:
        return Q()
    mine = Q(partnership_id__in=list(actor.partnership_ids))
    if can(actor, P.INTELLIGENCE_ANALYSE):
        return mine
    if actor.user_id is None:
        return Q(pk__in=[])
    return mine & Q(owner_id=actor.user_id)


def tasking_list(
    actor: Actor,
    *,
    status: str = TaskingAction.Status.OPEN,
    entity_ids: list[uuid.UUID] | None = None,
    profile_kind: str = "",
) -> QuerySet[TaskingAction]:
    """The actions the actor sees, soonest due first (a list: the page logs nothing per row;
    an action names an entity by its caption only)."""
    access.require_reader(actor)
    actions = TaskingAction.objects.filter(tasking_q(actor))
    if status:
        actions = actions.filter(status=status)
    if entity_ids is not None:
        actions = actions.filter(entity_id__in=entity_ids)
    if profile_kind:
        actions = actions.filter(profile_kind=profile_kind)
    return actions.select_related("owner", "entity", "partnership").order_by("due_on", "created_at")


def tasking_get(actor: Actor, *, action_id: uuid.UUID) -> TaskingAction:
    action = tasking_list(actor, status="").filter(pk=action_id).first()
    if action is None:
        raise NotFound("tasking action")
    return action


def may_close(actor: Actor, action: TaskingAction) -> bool:
    """The owner completes their own action; an analyst or supervisor completes or cancels
    any action of their partnership."""
    return can(actor, P.INTELLIGENCE_ANALYSE) or action.owner_id == actor.user_id


def owner_choices(partnership_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """(user id, name) of those who may own an action of the partnership: active users in
    a role that reads intelligence, in an organisation that is a member of it."""
    roles = sorted(role.value for role in roles_with(P.INTELLIGENCE_VIEW))
    rows = (
        Membership.objects.filter(
            organisation__partnership_memberships__partnership_id=partnership_id,
            role__in=roles,
            user__is_active=True,
        )
        .order_by("user__display_name", "user_id")
        .values_list("user_id", "user__display_name")
        .distinct()
    )
    return list(dict(rows).items())
