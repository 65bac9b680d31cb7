"""The enforcement policy in force: a council's (for its page), an action's (the authority it
answers to) and an ASB Case Review's. Policies are public: reading one logs nothing."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import organisation_list
from lantern.cases.models import EnforcementAction
from lantern.cases.policy import Policy, policy_for
from lantern.core.actor import Actor
from lantern.core.errors import NotFound


def authorities_in_scope(*, actor: Actor) -> QuerySet[Organisation]:
    """The councils the actor may see that are members of one of their partnerships: a
    policy stays keyed by its council (ADR 0014), and is read and set within the council's
    partnerships (docs/adr/0015-partnership-is-the-scope.md)."""
    councils = organisation_list(actor=actor).filter(kind=Organisation.Kind.COUNCIL)
    if actor.is_system:
        return councils
    members = Organisation.objects.filter(
        partnership_memberships__partnership_id__in=list(actor.partnership_ids)
    ).values("pk")
    return councils.filter(pk__in=members)


def authority_get(*, actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    """A council of the actor's partnerships, whose enforcement policy its page shows."""
    authority = authorities_in_scope(actor=actor).filter(pk=organisation_id).first()
    if authority is None:
        raise NotFound("local authority")
    return authority


def authority_policy(*, authority: Organisation) -> Policy:
    return policy_for(authority)


def action_policy(*, action: EnforcementAction) -> Policy:
    """The policy of the authority the action answers to (rules.policy_for_action)."""
    from lantern.cases.rules import policy_for_action

    return policy_for_action(action)
